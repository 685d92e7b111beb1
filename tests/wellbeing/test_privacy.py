"""Every wellbeing URL from the owner's, partner's, former partner's, stranger's, staff's and
anonymous side: nothing of Ana's is reachable or changeable by anyone she didn't choose."""

import pytest
from django.urls import reverse

from tests.factories import ContactFactory, JournalEntryFactory, Who5Factory
from wellbeing.models import Contact, JournalAcknowledgement, JournalEntry

pytestmark = pytest.mark.django_db

OUTSIDERS = ["cy", "dee", "staff"]
FORM = {
    "name": "Taken over",
    "kind": "group",
    "reach": "x",
    "goes_for": "x",
    "shared": "on",
    "title": "Taken over",
    "body": "Taken over",
    "tags": ["win"],
    "share": "yes",
}
CONTACT_URLS = [
    ("get", "wellbeing:contact_edit"),
    ("post", "wellbeing:contact_edit"),
    ("post", "wellbeing:contact_delete"),
]
ENTRY_URLS = [
    ("get", "wellbeing:entry_edit"),
    ("post", "wellbeing:entry_edit"),
    ("post", "wellbeing:entry_delete"),
    ("post", "wellbeing:entry_share"),
]
PAGES = [
    "wellbeing:home",
    "wellbeing:network",
    "wellbeing:journal",
    "wellbeing:entry_create",
    "wellbeing:revisit",
    "wellbeing:who5",
    "couples:vision",
    "couples:vision_history",
]


def contact_snapshot(contact):
    contact.refresh_from_db()
    return (contact.name, contact.kind, contact.shared, contact.goes_for)


def entry_snapshot(entry):
    entry.refresh_from_db()
    return (entry.title, entry.body, entry.shared_at, list(entry.tags.all()))


@pytest.mark.parametrize(("method", "name"), CONTACT_URLS)
@pytest.mark.parametrize("shared", [False, True])
@pytest.mark.parametrize("viewer", ["bo", *OUTSIDERS])
def test_no_one_but_the_owner_changes_a_contact(client, people, method, name, shared, viewer):
    contact = ContactFactory(owner=people.ana, name="Ana's aunt", shared=shared)
    before = contact_snapshot(contact)
    client.force_login(getattr(people, viewer))

    response = getattr(client, method)(reverse(name, args=[contact.pk]), FORM)

    assert response.status_code == 404
    assert "contact-secret-xyz" not in response.text
    assert contact_snapshot(contact) == before


@pytest.mark.parametrize(("method", "name"), ENTRY_URLS)
@pytest.mark.parametrize("shared", [False, True])
@pytest.mark.parametrize("viewer", ["bo", *OUTSIDERS])
def test_no_one_but_the_owner_changes_an_entry(
    client, people, frozen_now, method, name, shared, viewer
):
    entry = JournalEntryFactory(owner=people.ana, shared_at=frozen_now() if shared else None)
    before = entry_snapshot(entry)
    client.force_login(getattr(people, viewer))

    response = getattr(client, method)(reverse(name, args=[entry.pk]), FORM)

    assert response.status_code == 404
    assert entry.body not in response.text
    assert entry_snapshot(entry) == before


@pytest.mark.parametrize(("method", "name"), CONTACT_URLS)
def test_the_owner_reaches_every_contact_url(client, people, method, name):
    contact = ContactFactory(owner=people.ana)
    client.force_login(people.ana)

    response = getattr(client, method)(reverse(name, args=[contact.pk]), FORM)

    assert response.status_code in {200, 302}


@pytest.mark.parametrize(("method", "name"), ENTRY_URLS)
def test_the_owner_reaches_every_entry_url(client, people, method, name):
    entry = JournalEntryFactory(owner=people.ana)
    client.force_login(people.ana)

    response = getattr(client, method)(reverse(name, args=[entry.pk]), FORM)

    assert response.status_code in {200, 302}


@pytest.mark.parametrize("shared", [False, True])
@pytest.mark.parametrize("viewer", ["ana", *OUTSIDERS])
def test_only_the_current_partner_answers_a_shared_entry(
    client, people, frozen_now, shared, viewer
):
    entry = JournalEntryFactory(owner=people.ana, shared_at=frozen_now() if shared else None)
    client.force_login(getattr(people, viewer))

    response = client.post(
        reverse("wellbeing:entry_acknowledge", args=[entry.pk]), {"kind": "hear"}
    )

    assert response.status_code == 404
    assert not JournalAcknowledgement.objects.exists()


def test_the_partner_cannot_answer_an_entry_that_is_not_shared(client, people):
    entry = JournalEntryFactory(owner=people.ana)
    client.force_login(people.bo)

    response = client.post(
        reverse("wellbeing:entry_acknowledge", args=[entry.pk]), {"kind": "hear"}
    )

    assert response.status_code == 404
    assert not JournalAcknowledgement.objects.exists()


