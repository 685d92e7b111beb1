"""The partner's news of the last few days for Today, besides their check-in.

Only what the privacy querysets let the viewer see (`visible_to`, and for practice the
rituals whose practice is shared, `Ritual.objects.practice_visible_to`): a practice noted
on a shared ritual, an answer to my check-in or to an entry I brought, progress noted on a
shared objective or a joint activity, a shared win, an appreciation for me. A former
partner's never show: without a current partner there is no news. The newest of each kind
only, so three lines say three different things; one query per kind, whatever the history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone

from accounts.localtime import local_today
from checkins.models import Acknowledgement
from couples import privacy
from goals.models import Appreciation, ProgressNote, Win
from rituals.models import PRACTISED, PracticeLog, Ritual
from wellbeing.models import JournalAcknowledgement

if TYPE_CHECKING:
    from accounts.models import User

NEWS_DAYS = 3
NEWS_LIMIT = 3


@dataclass(frozen=True)
class News:
    """One line of the partner's news: what happened (`kind`), its words, where it lives."""

    kind: str  # practice, checkin_answer, entry_answer, progress, win, appreciation
    at: datetime
    url: str
    title: str = ""  # the ritual's title, the answer given, or the words shared with me
    on_joint: bool = False  # progress: on a joint activity rather than their own objective


def partner_news(viewer: User, limit: int = NEWS_LIMIT) -> list[News]:
    """The current partner's latest news for the viewer, the newest of each kind, newest first,
    at most `limit` lines."""
    partner = privacy.partner_of(viewer)
    if partner is None:
        return []
    since = timezone.now() - timedelta(days=NEWS_DAYS)
    month = reverse("goals:current")
    news = [
        News("practice", log.updated_at, reverse("couples:home"), log.ritual.title)
        for log in PracticeLog.objects.filter(
            ritual__in=Ritual.objects.practice_visible_to(viewer).filter(owner=partner),
            outcome__in=PRACTISED,
            day__gte=local_today(partner) - timedelta(days=NEWS_DAYS - 1),
        )
        .select_related("ritual")
        .order_by("-updated_at")[:1]
    ]
    news += [
        News(
            "checkin_answer",
            answer.created_at,
            reverse("checkins:evening"),
            answer.get_kind_display(),
        )
        for answer in Acknowledgement.objects.visible_to(viewer)
        .filter(author=partner, created_at__gte=since)
        .order_by("-created_at")[:1]
    ]
    news += [
        News(
            "entry_answer",
            answer.created_at,
            reverse("wellbeing:revisit"),
            answer.get_kind_display(),
        )
        for answer in JournalAcknowledgement.objects.visible_to(viewer)
        .filter(author=partner, created_at__gte=since)
        .order_by("-created_at")[:1]
    ]
    news += [
        News("progress", note.created_at, month, on_joint=note.activity_id is not None)
        for note in ProgressNote.objects.visible_to(viewer)
        .filter(owner=partner, created_at__gte=since)
        .order_by("-created_at")[:1]
    ]
    news += [
        News("win", win.created_at, month, win.text)
        for win in Win.objects.visible_to(viewer)
        .filter(owner=partner, created_at__gte=since)
        .order_by("-created_at")[:1]
    ]
    news += [
        News("appreciation", thanks.created_at, month, thanks.text)
        for thanks in Appreciation.objects.visible_to(viewer)
        .filter(author=partner, created_at__gte=since)
        .order_by("-created_at")[:1]
    ]
    return sorted(news, key=lambda item: item.at, reverse=True)[:limit]
