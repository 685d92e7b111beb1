"""A person's private calendar feed (iCalendar) of their own ritual schedule.

The feed carries each active ritual's title and timing only, never its intention or
practice notes. The address holds a random token; only its hash is stored.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime, timedelta

from django.utils import timezone

from rituals.models import CalendarFeed, Ritual, ScheduleKind

ICAL_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_feed(owner) -> str:
    """Give the owner a new feed address, replacing (and so revoking) any earlier one."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(
        owner=owner, defaults={"token_hash": _hash(token), "created_at": timezone.now()}
    )
    return token


def revoke_feed(owner) -> None:
    CalendarFeed.objects.owned_by(owner).delete()


def feed_for_token(token: str) -> CalendarFeed | None:
    return CalendarFeed.objects.select_related("owner").filter(token_hash=_hash(token)).first()


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """RFC 5545 lines are at most 75 octets; longer ones continue after CRLF and a space."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode()
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += piece
    parts.append(current.decode())
    return "\r\n ".join(parts)


def _first_scheduled_day(ritual: Ritual) -> date:
    day = ritual.started_on
    for _ in range(7):
        if ritual.is_scheduled_on(day):
            return day
        day += timedelta(days=1)
    return ritual.started_on


def _ritual_event(ritual: Ritual, zone_name: str, stamp: str) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:ritual-{ritual.pk}@duet",
        f"DTSTAMP:{stamp}",
        f"SUMMARY:{_escape(ritual.title)}",
    ]
    if ritual.schedule_kind == ScheduleKind.PER_WEEK:
        # No fixed days: a gentle all-day note at the start of each week.
        monday = ritual.started_on - timedelta(days=ritual.started_on.weekday())
        lines += [
            f"DTSTART;VALUE=DATE:{monday:%Y%m%d}",
            f"DESCRIPTION:{_escape(ritual.schedule_label)}, any days",
            "RRULE:FREQ=WEEKLY",
        ]
    else:
        start = datetime.combine(_first_scheduled_day(ritual), ritual.time_of_day)
        lines += [f"DTSTART;TZID={zone_name}:{start:%Y%m%dT%H%M%S}", "DURATION:PT30M"]
        if ritual.schedule_kind == ScheduleKind.WEEKDAYS:
            days = ",".join(ICAL_DAYS[n] for n in ritual.weekday_numbers)
            lines.append(f"RRULE:FREQ=WEEKLY;BYDAY={days}")
        else:
            lines.append("RRULE:FREQ=DAILY")
    lines.append("END:VEVENT")
    return lines


def ical_for(owner) -> str:
    """The owner's active rituals as an iCalendar document, at their own clock."""
    zone_name = owner.zone.key
    stamp = f"{timezone.now():%Y%m%dT%H%M%SZ}"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Duet//Ritual schedule//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:My rituals (Duet)",
        f"X-WR-TIMEZONE:{zone_name}",
    ]
    for ritual in Ritual.objects.owned_by(owner).active().order_by("pk"):
        lines += _ritual_event(ritual, zone_name, stamp)
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)
