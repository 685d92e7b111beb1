"""A demo couple to explore Duet with, created idempotently by `manage.py serve --demo`."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import time, timedelta

from django.db import transaction

from accounts.localtime import current_evening, local_today
from accounts.models import User
from checkins.models import Acknowledgement, CheckIn, SharingDefaults
from couples import privacy, services
from goals import months
from goals import services as goal_services
from goals.models import MonthlyReview, PersonalObjective, Win
from rituals import services as ritual_services
from rituals.models import JointRitual, Pause, PracticeLog, Ritual
from wellbeing import services as wellbeing_services
from wellbeing.models import Contact, JournalEntry, Who5Response

DEMO_PASSWORD = "duet-demo-evening"
HISTORY_DAYS = 24


@dataclass(frozen=True)
class DemoPerson:
    email: str
    display_name: str
    pronouns: str
    time_zone: str


DEMO_PEOPLE = (
    DemoPerson("ana@demo.duet", "Ana", "she/her", "Europe/Lisbon"),
    DemoPerson("sam@demo.duet", "Sam", "they/them", "Europe/Berlin"),
)

DEMO_RITUALS = {
    "ana@demo.duet": [
        {
            "title": "Morning pages",
            "category": "journaling",
            "intention": "Three pages before the day gets loud, to hear what I think.",
            "anchor": "morning",
            "visibility": "practice",
        },
        {
            "title": "Walk after lunch",
            "category": "movement",
            "intention": "Daylight and a break from screens.",
            "schedule_kind": "weekdays",
            "weekdays": 0b0011111,
            "anchor": "midday",
            "visibility": "exists",
        },
        {
            "title": "Phone down",
            "category": "sleep",
            "intention": "Sleep comes easier without the scroll.",
            "anchor": "at_time",
            "anchor_time": time(22, 30),
        },
    ],
    "sam@demo.duet": [
        {
            "title": "Five minutes of breathing",
            "category": "mindfulness",
            "intention": "A pause between work and evening.",
            "anchor": "evening",
            "visibility": "practice",
        },
        {
            "title": "Climbing",
            "category": "movement",
            "intention": "Strength, and friends who make me laugh.",
            "schedule_kind": "per_week",
            "times_per_week": 2,
            "anchor": "evening",
            "visibility": "exists",
        },
    ],
}


@transaction.atomic
def seed_demo() -> list[User]:
    """Create (or find) Ana and Sam as a couple with a few weeks of history; idempotent."""
    people = []
    for person in DEMO_PEOPLE:
        user = User.objects.filter(email=person.email).first()
        if user is None:
            user = User.objects.create_user(
                email=person.email,
                password=DEMO_PASSWORD,
                display_name=person.display_name,
                pronouns=person.pronouns,
                time_zone=person.time_zone,
            )
        people.append(user)
    ana, sam = people
    if privacy.current_couple(ana) is None and privacy.current_couple(sam) is None:
        couple = services.start_couple(ana)
        invitation, _token = services.create_invitation(couple, by=ana)
        services.accept_invitation(invitation, sam)
    privacy.forget(ana)
    if not Ritual.objects.filter(owner__in=people).exists():
        _seed_rituals(ana, sam)
    if not CheckIn.objects.filter(owner__in=people).exists():
        _seed_checkins(ana, sam)
    if not PersonalObjective.objects.filter(owner__in=people).exists():
        _seed_month(ana, sam)
    if not JournalEntry.objects.filter(owner__in=people).exists():
        _seed_wellbeing(ana, sam)
    return people


def _seed_wellbeing(ana: User, sam: User) -> None:
    """A support network, a few journal entries (some brought to revisit together), a first
    version of the shared vision and three months of Ana's WHO-5."""
    for owner, name, kind, reach, goes_for, shared in [
        (ana, "Dr Rivera", "professional", "Tuesdays, 17:00", "Untangling old patterns", False),
        (sam, "Jo", "friend", "Climbing on Thursdays", "Laughing until it's lighter", True),
    ]:
        Contact.objects.create(
            owner=owner, name=name, kind=kind, reach=reach, goes_for=goes_for, shared=shared
        )
    for owner, title, body, tags, shared in [
        (
            ana,
            "After the call",
            "I felt small after the call; a walk helped.",
            ["trigger", "coping"],
            True,
        ),
        (ana, "Just for me", "Some thoughts I'm keeping to myself for now.", ["pattern"], False),
        (sam, "Asked for help", "I asked for help at work and it went fine.", ["win"], True),
    ]:
        entry = wellbeing_services.save_entry(
            JournalEntry(owner=owner, title=title, body=body), tags
        )
        if shared:
            wellbeing_services.share_entry(entry)
    couple = privacy.current_couple(ana)
    if couple and not couple.vision_versions.exists():
        services.save_vision(
            couple,
            ana,
            0,
            {
                "safety": "We can say “not tonight” and it's heard kindly.",
                "predictability": "Sunday evenings we look at the week together.",
                "joy": "Dancing in the kitchen; long walks without phones.",
            },
        )
    this_month = local_today(ana).replace(day=1)
    for back, items in enumerate([(3, 3, 4, 2, 3), (2, 3, 3, 2, 2), (3, 2, 3, 3, 3)]):
        month = (this_month - timedelta(days=28 * back)).replace(day=1)
        Who5Response.objects.get_or_create(
            owner=ana,
            month=month,
            defaults={f"item{n}": value for n, value in enumerate(items, start=1)},
        )


