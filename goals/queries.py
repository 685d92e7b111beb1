"""The monthly progress page: the month's story, each part as visible to the viewer.

Every section is a fixed number of queries, however many months, rituals and check-ins
the couple has behind them.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from statistics import mean
from typing import NamedTuple

from django.db.models import (
    BooleanField,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast
from django.utils.translation import gettext

from accounts.localtime import local_today, wall_clock_instant
from checkins.models import Acknowledgement, CheckIn
from checkins.queries import Series, SharedCheckIn
from core.fields import EncryptedCharField, EncryptedTextField
from couples import privacy, versions
from goals import months
from goals.models import (
    Appreciation,
    JointActivity,
    MonthlyPlan,
    MonthlyReview,
    PersonalObjective,
    ProgressNote,
    ReviewNudge,
    Win,
)
from rituals.models import PRACTISED, Outcome, Ritual
from rituals.queries import RitualCard, logs_and_pauses
from support.models import Reminder, SupportOffer, SupportRequest
from wellbeing.queries import who5_trend
from words.vocabulary import prime as prime_words
from words.vocabulary import words_of

WHO5_MONTHS = 6


@dataclass
class RitualMonth:
    ritual: Ritual
    practice_shown: bool  # False when only the ritual's existence is shared
    days: list  # each day's cell, drawn from the month's logs (which the page keeps no copy of)

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
    appreciations: list[Exchanged]  # as they were written
    exchanged: list[Exchanged]  # requests and offers newest first, then reminders as due
    answered: list[tuple]  # (person, how many of the other's check-ins they answered)
    who5: list  # the viewer's own WHO-5 scores, last months first to last; never the partner's
    nudge_wanted: bool  # whether the viewer asked to be nudged to write their review


def _bounds(viewer, month: date) -> tuple[datetime, datetime]:
    zone = viewer.zone
    return (
        wall_clock_instant(month, time(0), zone),
        wall_clock_instant(months.shift(month, 1), time(0), zone),
    )


def cached_month_page(viewer, month: date) -> MonthPage:
    """month_page, kept per viewer and month under the couple's version (couples/versions.py).
    After the viewer only noted their own check-ins or practice, the rest of the page is still
    kept, under their seat's version, and only their own check-ins are read again, and their
    own rituals: those kept apart from their check-ins, so a check-in alone reads none.

    Alone (no partner yet) it is assembled each time: there is no couple to version.
    """
    part = f"goals:month:{month:%Y-%m}"  # versions.kept adds the reader's language
    return versions.kept(viewer, part, lambda: _with_own_notes_read_again(viewer, month, part))


def _with_own_notes_read_again(viewer, month: date, part: str) -> MonthPage:
    assembled = False

    def assemble() -> MonthPage:
        nonlocal assembled
        assembled = True
        return month_page(viewer, month)

    page = versions.kept(viewer, part, assemble, apart_from_own_notes=True)
    if not assembled:  # kept from before the viewer's latest own notes, if any
        me = next(person for person in page.people if person.is_me)
        me.rituals = versions.kept(
            viewer,
            f"{part}:own-rituals",
            lambda: _own_rituals(viewer, month, page.last_day),
            apart_from_own_checkins=True,
        )
        me.checkins = None
        _add_checkins(viewer, {viewer.pk: me}, month, page.last_day, own_only=True)
    return page


def _own_rituals(viewer, month: date, last_day: date) -> list[RitualMonth]:
    me = PersonMonth(viewer, True)
    _add_rituals(viewer, {viewer.pk: me}, month, last_day, own_only=True)
    return me.rituals


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

    plan = MonthlyPlan.objects.filter(couple=couple, month=month).first() if couple else None
    activities = list(JointActivity.objects.visible_to(viewer).filter(plan=plan)) if plan else []
    privacy.name_the_two(viewer, activities, "proposed_by")  # the page names no one else
    activity_notes = _add_personal(viewer, people, month, activities)
    for activity in activities:
        activity.progress = activity_notes.get(activity.pk, [])

    _add_rituals(viewer, people, month, last_day)
    _add_checkins(viewer, people, month, last_day)
    exchanged = _exchanged(viewer, people, month, last_day, start, end)
    # How many of the other's check-ins each answered, in the order of their ids.
    answered = Counter(item.person.pk for item in exchanged.pop("answer"))

    return MonthPage(
        month=month,
        last_day=last_day,
        previous=months.shift(month, -1),
        next=months.shift(month, 1) if month < months.current_month(viewer) else None,
        people=list(people.values()),
        plan=plan,
        activities=activities,
        appreciations=exchanged.pop("appreciation"),
        exchanged=[item for kind in exchanged.values() for item in kind],
        answered=[(people[pk].person, answered[pk]) for pk in sorted(answered)],
        who5=_who5(viewer, month),
        nudge_wanted=ReviewNudge.objects.owned_by(viewer).exists(),
    )


# What each of the couple writes for the month: its model, when it was written and its
# own columns (below). Objectives, reviews and wins share one rule (PersonalItemQuerySet:
# the partner sees what is marked shared); progress notes follow what they are notes on.
PERSONAL = {
    "objective": (PersonalObjective, "created_at", ("shared", "text")),
    "review": (MonthlyReview, "updated_at", ("shared", "went_well", "learned", "adjust")),
    "win": (Win, "created_at", ("shared", "text")),
    "note": (ProgressNote, "created_at", ("text", "objective_id", "activity_id")),
}
# Every kind's own columns, each read as its type; a kind without one reads a NULL of it.
PERSONAL_COLUMNS = {
    "shared": BooleanField(),
    "text": EncryptedCharField(),
    "went_well": EncryptedTextField(),
    "learned": EncryptedTextField(),
    "adjust": EncryptedTextField(),
    "objective_id": IntegerField(),
    "activity_id": IntegerField(),
}


def _add_personal(
    viewer, people: dict, month: date, activities: list[JointActivity]
) -> dict[int, list[ProgressNote]]:
    """The month's objectives, reviews, wins and progress notes the viewer may see, in one
    query, each kind through its own privacy queryset (the notes: on what the viewer sees
    of this month, the objectives and the joint `activities` already read). Returns the
    notes on joint activities, by activity."""
    rows = {
        kind: model.objects.visible_to(viewer).filter(month=month)
        for kind, (model, *_) in PERSONAL.items()
        if kind != "note"
    }
    rows["note"] = ProgressNote.objects.visible_to(viewer).filter(
        Q(objective__in=rows["objective"]) | Q(activity__in=activities)
    )
    kinds = []
    for kind, (_model, written_at, own) in PERSONAL.items():
        columns = {
            "personal_kind": Value(kind),
            "personal_id": F("pk"),
            "personal_owner": F("owner"),
            "personal_at": F(written_at),
            **{
                f"personal_{name}": F(name) if name in own else Cast(Value(None), output)
                for name, output in PERSONAL_COLUMNS.items()
            },
        }
        kinds.append(rows[kind].annotate(**columns).values_list(*columns).order_by())

    found = {kind: [] for kind in PERSONAL}
    union = kinds[0].union(*kinds[1:], all=True).order_by()
    for kind, pk, owner_id, at, *values in sorted(union, key=lambda row: row[3]):
        if owner_id not in people:  # always one of the couple: never anyone else's words
            continue
        model, written_at, own = PERSONAL[kind]
        values = dict(zip(PERSONAL_COLUMNS, values, strict=True))
        item = model(
            pk=pk,
            owner=people[owner_id].person,
            **{written_at: at},
            **{name: values[name] for name in own},
        )
        if kind != "note":
            item.month = month
        found[kind].append(item)  # as they were written

    objective_owners = {}
    for objective in found["objective"]:
        people[objective.owner_id].objective = objective
        objective_owners[objective.pk] = objective.owner_id
    for review in found["review"]:
        people[review.owner_id].review = review
    for win in found["win"]:
        people[win.owner_id].wins.append(win)
    activity_notes = defaultdict(list)
    for note in found["note"]:
        if note.activity_id:
            activity_notes[note.activity_id].append(note)
        elif note.objective_id in objective_owners:
            people[objective_owners[note.objective_id]].objective_notes.append(note)
    return activity_notes


# Each kind of exchange, in the order the page lists them: who it comes from, when it
# happened, its statuses' names, and whether the newest comes first. Appreciations have a
# section of their own; answers to check-ins are counted.
EXCHANGES = {
    "request": ("owner", "created_at", SupportRequest.Status, True),
    "offer": ("partner", "created_at", SupportOffer.Status, True),
    "reminder": ("partner", "due_at", None, False),
    "appreciation": ("author", "created_at", None, False),
    "answer": ("author", "created_at", None, False),
}


def _exchanged(
    viewer, people: dict, month: date, last_day: date, start: datetime, end: datetime
) -> dict[str, list[Exchanged]]:
    """The month's requests, offers, delivered reminders, appreciations and answers to
    check-ins in one query, each kind through its own privacy queryset (exchanges show
    only within the current couple), by kind in the order the page lists them."""
    delivered = Reminder.objects.visible_to(viewer).filter(status=Reminder.Status.DELIVERED)
    # An appreciation belongs to the month it was written for; an answer, to its evening's
    # (an answer to a check-in taken back is not even counted).
    appreciations = Appreciation.objects.visible_to(viewer).filter(month=month)
    answers = Acknowledgement.objects.visible_to(viewer).filter(
        checkin__owner__in=list(people), checkin__evening__range=(month, last_day)
    )
    requests, *others = (
        _exchange_rows("request", SupportRequest.objects.visible_to(viewer), start, end),
        _exchange_rows("offer", SupportOffer.objects.visible_to(viewer), start, end),
        _exchange_rows("reminder", delivered, start, end, when="delivered_at"),
        _exchange_rows("appreciation", appreciations),
        _exchange_rows("answer", answers),
    )
    by_kind = defaultdict(list)
    for kind, person_id, at, words, status, ritual in requests.union(*others, all=True).order_by():
        if person_id in people:  # always one of the couple: never anyone else's name
            statuses = EXCHANGES[kind][2]
            label = str(dict(statuses.choices).get(status, status)) if statuses else ""
            by_kind[kind].append(
                (at, Exchanged(kind, people[person_id].person, words, label, ritual))
            )
    return {
        kind: [
            exchanged
            for _at, exchanged in sorted(
                by_kind[kind], key=lambda row: row[0], reverse=newest_first
            )
        ]
        for kind, (*_, newest_first) in EXCHANGES.items()
    }


def _exchange_rows(
    kind: str, rows: QuerySet, start=None, end=None, when: str = "created_at"
) -> QuerySet:
    """One kind's rows (of the month by `when`, given a start and an end) as the union's
    columns."""
    person, shown_at, statuses, _newest_first = EXCHANGES[kind]
    columns = {
        "exchange_kind": Value(kind),
        "exchange_person": F(person),
        "exchange_at": F(shown_at),
        # An answer's words are not shown here: only that it was given.
        "exchange_words": F("text") if kind != "answer" else Value("", EncryptedCharField()),
        "exchange_status": F("status") if statuses else Value(""),
        # A reminder's ritual title, encrypted as the rituals keep it; read as such for all.
        "exchange_ritual": (
            F("ritual__title") if kind == "reminder" else Value("", EncryptedCharField())
        ),
    }
    if start is not None:
        rows = rows.filter(**{f"{when}__gte": start, f"{when}__lt": end})
    return rows.annotate(**columns).values_list(*columns).order_by()


def _who5(viewer, month: date) -> list:
    """The viewer's own recent WHO-5 scores up to this month, if they use the self-check."""
    scores = [score for score in who5_trend(viewer, WHO5_MONTHS) if score.month <= month]
    return scores if any(score.raw is not None for score in scores) else []


