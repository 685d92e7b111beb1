"""What came from the partner lately, for Today: their latest shared check-in, their news
of the last few days, and the joint rituals they proposed to me.

The news holds only what the privacy querysets let the viewer see (`visible_to`, and for
practice the rituals whose practice is shared, `Ritual.objects.practice_from_partner`): a
practice noted on a shared ritual, an answer to my check-in or to an entry I brought,
progress noted on a shared objective or a joint activity, a shared win, an appreciation for
me. A former partner's never show: without a current partner nothing came. The newest of
each kind only, so three lines say three different things; all in one query, whatever the
history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet, Subquery, Value
from django.urls import reverse
from django.utils import timezone

from accounts.localtime import local_today
from checkins.models import Acknowledgement
from checkins.queries import SharedCheckIn, latest_partner_checkin
from core.fields import EncryptedCharField
from couples import privacy, versions
from goals.models import Appreciation, ProgressNote, Win
from rituals.models import PRACTISED, JointRitual, PracticeLog, Ritual
from wellbeing.models import JournalAcknowledgement

if TYPE_CHECKING:
    from accounts.models import User

NEWS_DAYS = 3
NEWS_LIMIT = 3
# Where each kind of news lives.
URLS = {
    "practice": "couples:home",
    "checkin_answer": "checkins:evening",
    "entry_answer": "wellbeing:revisit",
    "progress": "goals:current",
    "win": "goals:current",
    "appreciation": "goals:current",
}
# The answers' kinds, named as `get_kind_display` would (an unknown value as it is).
ANSWER_LABELS = {
    "checkin_answer": Acknowledgement.Kind,
    "entry_answer": JournalAcknowledgement.Kind,
}


@dataclass(frozen=True)
class News:
    """One line of the partner's news: what happened (`kind`), its words, where it lives."""

    kind: str  # practice, checkin_answer, entry_answer, progress, win, appreciation
    at: datetime
    url: str
    title: str = ""  # the ritual's title, the answer given, or the words shared with me
    on_joint: bool = False  # progress: on a joint activity rather than their own objective


@dataclass(frozen=True)
class Lately:
    """What came from the partner lately, for Today: their latest shared check-in (its parts
    only), the news lines, and the joint rituals they proposed that await my answer."""

    checkin: SharedCheckIn | None
    news: list[News]
    proposals: list[JointRitual]


def cached_lately(viewer: User) -> Lately:
    """What came from the partner lately, kept for the viewer (couples/versions.py) until
    any change but the viewer's own check-ins and practice notes, which it never shows (the
    partner's answers to my check-ins are theirs: answering, or taking a check-in away,
    moves every version), tonight's date on the viewer's clock and the language it is read
    in; in process memory only (CACHES["pages"]): it holds the partner's shared words.

    Without a partner, nothing came: built each time, it costs no query."""
    return versions.kept(
        viewer, "rituals:lately", lambda: lately(viewer), apart_from_own_notes=True
    )


def lately(viewer: User) -> Lately:
    # Proposed to the viewer in their current couple: by the partner, already read.
    proposals = list(JointRitual.objects.awaiting(viewer))
    return Lately(
        checkin=latest_partner_checkin(viewer),
        news=partner_news(viewer),
        proposals=privacy.name_the_two(viewer, proposals, "proposed_by"),
    )


def partner_news(viewer: User, limit: int = NEWS_LIMIT) -> list[News]:
    """The current partner's latest news for the viewer, the newest of each kind, newest first,
    at most `limit` lines; in one query, whatever the history."""
    partner = privacy.partner_of(viewer)
    if partner is None:
        return []
    since = timezone.now() - timedelta(days=NEWS_DAYS)
    practice = PracticeLog.objects.filter(
        ritual__in=Ritual.objects.practice_from_partner(viewer),
        outcome__in=PRACTISED,
        day__gte=local_today(partner) - timedelta(days=NEWS_DAYS - 1),
    )
    # (kind, rows the viewer may see, when each happened, its words if it shows them)
    sources = [
        # First: its words are the rituals' encrypted title, so the union reads them as such.
        ("practice", practice, "updated_at", F("ritual__title")),
        ("checkin_answer", Acknowledgement.objects.from_partner(viewer)),
        ("entry_answer", JournalAcknowledgement.objects.from_partner(viewer)),
        ("progress", ProgressNote.objects.from_partner(viewer)),
        ("win", Win.objects.from_partner(viewer), "created_at", F("text")),
        ("appreciation", Appreciation.objects.from_partner(viewer), "created_at", F("text")),
    ]
    newest = [_newest(since, *source) for source in sources]
    rows = newest[0].union(*newest[1:], all=True).order_by("-news_at")[:limit]
    return [
        News(
            kind,
            at,
            reverse(URLS[kind]),
            words or _answer_label(kind, answer),
            bool(joint),
        )
        for kind, at, words, answer, joint in rows
    ]


def _answer_label(kind: str, answer: str) -> str:
    if not answer:
        return ""
    return str(dict(ANSWER_LABELS[kind].choices).get(answer, answer))


def _newest(since, kind: str, rows: QuerySet, when: str = "created_at", words=None) -> QuerySet:
    """The newest of `rows` since `since` as one row of the union:
    (kind, when, its words, an answer's kind, whether progress was on a joint activity)."""
    newest = rows.filter(**{f"{when}__gte": since}).order_by(f"-{when}")
    columns = {
        "news_kind": Value(kind),
        "news_at": F(when),
        "news_words": words if words is not None else Value(None, EncryptedCharField()),
        "news_answer": F("kind") if kind in ANSWER_LABELS else Value(""),
        "news_joint": (
            ExpressionWrapper(Q(activity__isnull=False), BooleanField())
            if kind == "progress"
            else Value(False)
        ),
    }
    if connection.features.supports_slicing_ordering_in_compound:  # PostgreSQL
        return newest.annotate(**columns).values_list(*columns)[:1]
    # SQLite orders and cuts no branch of a union on its own: the branch is the row whose
    # key the ordered, cut subquery gives.
    newest = rows.model.objects.filter(pk=Subquery(newest.values("pk")[:1]))
    return newest.annotate(**columns).values_list(*columns).order_by()
