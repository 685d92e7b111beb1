"""A person's own clock: their zone, their local date, their evening.

Every "which day is it for this person" question in Duet goes through here, so that days
follow the person's time zone and stay correct across daylight-saving changes.
"""

import zoneinfo
from datetime import date, datetime, timedelta
from functools import cache

from django.core.exceptions import ValidationError
from django.utils import timezone


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
        raise ValidationError("I don't recognise that time zone. Please pick one from the list.")


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
