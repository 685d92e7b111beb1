"""Reads for rituals: the Today page, the rhythm strip and the partner's view."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from django.db.models import Prefetch
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from accounts.localtime import current_evening, local_today
from checkins.models import CheckIn
from checkins.queries import SharedCheckIn, shared_in_words
from core.dates import day_in_words
from couples import privacy, versions
from rituals.models import (
    PRACTISED,
    Outcome,
    Pause,
    PracticeLog,
    Reflection,
    Ritual,
    ScheduleKind,
)
from rituals.weeks import start_of_week
from words.vocabulary import words_of

RHYTHM_DAYS = 28
# The rhythm shows whole weeks, this one and the ones before, from the week's first day.
RHYTHM_WEEKS = RHYTHM_DAYS // 7
# Scheduled days in a row without practice before the owner is invited to reflect.
SETBACK_SCHEDULED_DAYS = 3
# For "N times a week" rituals: days in a row with nothing practised.
SETBACK_FLEXIBLE_DAYS = 7


@dataclass(frozen=True)
class DayCell:
    day: date
    state: str  # an Outcome value, or "paused", "open", "unplanned", "before", "today", "ahead"

    @property
    def label(self) -> str:
        return _day_label(self.day, self.state, get_language())


# What each square of the rhythm says, a whole phrase per state (its title and for screen
# readers); %(day)s is the day ("Tue 17 Nov").
DAY_LABELS = {
    Outcome.DONE: _("%(day)s: done"),
    Outcome.PARTLY: _("%(day)s: partly"),
    Outcome.ADAPTED: _("%(day)s: adapted"),
    Outcome.REST: _("%(day)s: rest day"),
    Outcome.SKIPPED: _("%(day)s: skipped"),
    "paused": _("%(day)s: paused"),
    "open": _("%(day)s: not noted"),
    "unplanned": _("%(day)s: not planned"),
    "before": _("%(day)s: before this ritual began"),
    "today": _("%(day)s: today, not noted yet"),
    "ahead": _("%(day)s: still to come"),
}


@lru_cache(maxsize=4096)
def _day_label(day: date, state: str, language: str | None) -> str:
    """A square's words in the active language, remembered: every strip on a page words the
    same few weeks, and wording a day costs more than drawing its square."""
    # Translators: a Django date format for a day of the rhythm strip ("Tue 17 Nov").
    return str(DAY_LABELS[state]) % {"day": day_in_words(day, gettext("D j M"))}


@dataclass
class RitualCard:
    ritual: Ritual
    today: date
    logs: dict[date, PracticeLog] = field(default_factory=dict)
    pauses: list[Pause] = field(default_factory=list)
    last_reflection_day: date | None = None
    # The owner's language: their weeks count "N times a week" (None: the active language).
    language: str | None = None

    @property
    def today_log(self) -> PracticeLog | None:
        return self.logs.get(self.today)

    @property
    def today_outcome(self) -> str:
        """Today's answer, "" before one is noted: the answer the card's buttons mark chosen
        (asking a missing log for its outcome costs the template a caught exception)."""
        log = self.today_log
        return log.outcome if log else ""

    @property
    def scheduled_today(self) -> bool:
        return self.ritual.is_scheduled_on(self.today)

    def is_paused_on(self, day: date) -> bool:
        return any(pause.covers(day) for pause in self.pauses)

    @property
    def rhythm(self) -> list[DayCell]:
        """Four whole weeks, oldest first, each from the first day of the reader's week:
        this week's days after today are still to come."""
        first = start_of_week(self.today) - timedelta(weeks=RHYTHM_WEEKS - 1)
        return [self.cell(first + timedelta(days=n)) for n in range(RHYTHM_DAYS)]

    def cell(self, day: date) -> DayCell:
        log = self.logs.get(day)
        if log:
            return DayCell(day, log.outcome)
        if day > self.today:
            return DayCell(day, "ahead")
        if day < self.ritual.started_on:
            return DayCell(day, "before")
        if self.is_paused_on(day):
            return DayCell(day, "paused")
        if day == self.today:
            return DayCell(day, "today")
        if not self.ritual.is_scheduled_on(day):
            return DayCell(day, "unplanned")
        return DayCell(day, "open")

    @property
    def practised_days(self) -> int:
        return sum(1 for log in self.logs.values() if log.outcome in PRACTISED)

    @property
    def practised_this_week(self) -> int:
        week_began = start_of_week(self.today, self.language)
        return sum(
            1 for day, log in self.logs.items() if day >= week_began and log.outcome in PRACTISED
        )

    @property
    def needs_reflection(self) -> bool:
        """Several planned days in a row went unnoted or skipped (pauses don't count)."""
        if self.ritual.status != Ritual.Status.ACTIVE:
            return False
        flexible = self.ritual.schedule_kind == ScheduleKind.PER_WEEK
        needed = SETBACK_FLEXIBLE_DAYS if flexible else SETBACK_SCHEDULED_DAYS
        misses = 0
        for back in range(1, RHYTHM_DAYS):
            day = self.today - timedelta(days=back)
            if day < self.ritual.started_on:
                return False
            if self.last_reflection_day and day < self.last_reflection_day:
                return False
            if self.is_paused_on(day) or not self.ritual.is_scheduled_on(day):
                continue
            log = self.logs.get(day)
            if log and log.outcome != Outcome.SKIPPED:
                return False
            misses += 1
            if misses >= needed:
                return True
        return False


