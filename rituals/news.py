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
from django.utils import timezone, translation

from accounts.localtime import local_today
from checkins.models import Acknowledgement
from couples import privacy, versions
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


def _text(item) -> str:
    return item.text


def cached_partner_news(viewer: User) -> list[News]:
    """partner_news, kept for the viewer under the couple's version (couples/versions.py),
    which every change of either partner bumps, tonight's date on the viewer's clock and the
    language it is read in;
    in process memory only (CACHES["pages"]): the lines hold the partner's shared words."""
    # The answers' words are kept as the viewer reads them, so in their language.
    part = f"rituals:news:{translation.get_language()}"
    return versions.kept(viewer, part, lambda: partner_news(viewer))


def partner_news(viewer: User, limit: int = NEWS_LIMIT) -> list[News]:
    """The current partner's latest news for the viewer, the newest of each kind, newest first,
    at most `limit` lines."""
    partner = privacy.partner_of(viewer)
    if partner is None:
        return []
    since = timezone.now() - timedelta(days=NEWS_DAYS)
    us, month = reverse("couples:home"), reverse("goals:current")
    practice = PracticeLog.objects.filter(
        ritual__in=Ritual.objects.practice_visible_to(viewer).filter(owner=partner),
        outcome__in=PRACTISED,
        day__gte=local_today(partner) - timedelta(days=NEWS_DAYS - 1),
    ).select_related("ritual")
    # (kind, rows the viewer may see, when each happened, where it lives, its words)
    sources = [
        ("practice", practice, "updated_at", us, lambda log: log.ritual.title),
        (
            "checkin_answer",
            Acknowledgement.objects.visible_to(viewer).filter(author=partner),
            "created_at",
            reverse("checkins:evening"),
            lambda answer: answer.get_kind_display(),
        ),
        (
            "entry_answer",
            JournalAcknowledgement.objects.visible_to(viewer).filter(author=partner),
            "created_at",
            reverse("wellbeing:revisit"),
            lambda answer: answer.get_kind_display(),
        ),
        (
            "progress",
            ProgressNote.objects.visible_to(viewer).filter(owner=partner),
            "created_at",
            month,
            lambda note: "",
        ),
        ("win", Win.objects.visible_to(viewer).filter(owner=partner), "created_at", month, _text),
        (
            "appreciation",
            Appreciation.objects.visible_to(viewer).filter(author=partner),
            "created_at",
            month,
            _text,
        ),
    ]
    news = []
    for kind, rows, when, url, words in sources:
        newest = rows.filter(**{f"{when}__gte": since}).order_by(f"-{when}").first()
        if newest is not None:
            on_joint = getattr(newest, "activity_id", None) is not None
            news.append(News(kind, getattr(newest, when), url, words(newest), on_joint))
    return sorted(news, key=lambda item: item.at, reverse=True)[:limit]
