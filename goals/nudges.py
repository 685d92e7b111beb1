"""The month-end nudge to write one's kind review, for those who asked for it.

Due on the evening of the month's last day on the person's own clock (from their evening
check-in time until that evening ends at 04:00, DST-safe through accounts.localtime), so a
worker that was down catches up that evening but never on a later one. A unique
ReviewNudgeSent row per person and month is the claim: once a month at most. No nudge
once the month's review exists; `still_due` asks again at delivery.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import partial

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from accounts.localtime import evening_ends_at, evening_starts_at, on_clock
from goals import months
from goals.models import MonthlyReview, ReviewNudge, ReviewNudgeSent
from notifications.models import Notification
from notifications.services import notify, send_each, send_once

TEXT = gettext_noop("Would you like to write this month's kind review? A few lines are enough.")


def due_month(person, now: datetime) -> date | None:
    """The month whose last evening `now` falls in for `person`, if it does."""
    zone = person.zone
    local_day = on_clock(now, zone).date()
    for evening in (local_day - timedelta(days=1), local_day):
        month = evening.replace(day=1)
        if evening != months.month_end(month):
            continue
        starts = evening_starts_at(evening, person.evening_time, zone)
        ends = max(evening_ends_at(evening, zone), starts + timedelta(hours=1))
        if starts <= now < ends:
            return month
    return None


def wanted(person, month: date) -> bool:
    """Did the person ask for the nudge, and is the month's review still unwritten?"""
    asked = ReviewNudge.objects.owned_by(person).exists()
    return asked and not MonthlyReview.objects.owned_by(person).filter(month=month).exists()


def send_review_nudge(person, month: date, now: datetime) -> bool:
    """Nudge the person once for `month`, unless the review is written or they unasked."""
    if not wanted(person, month):
        return False
    url = reverse("goals:month", args=[months.key(month)])
    nudge = partial(notify, person, Notification.Kind.REVIEW_NUDGE, TEXT, url)
    return send_once(ReviewNudgeSent(owner=person, month=month, sent_at=now), nudge)


def send_due_review_nudges(now: datetime | None = None) -> int:
    """Send every month-end nudge due at `now`; safe to run again at once."""
    now = now or timezone.now()

    def nudge(asked: ReviewNudge) -> bool:
        month = due_month(asked.owner, now)
        return month is not None and send_review_nudge(asked.owner, month, now)

    asked = ReviewNudge.objects.filter(owner__is_active=True).select_related("owner")
    return send_each(asked.iterator(), nudge, "Review nudge")


def still_due(notification: Notification) -> bool:
    """Consent at delivery: still asked for, and the month's review still unwritten."""
    person = notification.recipient
    latest = ReviewNudgeSent.objects.owned_by(person).order_by("-month").first()
    return latest is not None and wanted(person, latest.month)


def set_review_nudge(person, wanted: bool) -> None:
    """Ask for the month-end nudge, or stop it."""
    if wanted:
        ReviewNudge.objects.get_or_create(owner=person)
    else:
        ReviewNudge.objects.owned_by(person).delete()
