"""Reads for check-ins: the partner's view of shared parts, patterns and insights."""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property, lru_cache
from statistics import mean
from typing import NamedTuple

from django.db.models import QuerySet
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from accounts.localtime import current_evening
from checkins.models import Acknowledgement, CheckIn
from checkins.vocabulary import QUADRANTS, quadrant_of
from core.dates import day_in_words
from couples import privacy, versions
from rituals.models import PRACTISED, PracticeLog, Ritual
from words.vocabulary import words_of

LOW_FEELING_EVENINGS = 3
LOW_FEELING_AT_MOST = 2
PARTNER_HISTORY_LIMIT = 60
EDITABLE_PAST_EVENINGS = 2
# The check-in page's own check-ins, newest first: its "Recent evenings" (the ones that
# can still be edited) and what tells whether the evenings felt low for a while.
RECENT_EVENINGS = max(EDITABLE_PAST_EVENINGS + 1, LOW_FEELING_EVENINGS)


# Each shareable part of a check-in, as the owner reads it ("Sam sees your feeling").
# Translators: what the partner sees of a check-in, in "Sam will see: your feeling and
# what would help." (the object of "sees": in German, accusative).
PART_WORDS = {
    "feeling": gettext_lazy("your feeling"),
    "sleep": gettext_lazy("your sleep"),
    "energy": gettext_lazy("your energy"),
    "wish": gettext_lazy("what would help"),
    "note": gettext_lazy("your note"),
}


def list_in_words(words: list[str]) -> str:
    """Words as a list in a sentence: "a, b and c" (static/js/sharing-summary.js does the same
    with the template's copy of these words)."""
    if len(words) < 2:
        return "".join(str(word) for word in words)
    # Translators: the end of a list, "your feeling, your sleep and your note": %(items)s
    # is the list so far (joined with ", "), %(last)s its last item.
    return _("%(items)s and %(last)s") % {
        "items": ", ".join(str(word) for word in words[:-1]),
        "last": words[-1],
    }


def shared_in_words(sharing: dict[str, bool]) -> str:
    """What the partner sees of a check-in, in words: "your feeling and what would help";
    empty when they see nothing of it."""
    return list_in_words([PART_WORDS[part] for part, shared in sharing.items() if shared])


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
    def of(cls, checkin: CheckIn, viewer, *, note: bool = True) -> SharedCheckIn:
        """The parts of `checkin` shared with `viewer`; without its `note` when the page
        shows none (the check-in may then be read without it)."""
        parts = checkin.visible_parts(viewer)
        view = cls(checkin.pk, checkin.owner.display_name, checkin.evening)
        if "feeling" in parts:
            quadrant = quadrant_of(checkin.pleasantness, checkin.feeling_energy)
            view.feeling = {
                "pleasantness": checkin.pleasantness,
                "energy": checkin.feeling_energy,
                # The owner's own words; defaults in the viewer's language when the page is drawn.
                "words": words_of(checkin.owner_id).labels("feeling", checkin.feeling_words),
                "word_keys": checkin.feeling_words,
                "quadrant": QUADRANTS[quadrant][0],
                "quadrant_key": quadrant,
            }
        if "sleep" in parts and (checkin.sleep_hours is not None or checkin.sleep_quality):
            view.sleep = {"hours": checkin.sleep_hours, "quality": checkin.sleep_quality}
        if "energy" in parts:
            view.energy = checkin.energy
        if "wish" in parts and checkin.wish:
            view.wish = words_of(checkin.owner_id).label("wish", checkin.wish)
        if note and "note" in parts and checkin.note:
            view.note = checkin.note
        return view


def partner_checkins(viewer, limit: int = PARTNER_HISTORY_LIMIT) -> list[SharedCheckIn]:
    """The current partner's check-ins that share anything, newest first, with the viewer's
    answers to them."""
    partner = privacy.partner_of(viewer)
    if partner is None:
        return []
    checkins = list(CheckIn.objects.from_partner(viewer).order_by("-evening")[:limit])
    answers = _answers_by_checkin(viewer, Acknowledgement.objects.owned_by(viewer), checkins)
    views = []
    for checkin in privacy.name_the_two(viewer, checkins, "owner"):  # all the partner's
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


def _answers_by_checkin(
    viewer, answers: QuerySet[Acknowledgement], checkins: list[CheckIn]
) -> dict[int, list[Acknowledgement]]:
    """Of `answers` (the viewer's own, or their partner's), those to these check-ins, by
    check-in; their authors are the two, already read."""
    by_checkin: dict[int, list[Acknowledgement]] = {}
    found = list(answers.filter(checkin__in=checkins))
    for answer in privacy.name_the_two(viewer, found, "author"):
        by_checkin.setdefault(answer.checkin_id, []).append(answer)
    return by_checkin


