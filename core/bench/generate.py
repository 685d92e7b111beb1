"""Plausible history for many couples, fast: bulk inserts in large batches.

Used by `manage.py generate_data` and by the benchmark. Everything is deterministic for a
given seed, so two runs produce the same data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.models import User
from checkins.models import Acknowledgement, CheckIn
from couples.models import Couple, Membership
from goals.models import (
    Appreciation,
    JointActivity,
    MonthlyPlan,
    MonthlyReview,
    PersonalObjective,
    Win,
)
from goals.months import shift
from rituals.models import PracticeLog, Ritual
from support.models import GrantEvent, Reminder, SupportGrant

BATCH = 5000
PASSWORD = "bench-password-1"
ZONES = ["Europe/Lisbon", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "Australia/Sydney"]
RITUALS = [
    ("Morning pages", "journaling", "morning"),
    ("Walk after lunch", "movement", "midday"),
    ("Five minutes of breathing", "mindfulness", "evening"),
    ("Phone down", "sleep", "bedtime"),
]
OUTCOMES = ["done"] * 6 + ["partly", "adapted", "rest", "skipped"]


@dataclass
class Summary:
    couples: int = 0
    people: int = 0
    rituals: int = 0
    logs: int = 0
    checkins: int = 0
    acknowledgements: int = 0
    grants: int = 0
    reminders: int = 0
    plans: int = 0


def bench_email(couple: int, seat: int) -> str:
    return f"bench{couple}-{seat}@bench.duet"


def generate(couples: int, days: int, today: date, seed: int = 1) -> Summary:
    """Create `couples` couples with `days` days of history ending yesterday."""
    chance = random.Random(seed)
    summary = Summary()
    password = make_password(PASSWORD)  # one hash for everyone: hashing is the slow part
    start = today - timedelta(days=days)
    first_index = User.objects.filter(email__endswith="@bench.duet").count() // 2
    for number in range(first_index, first_index + couples):
        with transaction.atomic():
            _one_couple(number, chance, password, start, today, summary)
    return summary


def _one_couple(number, chance, password, start, today, summary) -> None:
    joined = datetime.combine(start, time(12), tzinfo=UTC)
    people = User.objects.bulk_create(
        User(
            email=bench_email(number, seat),
            display_name=f"Bench {number}-{seat}",
            time_zone=chance.choice(ZONES),
            password=password,
            date_joined=joined,
        )
        for seat in (1, 2)
    )
    couple = Couple.objects.create(created_at=joined)
    Membership.objects.bulk_create(
        Membership(couple=couple, user=person, seat=seat, joined_at=joined)
        for seat, person in enumerate(people, start=1)
    )
    rituals = Ritual.objects.bulk_create(
        Ritual(
            owner=person,
            title=title,
            category=category,
            intention=f"Private intention {number}",
            anchor=anchor,
            visibility=chance.choice(["private", "exists", "practice"]),
            started_on=start,
            created_at=joined,
        )
        for person in people
        for title, category, anchor in chance.sample(RITUALS, 3)
    )
    logs, checkins = [], []
    day = start
    while day < today:
        for ritual in rituals:
            if chance.random() < 0.75:
                logs.append(PracticeLog(ritual=ritual, day=day, outcome=chance.choice(OUTCOMES)))
        for person in people:
            if chance.random() < 0.8:
                pleasantness = chance.randint(1, 5)
                checkins.append(
                    CheckIn(
                        owner=person,
                        evening=day,
                        pleasantness=pleasantness,
                        feeling_energy=chance.randint(1, 5),
                        feeling_words=["calm"] if pleasantness > 3 else ["tired"],
                        sleep_hours=chance.choice([6, 6.5, 7, 7.5, 8]),
                        sleep_quality=chance.randint(1, 5),
                        energy=chance.randint(1, 5),
                        wish=chance.choice(["listen", "company", "space", "nothing", ""]),
                        note="A private note" if chance.random() < 0.2 else "",
                        share_feeling=True,
                        share_wish=chance.random() < 0.5,
                    )
                )
        day += timedelta(days=1)
    PracticeLog.objects.bulk_create(logs, batch_size=BATCH)
    CheckIn.objects.bulk_create(checkins, batch_size=BATCH)
    by_owner = {person.pk: person for person in people}
    partner_of = {people[0].pk: people[1], people[1].pk: people[0]}
    acknowledgements = [
        Acknowledgement(
            checkin=checkin,
            author=partner_of[checkin.owner_id],
            kind=chance.choice(["thanks", "here", "warmth"]),
        )
        for checkin in checkins
        if chance.random() < 0.3
    ]
    Acknowledgement.objects.bulk_create(acknowledgements, batch_size=BATCH)
    _support(people, rituals, start, today, chance, summary)
    _goals(couple, people, start, today, chance, summary)
    summary.couples += 1
    summary.people += len(by_owner)
    summary.rituals += len(rituals)
    summary.logs += len(logs)
    summary.checkins += len(checkins)
    summary.acknowledgements += len(acknowledgements)


def _support(people, rituals, start, today, chance, summary) -> None:
    ana, bo = people
    shared = [r for r in rituals if r.owner_id == ana.pk and r.visibility != "private"]
    grant = SupportGrant.objects.create(
        owner=ana,
        partner=bo,
        kind="remind",
        ritual=shared[0] if shared else None,
        weekly_cap=3,
        created_at=datetime.combine(start, time(12), tzinfo=UTC),
    )
    GrantEvent.objects.create(grant=grant, action="given", summary="Remind me", at=grant.created_at)
    target = shared[0] if shared else next(r for r in rituals if r.owner_id == ana.pk)
    reminders = []
    day = start
    while day < today:
        if chance.random() < 0.2:
            due = datetime.combine(day, time(18), tzinfo=UTC)
            reminders.append(
                Reminder(
                    grant=grant,
                    owner=ana,
                    partner=bo,
                    ritual=target,
                    text="Fancy a walk?",
                    due_at=due,
                    status="delivered",
                    delivered_at=due,
                    created_at=due - timedelta(hours=2),
                )
            )
        day += timedelta(days=1)
    Reminder.objects.bulk_create(reminders, batch_size=BATCH)
    summary.grants += 1
    summary.reminders += len(reminders)


def _goals(couple, people, start, today, chance, summary) -> None:
    month = start.replace(day=1)
    last = today.replace(day=1)
    plans, objectives, reviews, wins, appreciations = [], [], [], [], []
    while month <= last:
        plans.append(MonthlyPlan(couple=couple, month=month, our_month="A gentle month"))
        for person in people:
            objectives.append(
                PersonalObjective(owner=person, month=month, text="Read more", shared=True)
            )
            reviews.append(
                MonthlyReview(
                    owner=person, month=month, went_well="walks", shared=chance.random() < 0.5
                )
            )
            wins.append(Win(owner=person, month=month, text="A small win", shared=True))
        appreciations.append(
            Appreciation(author=people[0], recipient=people[1], month=month, text="Thank you")
        )
        month = shift(month, 1)
    plans = MonthlyPlan.objects.bulk_create(plans)
    JointActivity.objects.bulk_create(
        JointActivity(plan=plan, proposed_by=person, text="Walk together")
        for plan in plans
        for person in people
    )
    PersonalObjective.objects.bulk_create(objectives)
    MonthlyReview.objects.bulk_create(reviews)
    Win.objects.bulk_create(wins)
    Appreciation.objects.bulk_create(appreciations)
    summary.plans += len(plans)