def logs_and_pauses(
    ritual_ids, first: date, last: date
) -> tuple[defaultdict[int, dict[date, PracticeLog]], defaultdict[int, list[Pause]]]:
    """The rituals' logs by day and the pauses touching first..last, in two queries. The logs
    come without their private notes, which no card and no month draws: not decrypted for
    nothing (a ritual's own page reads them, `recent_logs`)."""
    logs = defaultdict(dict)
    in_range = PracticeLog.objects.filter(ritual_id__in=ritual_ids, day__range=(first, last))
    for log in in_range.defer("note"):
        logs[log.ritual_id][log.day] = log
    pauses = defaultdict(list)
    for pause in Pause.objects.filter(ritual_id__in=ritual_ids, starts_on__lte=last).exclude(
        ends_on__lt=first
    ):
        pauses[pause.ritual_id].append(pause)
    return logs, pauses


def rhythm_first(today: date) -> date:
    """The first day a card reads logs, pauses and reflections from."""
    return today - timedelta(days=RHYTHM_DAYS - 1)


def ritual_cards(owner, rituals: list[Ritual], today: date | None = None) -> list[RitualCard]:
    """Cards with four weeks of logs, pauses and reflections, in three queries in all; two
    when the rituals were read `with_last_reflection`."""
    today = today or local_today(owner)
    first = rhythm_first(today)
    ids = [ritual.pk for ritual in rituals]
    logs, pauses = logs_and_pauses(ids, first, today)
    if all(hasattr(ritual, "last_reflection_day") for ritual in rituals):
        reflections = {ritual.pk: ritual.last_reflection_day for ritual in rituals}
    else:
        reflections = {}
        for reflection in Reflection.objects.filter(ritual_id__in=ids, day__gte=first).order_by(
            "day"
        ):
            reflections[reflection.ritual_id] = reflection.day
    return [
        RitualCard(
            ritual=ritual,
            today=today,
            logs=logs[ritual.pk],
            pauses=pauses[ritual.pk],
            last_reflection_day=reflections.get(ritual.pk),
            language=owner.language,
        )
        for ritual in rituals
    ]


def card_for(ritual: Ritual) -> RitualCard:
    return ritual_cards(ritual.owner, [ritual])[0]


@dataclass
class TodayPage:
    planned: list[RitualCard]
    unplanned: list[RitualCard]
    paused: list[Ritual]
    # A pause whose planned resume day has come: the view resumes it and reads the page again.
    resume_due: bool = False


