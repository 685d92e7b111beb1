"""The monthly progress page: the month's story, each part as visible to the viewer.

Every section is a fixed number of queries, however many months, rituals and check-ins
the couple has behind them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from statistics import mean

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Value
from django.utils.translation import gettext

from accounts.localtime import local_today, wall_clock_instant
from checkins.models import Acknowledgement, CheckIn
from checkins.queries import Series, SharedCheckIn
from core.fields import EncryptedCharField
from couples import privacy, versions
from goals import months
from goals.models import (
    Appreciation,
    JointActivity,
    MonthlyPlan,
    MonthlyReview,
    PersonalObjective,
    ProgressNote,
    Win,
)
from rituals.models import PRACTISED, Outcome, Ritual
from rituals.queries import RitualCard, logs_and_pauses
from support.models import Reminder, SupportOffer, SupportRequest
from wellbeing.queries import who5_trend
from words.vocabulary import prime as prime_words

WHO5_MONTHS = 6


@dataclass
class RitualMonth:
    ritual: Ritual
    card: RitualCard | None  # None when only the ritual's existence is shared
    days: list

    def count(self, *states: str) -> int:
        return sum(1 for cell in self.days if cell.state in states)

    @property
    def practised(self) -> int:
        return self.count(*PRACTISED)

    @property
    def adapted(self) -> int:
        return self.count(Outcome.ADAPTED, Outcome.PARTLY)

    @property
    def rested(self) -> int:
        return self.count(Outcome.REST)

    @property
    def paused(self) -> int:
        return self.count("paused")


@dataclass
class CheckinTrend:
    evenings: int
    feeling: Series
    energy_average: float | None
    sleep_average: float | None
    wishes: dict[str, int]


@dataclass
class PersonMonth:
    person: object
    is_me: bool
    objective: PersonalObjective | None = None
    objective_notes: list = field(default_factory=list)
    review: MonthlyReview | None = None
    wins: list = field(default_factory=list)
    rituals: list[RitualMonth] = field(default_factory=list)
    checkins: CheckinTrend | None = None


@dataclass(frozen=True)
class Exchanged:
    """A request, an offer or a delivered reminder of the month, as the page tells it."""

    kind: str  # "request", "offer" or "reminder"
    person: object  # who asked, offered or reminded
    words: str
    status: str = ""  # a request's or an offer's, in the reader's language
    ritual: str = ""  # what a reminder was about: its ritual's title


@dataclass
class MonthPage:
    month: date
    last_day: date
    previous: date
    next: date | None
    people: list[PersonMonth]
    plan: MonthlyPlan | None
    activities: list[JointActivity]  # each with .progress, its notes this month
    appreciations: list[Appreciation]
    exchanged: list[Exchanged]  # requests and offers newest first, then reminders as due
    answered: list[tuple]  # (person, how many of the other's check-ins they answered)
    who5: list  # the viewer's own WHO-5 scores, last months first to last; never the partner's


def _bounds(viewer, month: date) -> tuple[datetime, datetime]:
    zone = viewer.zone
    return (
        wall_clock_instant(month, time(0), zone),
        wall_clock_instant(months.shift(month, 1), time(0), zone),
    )


def cached_month_page(viewer, month: date) -> MonthPage:
    """month_page, kept per viewer and month under the couple's version (couples/versions.py).

    Alone (no partner yet) it is assembled each time: there is no couple to version.
    """
    part = f"goals:month:{month:%Y-%m}"  # versions.kept adds the reader's language
    return versions.kept(viewer, part, lambda: month_page(viewer, month))


def month_page(viewer, month: date) -> MonthPage:
    partner = privacy.partner_of(viewer)
    couple = privacy.current_couple(viewer) if partner else None
    people = {viewer.pk: PersonMonth(viewer, True)}
    if partner:
        people[partner.pk] = PersonMonth(partner, False)
    owners = list(people)
    prime_words(owners)  # both partners' own words in one query, for whatever shows them
    last_day = months.month_end(month)
    start, end = _bounds(viewer, month)

    objectives = list(PersonalObjective.objects.visible_to(viewer).filter(month=month))
    for objective in objectives:
        people[objective.owner_id].objective = objective
    for review in MonthlyReview.objects.visible_to(viewer).filter(month=month):
        people[review.owner_id].review = review
    for win in Win.objects.visible_to(viewer).filter(month=month):
        people[win.owner_id].wins.append(win)

    plan = MonthlyPlan.objects.filter(couple=couple, month=month).first() if couple else None
    activities = (
        list(
            JointActivity.objects.visible_to(viewer)
            .filter(plan=plan)
            .select_related("proposed_by", "done_by")
        )
        if plan
        else []
    )
    notes = ProgressNote.objects.visible_to(viewer).filter(
        Q(objective__in=objectives) | Q(activity__in=activities)
    )
    activity_notes = defaultdict(list)
    for note in notes.select_related("owner", "objective"):
        if note.objective_id:
            people[note.objective.owner_id].objective_notes.append(note)
        else:
            activity_notes[note.activity_id].append(note)

    for activity in activities:
        activity.progress = activity_notes.get(activity.pk, [])

    _add_rituals(viewer, people, month, last_day)
    _add_checkins(viewer, people, month, last_day)

    return MonthPage(
        month=month,
        last_day=last_day,
        previous=months.shift(month, -1),
        next=months.shift(month, 1) if month < months.current_month(viewer) else None,
        people=list(people.values()),
        plan=plan,
        activities=activities,
        appreciations=list(
            Appreciation.objects.visible_to(viewer)
            .filter(month=month)
            .select_related("author", "recipient")
        ),
        exchanged=_exchanged(viewer, people, start, end),
        answered=_answered(viewer, people, month, last_day),
        who5=_who5(viewer, month),
    )


# Each kind of exchange, in the order the page lists them: who it comes from, when it
# happened, its statuses' names, and whether the newest comes first.
EXCHANGES = {
    "request": ("owner", "created_at", SupportRequest.Status, True),
    "offer": ("partner", "created_at", SupportOffer.Status, True),
    "reminder": ("partner", "due_at", None, False),
}


def _exchanged(viewer, people: dict, start: datetime, end: datetime) -> list[Exchanged]:
    """The month's requests, offers and delivered reminders in one query, each kind through
    its own privacy queryset (exchanges show only within the current couple)."""
    requests, offers, reminders = (
        _exchange_rows("request", SupportRequest.objects.visible_to(viewer), start, end),
        _exchange_rows("offer", SupportOffer.objects.visible_to(viewer), start, end),
        _exchange_rows(
            "reminder",
            Reminder.objects.visible_to(viewer).filter(status=Reminder.Status.DELIVERED),
            start,
            end,
            when="delivered_at",
        ),
    )
    by_kind = defaultdict(list)
    for kind, person_id, at, words, status, ritual in requests.union(
        offers, reminders, all=True
    ).order_by():
        if person_id in people:  # always one of the couple: never anyone else's name
            statuses = EXCHANGES[kind][2]
            label = str(dict(statuses.choices).get(status, status)) if statuses else ""
            by_kind[kind].append(
                (at, Exchanged(kind, people[person_id].person, words, label, ritual))
            )
    return [
        exchanged
        for kind, (*_, newest_first) in EXCHANGES.items()
        for _at, exchanged in sorted(by_kind[kind], key=lambda row: row[0], reverse=newest_first)
    ]


def _exchange_rows(kind: str, rows: QuerySet, start, end, when: str = "created_at") -> QuerySet:
    """One kind's rows of the month (by `when`) as the union's columns."""
    person, shown_at, statuses, _newest_first = EXCHANGES[kind]
    columns = {
        "exchange_kind": Value(kind),
        "exchange_person": F(person),
        "exchange_at": F(shown_at),
        "exchange_words": F("text"),
        "exchange_status": F("status") if statuses else Value(""),
        # A reminder's ritual title, encrypted as the rituals keep it; read as such for all.
        "exchange_ritual": (
            F("ritual__title") if kind == "reminder" else Value("", EncryptedCharField())
        ),
    }
    rows = rows.filter(**{f"{when}__gte": start, f"{when}__lt": end})
    return rows.annotate(**columns).values_list(*columns).order_by()


def _answered(viewer, people: dict, month: date, last_day: date) -> list[tuple]:
    """How many of the other's check-ins this month each of the couple answered, as far as
    the viewer may see them (an answer to a check-in taken back is not even counted)."""
    counts = (
        Acknowledgement.objects.visible_to(viewer)
        .filter(checkin__owner__in=list(people), checkin__evening__range=(month, last_day))
        .values_list("author")
        .annotate(answers=Count("pk"))
        .order_by("author")
    )
    return [(people[author].person, answers) for author, answers in counts if author in people]


def _who5(viewer, month: date) -> list:
    """The viewer's own recent WHO-5 scores up to this month, if they use the self-check."""
    scores = [score for score in who5_trend(viewer, WHO5_MONTHS) if score.month <= month]
    return scores if any(score.raw is not None for score in scores) else []


