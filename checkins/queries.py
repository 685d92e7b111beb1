"""Reads for check-ins: the partner's view of shared parts, patterns and insights."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import mean
from typing import NamedTuple

from django.db.models import Avg, Count, Exists, FloatField, OuterRef, Q
from django.utils.dateformat import format as date_format
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from accounts.localtime import current_evening
from checkins.models import Acknowledgement, CheckIn
from checkins.vocabulary import QUADRANTS, quadrant_of
from couples import privacy
from rituals.models import PRACTISED, PracticeLog, Ritual
from words.vocabulary import words_of

LOW_FEELING_EVENINGS = 3
LOW_FEELING_AT_MOST = 2
PARTNER_HISTORY_LIMIT = 60
EDITABLE_PAST_EVENINGS = 2


# Each shareable part of a check-in, as the owner reads it ("Sam sees your feeling").
PART_WORDS = {
    "feeling": "your feeling",
    "sleep": "your sleep",
    "energy": "your energy",
    "wish": "what would help",
    "note": "your note",
}


def shared_in_words(sharing: dict[str, bool]) -> str:
    """What the partner sees of a check-in, in words: "your feeling and what would help";
    empty when they see nothing of it."""
    words = [PART_WORDS[part] for part, shared in sharing.items() if shared]
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


@dataclass
class SharedCheckIn:
    """What a viewer may see of one check-in: only the parts shared with them."""

    checkin_id: int
    owner_name: str
    evening: date
    feeling: dict | None = None
    sleep: dict | None = None
    energy: int | None = None
    wish: str | None = None
    note: str | None = None
    acknowledgements: list[Acknowledgement] = field(default_factory=list)

    @classmethod
    def of(cls, checkin: CheckIn, viewer) -> SharedCheckIn:
        parts = checkin.visible_parts(viewer)
        view = cls(checkin.pk, checkin.owner.display_name, checkin.evening)
        if "feeling" in parts:
            quadrant = quadrant_of(checkin.pleasantness, checkin.feeling_energy)
            view.feeling = {
                "pleasantness": checkin.pleasantness,
                "energy": checkin.feeling_energy,
                "words": words_of(checkin.owner_id).labels("feeling", checkin.feeling_words),
                "quadrant": QUADRANTS[quadrant][0],
            }
        if "sleep" in parts and (checkin.sleep_hours is not None or checkin.sleep_quality):
            view.sleep = {"hours": checkin.sleep_hours, "quality": checkin.sleep_quality}
        if "energy" in parts:
            view.energy = checkin.energy
        if "wish" in parts and checkin.wish:
            view.wish = words_of(checkin.owner_id).label("wish", checkin.wish)
        if "note" in parts and checkin.note:
            view.note = checkin.note
        return view


def partner_checkins(viewer, limit: int = PARTNER_HISTORY_LIMIT) -> list[SharedCheckIn]:
    """The current partner's check-ins that share anything, newest first, with answers."""
    partner = privacy.partner_of(viewer)
    if partner is None:
        return []
    checkins = list(
        CheckIn.objects.visible_to(viewer)
        .filter(owner=partner)
        .select_related("owner")
        .order_by("-evening")[:limit]
    )
    answers = _answers_by_checkin(checkins, viewer)
    views = []
    for checkin in checkins:
        view = SharedCheckIn.of(checkin, viewer)
        view.acknowledgements = answers.get(checkin.pk, [])
        views.append(view)
    return views


def latest_partner_checkin(viewer) -> SharedCheckIn | None:
    """The partner's most recent shared check-in from their last few evenings."""
    partner = privacy.partner_of(viewer)
    if partner is None:
        return None
    since = current_evening(partner) - timedelta(days=EDITABLE_PAST_EVENINGS)
    views = [view for view in partner_checkins(viewer, limit=1) if view.evening >= since]
    return views[0] if views else None


def _answers_by_checkin(checkins: list[CheckIn], viewer) -> dict[int, list[Acknowledgement]]:
    answers: dict[int, list[Acknowledgement]] = {}
    queryset = Acknowledgement.objects.visible_to(viewer).filter(checkin__in=checkins)
    for answer in queryset.select_related("author"):
        answers.setdefault(answer.checkin_id, []).append(answer)
    return answers