def _add_rituals(viewer, people: dict, month: date, last_day: date, *, own_only=False) -> None:
    # Whether the viewer may see each one's practice comes in the same query.
    rituals = Ritual.objects.with_practice_shown(viewer)
    if own_only:
        rituals = rituals.owned_by(viewer)
    rituals = list(rituals.filter(started_on__lte=last_day).order_by("created_at"))
    practice_ids = {ritual.pk for ritual in rituals if ritual.practice_shown}
    logs, pauses = logs_and_pauses(practice_ids, month, last_day)
    # The viewer's own today: marked in the current month, the days after it still to come.
    today = local_today(viewer)
    days = [month + timedelta(days=n) for n in range((last_day - month).days + 1)]
    for ritual in rituals:
        if ritual.status == Ritual.Status.ARCHIVED and not logs[ritual.pk]:
            continue
        cells = []
        if ritual.practice_shown:
            card = RitualCard(
                ritual=ritual, today=today, logs=logs[ritual.pk], pauses=pauses[ritual.pk]
            )
            cells = [card.cell(day) for day in days]
        people[ritual.owner_id].rituals.append(RitualMonth(ritual, ritual.practice_shown, cells))


def _add_checkins(viewer, people: dict, month: date, last_day: date, *, own_only=False) -> None:
    if own_only:  # the viewer's own, every part theirs to see: only what the trend draws
        wishes = words_of(viewer)
        rows = (
            CheckIn.objects.owned_by(viewer)
            .filter(evening__range=(month, last_day))
            .order_by("evening")
            .values_list("evening", "pleasantness", "energy", "sleep_hours", "wish")
        )
        evenings = [
            Evening(day, pleasantness, energy, hours, wishes.label("wish", wish) if wish else None)
            for day, pleasantness, energy, hours, wish in rows
        ]
        if evenings:
            people[viewer.pk].checkins = _trend(evenings, month, last_day)
        return
    by_owner = defaultdict(list)
    checkins = (
        CheckIn.objects.visible_to(viewer)
        .filter(evening__range=(month, last_day))
        .defer("note")  # the page draws trends, never a note
        .order_by("evening")
    )
    ours = [checkin for checkin in checkins if checkin.owner_id in people]  # always all
    for checkin in privacy.name_the_two(viewer, ours, "owner"):
        view = SharedCheckIn.of(checkin, viewer, note=False)
        by_owner[checkin.owner_id].append(
            Evening(
                view.evening,
                view.feeling["pleasantness"] if view.feeling else None,
                view.energy,
                view.sleep["hours"] if view.sleep else None,
                view.wish,
            )
        )
    for owner_id, evenings in by_owner.items():
        people[owner_id].checkins = _trend(evenings, month, last_day)


class Evening(NamedTuple):
    """What the month's trend reads of one check-in: only the parts its reader may see
    (None for the others)."""

    evening: date
    pleasantness: int | None
    energy: int | None
    sleep_hours: object  # Decimal | None
    wish: str | None  # in its owner's words


def _trend(evenings: list[Evening], month: date, last_day: date) -> CheckinTrend:
    feeling = [None] * ((last_day - month).days + 1)
    for one in evenings:
        if one.pleasantness is not None:
            feeling[(one.evening - month).days] = one.pleasantness
    energies = [one.energy for one in evenings if one.energy]
    sleeps = [float(one.sleep_hours) for one in evenings if one.sleep_hours]
    wishes = defaultdict(int)
    for one in evenings:
        if one.wish:
            wishes[one.wish] += 1
    return CheckinTrend(
        evenings=len(evenings),
        feeling=Series(gettext("Feeling (pleasantness)"), 5, feeling),
        energy_average=round(mean(energies), 1) if energies else None,
        sleep_average=round(mean(sleeps), 1) if sleeps else None,
        wishes=dict(wishes),
    )