def _add_rituals(viewer, people: dict, month: date, last_day: date) -> None:
    # Whether the viewer may see each one's practice comes in the same query.
    practice_shown = Ritual.objects.practice_visible_to(viewer).filter(pk=OuterRef("pk"))
    rituals = list(
        Ritual.objects.visible_to(viewer)
        .filter(started_on__lte=last_day)
        .annotate(practice_shown=Exists(practice_shown))
        .order_by("created_at")
    )
    practice_ids = {ritual.pk for ritual in rituals if ritual.practice_shown}
    logs, pauses = logs_and_pauses(practice_ids, month, last_day)
    # The viewer's own today: marked in the current month, the days after it still to come.
    today = local_today(viewer)
    days = [month + timedelta(days=n) for n in range((last_day - month).days + 1)]
    for ritual in rituals:
        if ritual.status == Ritual.Status.ARCHIVED and not logs[ritual.pk]:
            continue
        card = None
        cells = []
        if ritual.pk in practice_ids:
            card = RitualCard(
                ritual=ritual, today=today, logs=logs[ritual.pk], pauses=pauses[ritual.pk]
            )
            cells = [card.cell(day) for day in days]
        people[ritual.owner_id].rituals.append(RitualMonth(ritual, card, cells))


def _add_checkins(viewer, people: dict, month: date, last_day: date) -> None:
    by_owner = defaultdict(list)
    checkins = list(
        CheckIn.objects.visible_to(viewer)
        .filter(evening__range=(month, last_day))
        .select_related("owner")
        .order_by("evening")
    )
    for checkin in checkins:
        by_owner[checkin.owner_id].append(SharedCheckIn.of(checkin, viewer))
    days = (last_day - month).days + 1
    for owner_id, views in by_owner.items():
        feeling = [None] * days
        for view in views:
            if view.feeling:
                feeling[(view.evening - month).days] = view.feeling["pleasantness"]
        energies = [view.energy for view in views if view.energy]
        sleeps = [
            float(view.sleep["hours"]) for view in views if view.sleep and view.sleep["hours"]
        ]
        wishes = defaultdict(int)
        for view in views:
            if view.wish:
                wishes[view.wish] += 1
        people[owner_id].checkins = CheckinTrend(
            evenings=len(views),
            feeling=Series(gettext("Feeling (pleasantness)"), 5, feeling),
            energy_average=round(mean(energies), 1) if energies else None,
            sleep_average=round(mean(sleeps), 1) if sleeps else None,
            wishes=dict(wishes),
        )