def own_checkins(owner, limit: int = 30) -> list[tuple[CheckIn, list[Acknowledgement]]]:
    checkins = list(CheckIn.objects.owned_by(owner).order_by("-evening")[:limit])
    answers = _answers_by_checkin(checkins, owner)
    return [(checkin, answers.get(checkin.pk, [])) for checkin in checkins]


def editable_evenings(owner) -> list[date]:
    """Tonight, then the evenings before it that can still be edited."""
    tonight = current_evening(owner)
    return [tonight - timedelta(days=n) for n in range(EDITABLE_PAST_EVENINGS + 1)]


def feeling_low_for_a_while(owner) -> bool:
    """Several evenings in a row felt unpleasant: the owner (only) is offered support links."""
    tonight = current_evening(owner)
    recent = list(
        CheckIn.objects.owned_by(owner)
        .filter(evening__gte=tonight - timedelta(days=LOW_FEELING_EVENINGS))
        .order_by("-evening")
        .values_list("evening", "pleasantness")[:LOW_FEELING_EVENINGS]
    )
    if len(recent) < LOW_FEELING_EVENINGS:
        return False
    evenings = [evening for evening, _ in recent]
    consecutive = (evenings[0] - evenings[-1]).days == LOW_FEELING_EVENINGS - 1
    return consecutive and all(value <= LOW_FEELING_AT_MOST for _, value in recent)


# Patterns

RANGES = {"4w": ("4 weeks", 28), "3m": ("3 months", 91), "12m": ("12 months", 365)}
CHART_WIDTH = 600
CHART_HEIGHT = 150
CHART_PADDING = 8


@dataclass
class Series:
    name: str
    maximum: float
    values: list[float | None]

    def segments(self) -> list[str]:
        """SVG polyline point lists, broken where evenings have no value."""
        count = len(self.values)
        step = (CHART_WIDTH - 2 * CHART_PADDING) / max(count - 1, 1)
        usable = CHART_HEIGHT - 2 * CHART_PADDING
        segments, current = [], []
        for index, value in enumerate(self.values):
            if value is None:
                if current:
                    segments.append(current)
                current = []
                continue
            x = CHART_PADDING + index * step
            y = CHART_PADDING + usable * (1 - float(value) / self.maximum)
            current.append(f"{x:.1f},{y:.1f}")
        if current:
            segments.append(current)
        return [" ".join(points) for points in segments]

    @property
    def average(self) -> float | None:
        present = [float(value) for value in self.values if value is not None]
        return round(mean(present), 1) if present else None

    @property
    def count(self) -> int:
        return sum(1 for value in self.values if value is not None)


@dataclass
class Insight:
    text: str


@dataclass
class Patterns:
    range_key: str
    range_label: str
    evenings: list[date]
    rows: list[tuple[date, Drawn]]
    series: list[Series]
    insights: list[Insight]
    checkin_count: int

    def table_rows(self) -> str:
        """The table's rows, newest first: hundreds of rows, drawn without a template each."""
        if not self.rows:
            return mark_safe('<tr><td colspan="4">No check-ins in this range yet.</td></tr>')  # noqa: S308 (constant)
        return format_html_join(
            "\n",
            '<tr><th scope="row">{}</th><td>{}/5</td><td>{}</td><td>{}</td></tr>',
            (
                (
                    date_format(evening, "D j M"),
                    drawn.pleasantness,
                    f"{drawn.energy}/5" if drawn.energy else "–",
                    "–" if drawn.sleep_hours is None else f"{drawn.sleep_hours} h",
                )
                for evening, drawn in self.rows
            ),
        )


class Drawn(NamedTuple):
    """The parts of a check-in the patterns page draws, and nothing else (no note to open)."""

    evening: date
    pleasantness: int
    energy: int | None
    sleep_hours: object  # Decimal | None


