"""Resources: host-edited data, a shipped set of international directories, one click away
from every page, the check-in's low-feeling path and the support page."""

import pytest
from django.urls import reverse

from notifications.models import Notification
from wellbeing.models import Resource

pytestmark = pytest.mark.django_db

RESOURCES = reverse("wellbeing:resources")


def test_a_labelled_default_set_of_international_directories_ships_as_data():
    shipped = Resource.objects.filter(shipped_default=True)

    assert {r.name for r in shipped} >= {"Find A Helpline", "Befrienders Worldwide"}
    assert all(r.region == "International directory" and r.url for r in shipped)


def test_the_resources_page_lists_what_the_host_lists(client):
    Resource.objects.create(
        name="Samaritans", phone="116 123", region="UK and Ireland", hours="24/7", kind="crisis"
    )
    Resource.objects.filter(name="Befrienders Worldwide").update(listed=False)

    text = client.get(RESOURCES).text

    assert "Samaritans" in text and 'href="tel:116123"' in text and "24/7" in text
    assert "Find A Helpline" in text and "Shipped with Duet" in text
    assert "Befrienders Worldwide" not in text


@pytest.mark.parametrize("signed_in", [False, True])
def test_every_page_has_a_resources_link(client, user, signed_in):
    pages = [reverse("accounts:login"), reverse("accounts:signup")]
    if signed_in:
        client.force_login(user)
        pages = [
            reverse("rituals:today"),
            reverse("checkins:evening"),
            reverse("couples:home"),
            reverse("support:home"),
            reverse("accounts:profile"),
            reverse("wellbeing:journal"),
            reverse("wellbeing:who5"),
        ]

    for page in [*pages, "/no-such-page/"]:
        assert f'href="{RESOURCES}"' in client.get(page).text, page


def test_the_check_in_support_page_lists_the_hosts_resources(client, user):
    Resource.objects.create(name="Local Crisis Team", phone="0800 000", region="Our town")
    Resource.objects.filter(name="Find A Helpline").update(listed=False)
    client.force_login(user)

    text = client.get(reverse("checkins:support")).text

    assert "Local Crisis Team" in text and "Befrienders Worldwide" in text
    assert "Find A Helpline" not in text
    assert reverse("wellbeing:network") in text and f'href="{RESOURCES}"' in text


def test_the_support_page_links_to_resources_and_the_network(client, couple):
    client.force_login(couple[0])

    text = client.get(reverse("support:home")).text

    assert reverse("wellbeing:network") in text and f'href="{RESOURCES}"' in text


def test_reaching_for_resources_tells_the_partner_nothing(client, couple):
    ana, bo = couple
    client.force_login(ana)

    client.get(RESOURCES)
    client.get(reverse("checkins:support"))

    assert not Notification.objects.exists()


def test_the_host_edits_resources_in_the_admin_with_clear_errors(client, people):
    client.force_login(people.staff)
    add = reverse("admin:wellbeing_resource_add")
    base = {"name": "Helpline", "kind": "crisis", "region": "Here", "position": 5, "listed": "on"}

    refused = client.post(add, base)
    saved = client.post(add, {**base, "phone": "123"})

    assert "Add a phone number or a link" in refused.text
    assert saved.status_code == 302
    assert Resource.objects.filter(name="Helpline", phone="123").exists()


def test_partners_cannot_reach_the_admin(client, people):
    client.force_login(people.ana)

    response = client.get(reverse("admin:wellbeing_resource_changelist"))

    assert response.status_code == 302
