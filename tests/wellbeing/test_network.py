"""The support network: each person's own people and services, private unless shared."""

import pytest
from django.urls import reverse

from tests.factories import ContactFactory
from wellbeing.models import Contact

pytestmark = pytest.mark.django_db

NETWORK = reverse("wellbeing:network")


def test_adding_a_contact_keeps_it_private_by_default(client, couple):
    ana, bo = couple
    client.force_login(ana)

    response = client.post(
        NETWORK,
        {
            "name": "Dr Rivera",
            "kind": "professional",
            "reach": "Tuesdays 5pm",
            "goes_for": "untangling old patterns",
        },
        follow=True,
    )

    contact = Contact.objects.get()
    assert (contact.owner, contact.shared) == (ana, False)
    assert "Added to your support network" in response.text
    assert "Therapist or counsellor" in response.text
    client.force_login(bo)
    assert "Dr Rivera" not in client.get(NETWORK).text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "kind": "friend"}, "Would you give them a name"),
        ({"name": "Kai", "kind": "enemy"}, "Select a valid choice"),
        ({"name": "Kai", "kind": "friend", "reach": "x" * 201}, "at most 200 characters"),
        ({"name": "Kai", "kind": "friend", "goes_for": "x" * 501}, "at most 500 characters"),
    ],
)
def test_bad_input_gets_a_clear_field_error(client, user, data, message):
    client.force_login(user)

    response = client.post(NETWORK, data)

    assert response.status_code == 400
    assert message in response.text
    assert not Contact.objects.exists()


def test_the_owner_edits_shares_and_removes_a_contact(client, couple):
    ana, bo = couple
    contact = ContactFactory(owner=ana, name="Sam")
    client.force_login(ana)

    client.post(
        reverse("wellbeing:contact_edit", args=[contact.pk]),
        {"name": "Sam", "kind": "family", "goes_for": "long walks", "shared": "on"},
    )
    client.force_login(bo)
    page = client.get(NETWORK).text
    assert "Sam" in page and "Ana goes to them for: long walks" in page

    client.force_login(ana)
    client.post(reverse("wellbeing:contact_delete", args=[contact.pk]))
    assert not Contact.objects.exists()


def test_the_network_page_links_to_resources(client, user):
    client.force_login(user)

    assert reverse("wellbeing:resources") in client.get(NETWORK).text


def test_the_string_of_a_contact_never_holds_its_private_details(user):
    contact = ContactFactory(owner=user, name="Sam", goes_for="private")

    assert "Sam" not in str(contact) and "private" not in str(contact)


def test_a_bad_edit_is_explained_and_changes_nothing(client, user):
    contact = ContactFactory(owner=user, name="Sam")
    client.force_login(user)

    response = client.post(
        reverse("wellbeing:contact_edit", args=[contact.pk]), {"name": "", "kind": "friend"}
    )

    assert response.status_code == 400
    assert "<h1>Change Sam</h1>" in response.text
    assert "Would you give them a name" in response.text
    contact.refresh_from_db()
    assert contact.name == "Sam"