def kept_today_page(owner) -> TodayPage:
    """today_page, kept under the owner's seat practice version (couples/versions.py): their
    own rituals move with every change of theirs but their check-ins, so the evening's
    check-in doesn't read them again. Alone (no partner yet), read each time."""
    return versions.kept(
        owner, "rituals:today", lambda: today_page(owner), apart_from_own_checkins=True
    )


def today_page(owner) -> TodayPage:
    """The owner's current rituals as today's cards, in three queries."""
    today = local_today(owner)
    current = sorted(
        Ritual.objects.owned_by(owner)
        .current()
        .with_last_reflection(rhythm_first(today))
        .with_resume_due(today),
        key=lambda ritual: (ritual.time_of_day, ritual.title),
    )
    paused = [ritual for ritual in current if ritual.status == Ritual.Status.PAUSED]
    active = [ritual for ritual in current if ritual.status == Ritual.Status.ACTIVE]
    cards = ritual_cards(owner, active, today)
    return TodayPage(
        planned=[card for card in cards if card.scheduled_today],
        unplanned=[card for card in cards if not card.scheduled_today],
        paused=paused,
        resume_due=any(ritual.resume_due for ritual in paused),
    )


# How the Today page names each part of a check-in the partner may see.
@dataclass
class Evening:
    """Tonight at a glance: the viewer's own check-in, and what the partner shared lately."""

    tonight: date
    mine: CheckIn | None
    partner_news: SharedCheckIn | None

    @property
    def shared_words(self) -> str:
        """What the partner sees of tonight's check-in, in words (empty: nothing)."""
        return shared_in_words(self.mine.sharing()) if self.mine else ""


def evening_for(viewer, partner_news: SharedCheckIn | None) -> Evening:
    """Tonight's own check-in (one query) beside the partner's latest shared one (its parts
    only: `checkins.queries.latest_partner_checkin`, or what Today kept of it)."""
    tonight = current_evening(viewer)
    return Evening(
        tonight=tonight,
        mine=CheckIn.objects.owned_by(viewer).filter(evening=tonight).first(),
        partner_news=partner_news,
    )


@dataclass
class PartnerRitual:
    """What a partner may see of one ritual: never its intention or notes."""

    ritual: Ritual
    category: str  # in the owner's words, read with the page rather than while it is drawn
    card: RitualCard | None  # only when its practice is shared


def partner_rituals(viewer) -> list[PartnerRitual]:
    """The viewer's current partner's rituals, at the level each one is shared."""
    partner = privacy.partner_of(viewer)
    if partner is None:
        return []
    today = local_today(partner)
    shared = list(
        Ritual.objects.from_partner(viewer)
        .current()
        .with_last_reflection(rhythm_first(today))
        .order_by("created_at")
    )
    if not shared:
        return []
    with_practice = [r for r in shared if r.visibility == Ritual.Visibility.PRACTICE]
    cards = {card.ritual.pk: card for card in ritual_cards(partner, with_practice, today)}
    words = words_of(partner)
    return [
        PartnerRitual(ritual=r, category=words.label("category", r.category), card=cards.get(r.pk))
        for r in shared
    ]


def shared_rituals(viewer) -> dict:
    """The Us page's section (couples.sections): the partner's rituals, at the level each
    one is shared; kept apart from the viewer's own notes, which it never shows
    (couples/versions.py)."""
    shared = versions.kept(
        viewer,
        "rituals:partner_rituals",
        lambda: partner_rituals(viewer),
        apart_from_own_notes=True,
    )
    return {"shared": shared}


def recent_logs(ritual: Ritual, since: date) -> list[PracticeLog]:
    return list(ritual.logs.filter(day__gte=since))


def rituals_overview(owner) -> dict[str, list[Ritual]]:
    rituals = Ritual.objects.owned_by(owner).prefetch_related(
        Prefetch("pauses", queryset=Pause.objects.filter(ends_on__isnull=True))
    )
    grouped = {"active": [], "paused": [], "archived": []}
    for ritual in rituals:
        grouped[ritual.status].append(ritual)
    return grouped