@pytest.mark.parametrize(
    ("method", "name"),
    [("get", name) for name in PAGES]
    + [("post", name) for name in PAGES if name != "wellbeing:home"]
    + CONTACT_URLS
    + ENTRY_URLS
    + [("post", "wellbeing:entry_acknowledge")],
)
def test_anonymous_visitors_are_sent_to_log_in(client, people, method, name):
    contact = ContactFactory(owner=people.ana)
    entry = JournalEntryFactory(owner=people.ana)
    args = []
    if "contact" in name:
        args = [contact.pk]
    elif name.startswith("wellbeing:entry_") and name != "wellbeing:entry_create":
        args = [entry.pk]
    before = (contact_snapshot(contact), entry_snapshot(entry), Contact.objects.count())

    response = getattr(client, method)(reverse(name, args=args), FORM)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    after = (contact_snapshot(contact), entry_snapshot(entry), Contact.objects.count())
    assert after == before
    assert JournalEntry.objects.count() == 1


def test_resources_are_open_to_everyone_and_hold_nothing_private(client, people):
    ContactFactory(owner=people.ana, shared=True)

    response = client.get(reverse("wellbeing:resources"))

    assert response.status_code == 200
    assert "Find A Helpline" in response.text
    assert "contact-secret-xyz" not in response.text


@pytest.fixture
def anas_things(people, frozen_now):
    return {
        "private_contact": ContactFactory(
            owner=people.ana, name="private-contact", goes_for="private-goes-for"
        ),
        "shared_contact": ContactFactory(
            owner=people.ana, name="shared-contact", goes_for="shared-goes-for", shared=True
        ),
        "private_entry": JournalEntryFactory(
            owner=people.ana, title="private-entry", body="private-body"
        ),
        "shared_entry": JournalEntryFactory(
            owner=people.ana, title="shared-entry", body="shared-body", shared_at=frozen_now()
        ),
        "private_who5": Who5Factory(owner=people.ana, item1=0),  # 12 of 25
        "shared_who5": Who5Factory(
            owner=people.ana, month="2026-10-01", item1=5, shared=True
        ),  # 17 of 25
    }


def everything_seen_by(client, person) -> str:
    client.force_login(person)
    return "".join(client.get(reverse(name)).text for name in PAGES)


def test_the_partner_sees_exactly_what_ana_shares(client, people, anas_things):
    text = everything_seen_by(client, people.bo)

    for shared in ["shared-contact", "shared-goes-for", "shared-entry", "shared-body"]:
        assert shared in text
    for private in ["private-contact", "private-goes-for", "private-entry", "private-body"]:
        assert private not in text
    assert "17 of 25" in text
    assert "12 of 25" not in text


@pytest.mark.parametrize("viewer", OUTSIDERS)
def test_outsiders_see_nothing_of_anas_even_what_she_shares(client, people, anas_things, viewer):
    text = everything_seen_by(client, getattr(people, viewer))

    for marker in ["contact", "goes-for", "entry", "body"]:
        assert f"shared-{marker}" not in text
        assert f"private-{marker}" not in text
    assert "17 of 25" not in text and "12 of 25" not in text


def test_the_owner_sees_all_of_her_own(client, people, anas_things):
    text = everything_seen_by(client, people.ana)

    for marker in ["private-contact", "shared-contact", "private-body", "shared-body"]:
        assert marker in text


def test_un_sharing_hides_an_entry_and_its_answers_on_the_next_request(client, people, anas_things):
    entry = anas_things["shared_entry"]
    JournalAcknowledgement.objects.create(
        entry=entry, author=people.bo, kind="hear", note="ack-xyz"
    )
    assert "ack-xyz" in everything_seen_by(client, people.bo)

    JournalEntry.objects.filter(pk=entry.pk).update(shared_at=None)

    text = everything_seen_by(client, people.bo)
    assert "shared-body" not in text and "ack-xyz" not in text


def test_leaving_the_couple_hides_everything_at_once(client, people, anas_things):
    from couples import services

    services.leave_couple(people.ana)

    text = everything_seen_by(client, people.bo)
    assert "shared-contact" not in text and "shared-body" not in text and "17 of 25" not in text


def test_the_admin_offers_resources_only_and_never_private_text(client, people, anas_things):
    client.force_login(people.staff)

    index = client.get(reverse("admin:index")).text
    assert reverse("admin:wellbeing_resource_changelist") in index
    for model in ["contact", "journalentry", "journalacknowledgement", "who5response"]:
        assert f"/admin/wellbeing/{model}/" not in index
        assert client.get(f"/admin/wellbeing/{model}/").status_code == 404
    assert client.get("/admin/couples/visionversion/").status_code == 404
    resources = client.get(reverse("admin:wellbeing_resource_changelist")).text
    for private in ["private-body", "shared-body", "goes-for"]:
        assert private not in index + resources