def _seed_rituals(ana: User, sam: User) -> None:
    chance = random.Random(2026)  # the same plausible history on every machine
    created = {}
    for person in (ana, sam):
        started = local_today(person) - timedelta(days=HISTORY_DAYS)
        for plan in DEMO_RITUALS[person.email]:
            ritual = Ritual.objects.create(owner=person, started_on=started, **plan)
            _seed_logs(ritual, started, local_today(person), chance)
            created[ritual.title] = ritual
    walk = created["Walk after lunch"]
    Pause.objects.create(
        ritual=walk,
        starts_on=local_today(ana) - timedelta(days=12),
        ends_on=local_today(ana) - timedelta(days=8),
        reason="A cold",
    )
    PracticeLog.objects.filter(
        ritual=walk, day__range=(local_today(ana) - timedelta(days=12), local_today(ana))
    ).filter(day__lt=local_today(ana) - timedelta(days=8)).delete()
    wind_down = JointRitual.objects.create(
        couple=privacy.current_couple(ana),
        proposed_by=sam,
        invitee=ana,
        title="Screen-free wind-down",
        category="sleep",
        intention="Half an hour together without screens before bed.",
        anchor="bedtime",
    )
    ritual_services.respond_to_joint_ritual(wind_down, ana, accept=True)


def _seed_logs(ritual: Ritual, first, today, chance: random.Random) -> None:
    outcomes = ["done"] * 6 + ["partly", "adapted", "rest", "skipped"]
    logs = []
    day = first
    while day < today:
        if ritual.is_scheduled_on(day) and chance.random() < 0.8:
            outcome = chance.choice(outcomes)
            logs.append(
                PracticeLog(
                    ritual=ritual,
                    day=day,
                    outcome=outcome,
                    adaptation="a shorter version" if outcome == "adapted" else "",
                )
            )
        day += timedelta(days=1)
    PracticeLog.objects.bulk_create(logs)


def _seed_checkins(ana: User, sam: User) -> None:
    """Most evenings checked in, feeling and wish shared, notes kept private."""
    chance = random.Random(7)
    words = {
        1: ["drained"],
        2: ["tired", "stressed"],
        3: ["restless"],
        4: ["content"],
        5: ["joyful"],
    }
    wishes = ["listen", "company", "space", "nothing"]
    for person, partner in ((ana, sam), (sam, ana)):
        SharingDefaults.objects.update_or_create(
            owner=person, defaults={"share_feeling": True, "share_wish": True}
        )
        tonight = current_evening(person)
        for back in range(1, HISTORY_DAYS):
            if chance.random() > 0.8:
                continue
            pleasantness = chance.choice([2, 3, 3, 4, 4, 4, 5])
            checkin = CheckIn.objects.create(
                owner=person,
                evening=tonight - timedelta(days=back),
                pleasantness=pleasantness,
                feeling_energy=chance.randint(2, 4),
                feeling_words=words[pleasantness],
                sleep_hours=chance.choice(["6.0", "6.5", "7.0", "7.5", "8.0"]),
                sleep_quality=chance.randint(2, 5),
                energy=max(1, min(5, pleasantness + chance.choice([-1, 0, 0, 1]))),
                wish=chance.choice(wishes),
                note="A private note, for me only." if back % 5 == 0 else "",
                share_feeling=True,
                share_wish=True,
            )
            if chance.random() < 0.5:
                Acknowledgement.objects.create(
                    checkin=checkin,
                    author=partner,
                    kind=chance.choice(["thanks", "here", "warmth"]),
                )


def _seed_month(ana: User, sam: User) -> None:
    """This month's plan for both, and last month's kind reviews."""
    this = months.current_month(ana)
    last = months.shift(this, -1)
    goal_services.set_objective(ana, this, "Read a chapter before bed, three nights a week", True)
    goal_services.set_objective(sam, this, "Climb with friends every Thursday", False)
    walk = goal_services.propose_activity(ana, this, "A Sunday walk by the river")
    goal_services.answer_activity(walk, sam, "accept")
    goal_services.propose_activity(sam, this, "Cook something new together")
    MonthlyReview.objects.create(
        owner=ana,
        month=last,
        went_well="Morning pages most days.",
        learned="A cold is a reason to rest, not to push.",
        adjust="Earlier nights on weekdays.",
        shared=True,
    )
    Win.objects.create(owner=sam, month=this, text="Said no to an extra project", shared=True)
    goal_services.appreciate(sam, this, "Thank you for the tea when I came home late on Tuesday.")