def patterns(owner, range_key: str) -> Patterns:
    range_key = range_key if range_key in RANGES else "4w"
    label, days = RANGES[range_key]
    last = current_evening(owner)
    first = last - timedelta(days=days - 1)
    evenings = [first + timedelta(days=n) for n in range(days)]
    by_evening = {
        drawn.evening: drawn
        for drawn in map(
            Drawn._make,
            CheckIn.objects.owned_by(owner)
            .filter(evening__range=(first, last))
            .values_list(*Drawn._fields),
        )
    }
    rows = [(evening, by_evening.get(evening)) for evening in evenings]

    def values(attribute: str) -> list:
        return [getattr(checkin, attribute) if checkin else None for _evening, checkin in rows]

    series = [
        Series("Feeling (pleasantness)", 5, values("pleasantness")),
        Series("Energy today", 5, values("energy")),
        Series("Sleep (hours)", 12, values("sleep_hours")),
    ]
    return Patterns(
        range_key=range_key,
        range_label=label,
        evenings=evenings,
        rows=list(reversed([row for row in rows if row[1]])),
        series=series,
        insights=ritual_insights(owner, by_evening, first, last) + sleep_insights(by_evening),
        checkin_count=len(by_evening),
    )


MIN_EVENINGS_FOR_INSIGHT = 3


def ritual_insights(owner, by_evening: dict, first: date, last: date) -> list[Insight]:
    """Energy on evenings with and without each ritual's practice, with the counts behind it.

    Averaged in the database: a year holds hundreds of practice logs per ritual.
    """
    if not any(drawn.energy is not None for drawn in by_evening.values()):
        return []
    practised_in_range = PracticeLog.objects.filter(
        ritual=OuterRef("pk"), day__range=(first, last), outcome__in=PRACTISED
    )
    rituals = list(
        Ritual.objects.owned_by(owner).filter(Exists(practised_in_range)).order_by("created_at")
    )
    if not rituals:
        return []
    evenings = CheckIn.objects.owned_by(owner).filter(
        evening__range=(first, last), energy__isnull=False
    )
    sums = {}
    for ritual in rituals:
        practised = Exists(
            PracticeLog.objects.filter(
                ritual=ritual.pk, day=OuterRef("evening"), outcome__in=PRACTISED
            )
        )
        eligible = Q(evening__gte=ritual.started_on)
        for side, condition in (
            ("with", eligible & Q(practised)),
            ("without", eligible & ~Q(practised)),
        ):
            sums[f"{side}_{ritual.pk}_n"] = Count("pk", filter=condition)
            sums[f"{side}_{ritual.pk}_avg"] = Avg(
                "energy", filter=condition, output_field=FloatField()
            )
    totals = evenings.aggregate(**sums)
    insights = []
    for ritual in rituals:
        with_n, without_n = totals[f"with_{ritual.pk}_n"], totals[f"without_{ritual.pk}_n"]
        if with_n < MIN_EVENINGS_FOR_INSIGHT or without_n < MIN_EVENINGS_FOR_INSIGHT:
            continue
        insights.append(
            Insight(
                f"On the {with_n} evenings you had practised “{ritual.title}”, your "
                f"energy averaged {totals[f'with_{ritual.pk}_avg']:.1f} out of 5; on the "
                f"{without_n} other evenings, {totals[f'without_{ritual.pk}_avg']:.1f}. "
                "A pattern to notice, not a cause."
            )
        )
    return insights


def sleep_insights(by_evening: dict) -> list[Insight]:
    rested, short = [], []
    for checkin in by_evening.values():
        if checkin.sleep_hours is None:
            continue
        (rested if checkin.sleep_hours >= 7 else short).append(checkin.pleasantness)
    if len(rested) < MIN_EVENINGS_FOR_INSIGHT or len(short) < MIN_EVENINGS_FOR_INSIGHT:
        return []
    return [
        Insight(
            f"After nights of 7 hours or more ({len(rested)} evenings), evenings felt "
            f"{mean(rested):.1f} out of 5 on average; after shorter nights ({len(short)} "
            f"evenings), {mean(short):.1f}. Just what your check-ins show, not a rule."
        )
    ]