def own_checkins(owner, limit: int = 30) -> list[tuple[CheckIn, list[Acknowledgement]]]:
    checkins = list(CheckIn.objects.owned_by(owner).order_by("-evening")[:limit])
    answers = _answers_by_checkin(owner, Acknowledgement.objects.from_partner(owner), checkins)
    return [(checkin, answers.get(checkin.pk, [])) for checkin in checkins]


def editable_evenings(owner) -> list[date]:
    """Tonight, then the evenings before it that can still be edited."""
    tonight = current_evening(owner)
    return [tonight - timedelta(days=n) for n in range(EDITABLE_PAST_EVENINGS + 1)]


def feeling_low_for_a_while(owner, newest: list[CheckIn]) -> bool:
    """Several evenings in a row felt unpleasant: the owner (only) is offered support links.

    `newest`: the owner's newest check-ins, newest first, at least LOW_FEELING_EVENINGS of
    them when they have that many (the check-in page has read them already)."""
    since = current_evening(owner) - timedelta(days=LOW_FEELING_EVENINGS)
    recent = [
        (checkin.evening, checkin.pleasantness)
        for checkin in newest[:LOW_FEELING_EVENINGS]
        if checkin.evening >= since
    ]
    if len(recent) < LOW_FEELING_EVENINGS:
        return False
    evenings = [evening for evening, _ in recent]
    consecutive = (evenings[0] - evenings[-1]).days == LOW_FEELING_EVENINGS - 1
    return consecutive and all(value <= LOW_FEELING_AT_MOST for _, value in recent)


# Patterns

# Translators: the patterns page's time ranges, as tabs.
RANGES = {
    "4w": (gettext_lazy("4 weeks"), 28),
    "3m": (gettext_lazy("3 months"), 91),
    "12m": (gettext_lazy("12 months"), 365),
}


def range_summary(range_key: str, count: int) -> str:
    """The line under the patterns heading: whole sentences per range, so each language can
    bend "the last 4 weeks" its own way."""
    if range_key == "3m":
        return ngettext(
            "Private to you. %(count)s check-in in the last 3 months.",
            "Private to you. %(count)s check-ins in the last 3 months.",
            count,
        ) % {"count": count}
    if range_key == "12m":
        return ngettext(
            "Private to you. %(count)s check-in in the last 12 months.",
            "Private to you. %(count)s check-ins in the last 12 months.",
            count,
        ) % {"count": count}
    return ngettext(
        "Private to you. %(count)s check-in in the last 4 weeks.",
        "Private to you. %(count)s check-ins in the last 4 weeks.",
        count,
    ) % {"count": count}


def chart_description(range_key: str, chart: str) -> str:
    """A chart's name for screen readers, with its range."""
    # Translators: a chart's name for screen readers; %(chart)s is e.g. "Energy today".
    if range_key == "3m":
        text = _("%(chart)s over the last 3 months; the table below has the same values")
    elif range_key == "12m":
        text = _("%(chart)s over the last 12 months; the table below has the same values")
    else:
        text = _("%(chart)s over the last 4 weeks; the table below has the same values")
    return text % {"chart": chart}


def hours_in_words(hours) -> str:
    # Translators: hours of sleep, short ("7.5 h").
    return _("%(hours)s h") % {"hours": number_format(hours)}


CHART_WIDTH = 600
CHART_HEIGHT = 150
CHART_PADDING = 8


@dataclass
class Series:
    name: str
    maximum: float
    values: list[float | None]
    description: str = ""  # the chart's name for screen readers, with its range
    number: int = 1  # its place among the charts of a page, which gives its line a colour

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

    def polylines(self) -> str:
        """The chart's line as SVG, a polyline per run of evenings with a value; drawn
        without a template loop (a year of evenings can have hundreds of gaps)."""
        return mark_safe(  # noqa: S308 (the points are numbers formatted above)
            "".join(
                f'<polyline class="series series-{self.number:d}" points="{points}"></polyline>'
                for points in self.segments()
            )
        )

    @cached_property
    def average(self) -> float | None:
        present = [float(value) for value in self.values if value is not None]
        return round(mean(present), 1) if present else None

    @cached_property
    def count(self) -> int:
        return sum(1 for value in self.values if value is not None)


@dataclass
class Insight:
    text: str


