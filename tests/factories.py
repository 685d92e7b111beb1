from datetime import date

import factory

from accounts.models import User
from couples import services

PASSWORD = "a-long-kind-passphrase"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    time_zone = "Europe/London"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def make_couple(first: User | None = None, second: User | None = None) -> tuple[User, User]:
    """Two people paired the way the app pairs them: start, invite, accept."""
    first = first or UserFactory()
    second = second or UserFactory()
    couple = services.start_couple(first)
    invitation, _token = services.create_invitation(couple, by=first)
    services.accept_invitation(invitation, second)
    return first, second


class RitualFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "rituals.Ritual"

    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Ritual {n}")
    category = "journaling"
    intention = factory.Sequence(lambda n: f"secret intention {n}")
    schedule_kind = "daily"
    anchor = "evening"
    visibility = "private"
    started_on = date(2026, 1, 1)


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "checkins.CheckIn"

    owner = factory.SubFactory(UserFactory)
    evening = date(2026, 11, 18)
    pleasantness = 4
    feeling_energy = 2
    feeling_words = factory.LazyFunction(lambda: ["grateful"])
    sleep_hours = "7.5"
    sleep_quality = 4
    energy = 4
    wish = "practical"
    note = "note-secret-xyz"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "wellbeing.Contact"

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Contact {n}")
    kind = "friend"
    reach = "07700 900123"
    goes_for = "contact-secret-xyz"


class JournalEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "wellbeing.JournalEntry"

    owner = factory.SubFactory(UserFactory)
    written_on = date(2026, 11, 18)
    title = factory.Sequence(lambda n: f"Entry {n}")
    body = factory.Sequence(lambda n: f"journal-secret-{n}")


class Who5Factory(factory.django.DjangoModelFactory):
    class Meta:
        model = "wellbeing.Who5Response"

    owner = factory.SubFactory(UserFactory)
    month = date(2026, 11, 1)
    item1 = 3
    item2 = 3
    item3 = 3
    item4 = 3
    item5 = 3
