"""A person's private calendar feed (iCalendar) of their own ritual schedule.

The feed carries each active ritual's title and timing only (and an alert where its owner
chose one), never its intention or practice notes. The address holds a random token; only
its hash is stored. The icalendar library writes the document: escaping, folding, CRLF
lines and the VTIMEZONE of each zone (RFC 5545 3.2.19), so none of that is hand-made here.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from icalendar import Alarm, Calendar, Event

from accounts.localtime import on_clock
from core.tokens import hash_token
from rituals.models import CalendarFeed, Ritual, ScheduleKind

ICAL_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
# How many years ahead each zone's daylight-saving changes are spelled out.
TIMEZONE_YEARS = 10


def issue_feed(owner) -> str:
    """Give the owner a new feed address, replacing (and so revoking) any earlier one."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(
        owner=owner, defaults={"token_hash": hash_token(token), "created_at": timezone.now()}
    )
    return token


def revoke_feed(owner) -> None:
    CalendarFeed.objects.owned_by(owner).delete()


def feed_for_token(token: str) -> CalendarFeed | None:
    return CalendarFeed.objects.select_related("owner").filter(token_hash=hash_token(token)).first()


def _first_scheduled_day(ritual: Ritual) -> date:
    day = ritual.started_on
    for _ in range(7):
        if ritual.is_scheduled_on(day):
            return day
        day += timedelta(days=1)
    return ritual.started_on


def _since_midnight(at: time) -> timedelta:
    return timedelta(hours=at.hour, minutes=at.minute, seconds=at.second)


def _alarm(ritual: Ritual, trigger: timedelta) -> Alarm:
    """An alert `trigger` after the event's start (RFC 5545 3.6.6: DISPLAY needs a text)."""
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", ritual.title)
    alarm.add("trigger", trigger)
    return alarm


def _ritual_event(ritual: Ritual, zone: ZoneInfo, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", f"ritual-{ritual.pk}@duet")
    event.add("dtstamp", stamp)
    event.add("summary", ritual.title)
    if ritual.schedule_kind == ScheduleKind.PER_WEEK:
        # No fixed days: a gentle all-day note once a week, from the day the ritual began
        # (on that weekday, so DTSTART is the rule's first instance), never busy.
        event.add("dtstart", ritual.started_on)
        event.add("duration", timedelta(days=1))
        count = ritual.times_per_week or 0
        # Translators: a calendar event's description for "N times a week" rituals; "×"
        # may become a word.
        description = ngettext(
            "%(count)s× a week, any days", "%(count)s× a week, any days", count
        ) % {"count": count}
        event.add("description", description)
        event.add("transp", "TRANSPARENT")
        event.add("rrule", {"freq": "weekly"})
        # An all-day event's alert counts from the start of its day: the reminder's time.
        trigger = _since_midnight(ritual.reminder_time)
    else:
        start = datetime.combine(_first_scheduled_day(ritual), ritual.time_of_day, tzinfo=zone)
        event.add("dtstart", start)
        event.add("duration", timedelta(minutes=30))
        if ritual.schedule_kind == ScheduleKind.WEEKDAYS:
            days = [ICAL_DAYS[n] for n in ritual.weekday_numbers]
            event.add("rrule", {"freq": "weekly", "byday": days})
        else:
            event.add("rrule", {"freq": "daily"})
        trigger = _since_midnight(ritual.reminder_time) - _since_midnight(ritual.time_of_day)
    if ritual.calendar_alarm:
        event.add_component(_alarm(ritual, trigger))
    return event


def ical_for(owner) -> bytes:
    """The owner's active rituals as an iCalendar document, at their own clock and in their
    own language (a calendar app asks without anyone signed in).

    Each zone used gets its VTIMEZONE, generated from zoneinfo for the years from the
    first ritual until TIMEZONE_YEARS ahead; calendar apps fetch the feed again often,
    so the years covered move along with them.
    """
    with translation.override(owner.language):
        return _ical_for(owner)


def _ical_for(owner) -> bytes:
    zone = owner.zone
    stamp = timezone.now().replace(microsecond=0)
    calendar = Calendar()
    calendar.add("prodid", "-//Duet//Ritual schedule//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", gettext("My rituals (Duet)"))
    calendar.add("x-wr-timezone", zone.key)
    rituals = list(Ritual.objects.owned_by(owner).active().order_by("pk"))
    for ritual in rituals:
        calendar.add_component(_ritual_event(ritual, zone, stamp))
    today = on_clock(stamp, zone).date()
    first = min((ritual.started_on for ritual in rituals), default=today)
    calendar.add_missing_timezones(
        first_date=min(first, today), last_date=today.replace(year=today.year + TIMEZONE_YEARS)
    )
    return calendar.to_ical()