@dataclass
class Patterns:
    """What the patterns page draws, and no more: it is kept between visits (kept_patterns),
    so its table comes drawn already, and nothing is kept that the page would not show."""

    range_key: str
    first: date  # the range's first and last evenings
    last: date
    table_rows: str  # the table's rows, newest first (drawn by table_rows below)
    series: list[Series]
    insights: list[Insight]
    checkin_count: int
    # How often each feeling word and "what would help" answer came up in the range, in the
    # person's own words, most often first.
    feelings: list[tuple[str, int]]
    wishes: list[tuple[str, int]]

    @property
    def summary(self) -> str:
        return range_summary(self.range_key, self.checkin_count)


def table_rows(rows: list[tuple[date, Drawn]]) -> str:
    """The table's rows: hundreds of rows, drawn without a template each."""
    if not rows:
        return format_html('<tr><td colspan="4">{}</td></tr>', _("No check-ins in this range yet."))
    # Translators: a Django date format for a short evening in a table ("Wed 18 Nov");
    # German e.g. "D, j. M", Spanish "D j b".
    short_date = _("D j M")
    # Each cell escaped once, then joined: format_html per row cost more than the rest,
    # and Django's escape() (html.escape behind a check for lazy strings) a third of that.
    return mark_safe(  # noqa: S308 (every cell below is escaped)
        "\n".join(
            f'<tr><th scope="row">{html.escape(day_in_words(evening, short_date))}</th>'
            f"<td>{html.escape(str(drawn.pleasantness))}/5</td>"
            f"<td>{html.escape(f'{drawn.energy}/5' if drawn.energy else '–')}</td>"
            f"<td>{html.escape(_hours(drawn.sleep_hours))}</td></tr>"
            for evening, drawn in rows
        )
    )


def _hours(hours) -> str:
    return "–" if hours is None else _hours_in_words(hours, get_language())


@lru_cache(maxsize=256)
def _hours_in_words(hours, language: str | None) -> str:
    """hours_in_words, remembered: a year of evenings holds a few dozen different hours."""
    return hours_in_words(hours)


class Drawn(NamedTuple):
    """The parts of a check-in the patterns page draws or counts, and nothing else (no note
    to open)."""

    evening: date
    pleasantness: int
    energy: int | None
    sleep_hours: object  # Decimal | None
    feeling_words: list[str]
    wish: str


def kept_patterns(owner, range_key: str) -> Patterns:
    """patterns(), kept under the couple's version (couples/versions.py), which each change of
    the owner's moves, until their evening moves on. Alone, drawn each time."""
    range_key = range_key if range_key in RANGES else "4w"
    evening = current_evening(owner)
    part = f"checkins:patterns:{range_key}:{evening}"
    return versions.kept(owner, part, lambda: patterns(owner, range_key, evening))


def patterns(owner, range_key: str, last: date | None = None) -> Patterns:
    """The owner's check-ins over the range that ends on `last` (their current evening)."""
    range_key = range_key if range_key in RANGES else "4w"
    _label, days = RANGES[range_key]
    last = last or current_evening(owner)
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

    def values(attribute: str) -> list[float | None]:
        """Each evening's value, as a number (the charts' maths reads each as a float)."""
        found = [getattr(checkin, attribute) if checkin else None for _evening, checkin in rows]
        return [None if value is None else float(value) for value in found]

    series = [
        Series(_("Feeling (pleasantness)"), 5, values("pleasantness")),
        Series(_("Energy today"), 5, values("energy")),
        Series(_("Sleep (hours)"), 12, values("sleep_hours")),
    ]
    for number, one in enumerate(series, start=1):
        one.description = chart_description(range_key, one.name)
        one.number = number
    return Patterns(
        range_key=range_key,
        first=first,
        last=last,
        table_rows=table_rows(list(reversed([row for row in rows if row[1]]))),
        series=series,
        insights=ritual_insights(owner, by_evening, first, last) + sleep_insights(by_evening),
        checkin_count=len(by_evening),
        **_words_counted(owner, by_evening.values()),
    )


def _words_counted(owner, evenings) -> dict[str, list[tuple[str, int]]]:
    feelings, wishes = Counter(), Counter()
    for drawn in evenings:
        feelings.update(drawn.feeling_words or [])
        if drawn.wish:
            wishes[drawn.wish] += 1
    own = words_of(owner)
    return {
        "feelings": [(own.label("feeling", key), n) for key, n in feelings.most_common()],
        "wishes": [(own.label("wish", key), n) for key, n in wishes.most_common()],
    }


