"""Reminders of one's own rituals, at each ritual's time on its owner's clock.

The rule: a ritual whose owner asked for a reminder is due from its reminder time (the
wall-clock instant in the owner's zone, DST-safe through accounts.localtime) for
REMINDER_WINDOW, and never past the end of that local day, so a worker that was down
catches up but never sends yesterday's reminder. It is due only on a day the schedule
includes, while the ritual is active and not paused that day, and while the day isn't
noted yet; a ritual of a few times a week only until the week's count is practised. A
unique RitualReminderSent row per ritual and day is the claim: nothing is sent twice.
At delivery, `still_due` asks the same questions again (registered as the consent check).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import partial

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from accounts.localtime import local_today, on_clock, wall_clock_instant
from notifications.models import Notification
from notifications.services import notify, send_each, send_once
from rituals import services
from rituals.models import PRACTISED, PracticeLog, Ritual, RitualReminderSent, ScheduleKind
from rituals.weeks import start_of_week

# How long after its time a reminder may still go out (a worker that was down).
REMINDER_WINDOW = timedelta(hours=2)
# Translators: a reminder of one's own ritual; keep {quoted_ritual} as it is (its title).
TEXT = gettext_noop("It's time for {quoted_ritual}. Would a few minutes help?")


def due_day(ritual: Ritual, now: datetime) -> date | None:
    """The owner's local day whose reminder of `ritual` is due at `now`, if any."""
    zone = ritual.owner.zone
    day = on_clock(now, zone).date()
    starts = wall_clock_instant(day, ritual.reminder_time, zone)
    day_ends = wall_clock_instant(day + timedelta(days=1), time(0), zone)
    if starts <= now < min(starts + REMINDER_WINDOW, day_ends):
        return day
    return None


def wanted_on(ritual: Ritual, day: date) -> bool:
    """Would a reminder of `ritual` on `day` still help its owner (read fresh)?"""
    if not ritual.remind_me or ritual.status != Ritual.Status.ACTIVE:
        return False
    if day < ritual.started_on or not ritual.is_scheduled_on(day) or ritual.rests_on(day):
        return False
    logs = PracticeLog.objects.filter(ritual=ritual)
    if logs.filter(day=day).exists():
        return False
    if ritual.schedule_kind == ScheduleKind.PER_WEEK:
        # The owner's week, as their language counts weeks.
        week_began = start_of_week(day, ritual.owner.language)
        practised = logs.filter(day__range=(week_began, day), outcome__in=PRACTISED).count()
        return practised < (ritual.times_per_week or 0)
    return True


def send_ritual_reminder(ritual: Ritual, day: date, now: datetime) -> bool:
    """Remind the owner of `ritual` for `day`, unless it no longer fits or was sent."""
    if not wanted_on(ritual, day):
        return False
    kind = Notification.Kind.RITUAL_REMINDER
    url = reverse("rituals:today")
    # Kept as its msgid: worded in the owner's language when read, whoever sends it.
    remind = partial(notify, ritual.owner, kind, TEXT, url, ritual=ritual)
    return send_once(RitualReminderSent(ritual=ritual, day=day, sent_at=now), remind)


def send_due_ritual_reminders(now: datetime | None = None) -> int:
    """Send every ritual reminder due at `now`; safe to run again at once."""
    now = now or timezone.now()
    asked = Ritual.objects.filter(remind_me=True, owner__is_active=True)
    # A pause whose planned end has come is over, as the Today page would find.
    paused = asked.filter(status=Ritual.Status.PAUSED).select_related("owner")
    for owner in {ritual.owner for ritual in paused}:
        services.resume_due_pauses(owner)

    def remind(ritual: Ritual) -> bool:
        day = due_day(ritual, now)
        return day is not None and send_ritual_reminder(ritual, day, now)

    rituals = asked.filter(status=Ritual.Status.ACTIVE).select_related("owner")
    due = rituals.prefetch_related("pauses").iterator(chunk_size=500)
    return send_each(due, remind, "Reminder of ritual")


def still_due(notification: Notification) -> bool:
    """Consent at delivery: the ritual still exists, is the recipient's own, is active and
    not paused, and today isn't noted yet (on the recipient's clock)."""
    ritual = notification.ritual
    if ritual is None or ritual.owner_id != notification.recipient_id:
        return False
    day = on_clock(notification.created_at, notification.recipient.zone).date()
    if day != local_today(notification.recipient):
        return False  # yesterday's reminder helps no one today
    ritual = Ritual.objects.filter(pk=ritual.pk).first()
    return ritual is not None and wanted_on(ritual, day)
