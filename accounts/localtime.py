"""A person's own clock: their zone, their local date, their evening.

Every "which day is it for this person" question in Duet goes through here, so that days
follow the person's time zone and stay correct across daylight-saving changes.
"""

import zoneinfo
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


@cache
def time_zone_names() -> tuple[str, ...]:
    """The IANA zones a person can choose: Area/City names and UTC, no 'EST5EDT' rules."""
    names = {
        name
        for name in zoneinfo.available_timezones()
        if "/" in name and not name.startswith(("Etc/", "SystemV/", "US/", "posix", "right"))
    }
    return tuple(sorted(names | {"UTC"}))


def validate_time_zone(value: str) -> None:
    if value not in time_zone_names():
        raise ValidationError(_("I don't recognise that time zone. Please pick one from the list."))


def on_clock(moment: datetime, zone: ZoneInfo) -> datetime:
    """The moment on a wall clock in `zone`. A moment so near the end of the calendar that
    the zone would carry it past year 9999 stays on its own clock instead of failing."""
    try:
        return moment.astimezone(zone)
    except OverflowError:
        return moment


def local_now(user) -> datetime:
    return timezone.now().astimezone(user.zone)


def local_today(user) -> date:
    return local_now(user).date()


# An evening runs until 04:00 the next morning: a check-in written at 01:00 still
# belongs to the evening before, as people who go to bed late would expect.
EVENING_ENDS_AT_HOUR = 4


def current_evening(user) -> date:
    """The date of the person's current evening, on their own clock."""
    now = local_now(user)
    if now.hour < EVENING_ENDS_AT_HOUR:
        return now.date() - timedelta(days=1)
    return now.date()


def wall_clock_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The instant a wall clock in `zone` shows `day` at `at`, as an aware datetime.

    A time skipped by a daylight-saving change (a "gap") becomes the first valid instant
    after it, e.g. 02:30 on the morning New York springs forward becomes 03:00. A time
    that happens twice (clocks going back) is its first occurrence.
    """
    wall = datetime.combine(day, at)
    for minutes in range(0, 24 * 60):
        candidate = wall + timedelta(minutes=minutes)
        first = candidate.replace(tzinfo=zone, fold=0)
        # A wall time exists when it survives the round trip through UTC.
        # Stepping minute by minute from a gap lands on the transition itself.
        if first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == candidate:
            return first.astimezone(UTC)
    raise ValueError(f"{day} {at} never happens in {zone}")  # no zone has a day-long gap


def evening_starts_at(day: date, evening_time: time, zone: ZoneInfo) -> datetime:
    """When the evening of `day` begins for someone whose evening starts at `evening_time`.

    An evening time in the small hours (before the evening ends at 04:00) belongs to the
    night after `day`, as current_evening counts it.
    """
    if evening_time.hour < EVENING_ENDS_AT_HOUR:
        day = day + timedelta(days=1)
    return wall_clock_instant(day, evening_time, zone)


def evening_ends_at(day: date, zone: ZoneInfo) -> datetime:
    return wall_clock_instant(day + timedelta(days=1), time(EVENING_ENDS_AT_HOUR), zone)
