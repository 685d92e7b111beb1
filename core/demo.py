"""A demo couple to explore Duet with, created idempotently by `manage.py serve --demo`."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from accounts.models import User
from couples import privacy, services

DEMO_PASSWORD = "duet-demo-evening"


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


@transaction.atomic
def seed_demo() -> list[User]:
    """Create (or find) Ana and Sam as a couple; running it twice changes nothing."""
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
    return people