MIN_EVENINGS_FOR_INSIGHT = 3


def ritual_insights(owner, by_evening: dict, first: date, last: date) -> list[Insight]:
    """Energy on evenings with and without each ritual's practice, with the counts behind it.

    The days each ritual was practised on (practised_days) are matched here with the
    evenings the page has already read.
    """
    energies = {
        evening: drawn.energy for evening, drawn in by_evening.items() if drawn.energy is not None
    }
    if not energies:
        return []
    practised = versions.kept(
        owner,
        f"checkins:practised:{first}:{last}",
        lambda: practised_days(owner, first, last),
        apart_from_own_checkins=True,
    )
    insights = []
    for title, started_on, days in practised:
        with_energies = [energies[day] for day in days if day in energies]
        with_n, with_total = len(with_energies), sum(with_energies)
        if with_n < MIN_EVENINGS_FOR_INSIGHT:
            continue
        eligible = [energy for evening, energy in energies.items() if evening >= started_on]
        without_n = len(eligible) - with_n
        if without_n < MIN_EVENINGS_FOR_INSIGHT:
            continue
        with_average = with_total / with_n
        without_average = (sum(eligible) - with_total) / without_n
        # One sentence, its plural chosen by the first count; both counts are always at
        # least MIN_EVENINGS_FOR_INSIGHT (3).
        text = ngettext(
            # Translators: both counts are always 3 or more; %(ritual)s is the ritual's own
            # title; %(with_average)s and %(without_average)s are numbers like 3.5.
            "On the %(with_count)s evening you had practised “%(ritual)s”, your energy "
            "averaged %(with_average)s out of 5; on the %(without_count)s other evenings, "
            "%(without_average)s. A pattern to notice, not a cause.",
            "On the %(with_count)s evenings you had practised “%(ritual)s”, your energy "
            "averaged %(with_average)s out of 5; on the %(without_count)s other evenings, "
            "%(without_average)s. A pattern to notice, not a cause.",
            with_n,
        )
        insights.append(
            Insight(
                text
                % {
                    "with_count": with_n,
                    "without_count": without_n,
                    "ritual": title,
                    "with_average": number_format(with_average, 1),
                    "without_average": number_format(without_average, 1),
                }
            )
        )
    return insights


def practised_days(owner, first: date, last: date) -> list[tuple[str, date, list[date]]]:
    """Each of the owner's rituals, oldest first, as (title, first day, the days in
    first..last it was practised on since then): bare (ritual, day) pairs, a year holding
    hundreds per ritual. Nothing of the owner's check-ins, so ritual_insights keeps it
    apart from them (couples/versions.py): the evening's check-in doesn't read it again."""
    own = Ritual.objects.owned_by(owner).only("title", "started_on").order_by("created_at")
    rituals = {ritual.pk: ritual for ritual in own}
    days = {pk: [] for pk in rituals}
    for ritual_id, day in PracticeLog.objects.filter(
        ritual_id__in=list(rituals), day__range=(first, last), outcome__in=PRACTISED
    ).values_list("ritual_id", "day"):
        if day >= rituals[ritual_id].started_on:
            days[ritual_id].append(day)
    return [(ritual.title, ritual.started_on, days[pk]) for pk, ritual in rituals.items()]


def sleep_insights(by_evening: dict) -> list[Insight]:
    rested, short = [], []
    for checkin in by_evening.values():
        if checkin.sleep_hours is None:
            continue
        (rested if checkin.sleep_hours >= 7 else short).append(checkin.pleasantness)
    if len(rested) < MIN_EVENINGS_FOR_INSIGHT or len(short) < MIN_EVENINGS_FOR_INSIGHT:
        return []
    text = ngettext(
        # Translators: both counts are always 3 or more; the averages are numbers like 3.5.
        "After nights of 7 hours or more (%(rested_count)s evening), evenings felt "
        "%(rested_average)s out of 5 on average; after shorter nights (%(short_count)s "
        "evenings), %(short_average)s. Just what your check-ins show, not a rule.",
        "After nights of 7 hours or more (%(rested_count)s evenings), evenings felt "
        "%(rested_average)s out of 5 on average; after shorter nights (%(short_count)s "
        "evenings), %(short_average)s. Just what your check-ins show, not a rule.",
        len(rested),
    )
    values = {
        "rested_count": len(rested),
        "short_count": len(short),
        "rested_average": number_format(mean(rested), 1),
        "short_average": number_format(mean(short), 1),
    }
    return [Insight(text % values)]
