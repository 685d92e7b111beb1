"""Support records between Ana and Bo, from every side."""

from datetime import timedelta

import pytest
from django.urls import reverse

from couples.models import Boundary
from notifications.models import Notification
from support import services
from support.models import Reminder, SupportGrant
from tests.conftest import NOW
from tests.factories import RitualFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def exchange(people, frozen_now):
    """A grant, offer, reminder, request, boundary and notification between Ana and Bo."""
    ana, bo = people.ana, people.bo
    walk = RitualFactory(owner=ana, visibility="exists", title="Evening walk")
    remind = services.grant_support(
        SupportGrant(kind="remind", ritual=walk, phrasing="phrasing-secret"), owner=ana
    )
    accompany = services.grant_support(SupportGrant(kind="accompany"), owner=ana)
    reminder = services.schedule_reminder(
        remind, bo, walk, "reminder-secret", NOW + timedelta(hours=1)
    )
    delivered = services.schedule_reminder(
        remind, bo, walk, "delivered-secret", NOW + timedelta(minutes=1)
    )
    services.deliver_due_reminders(now=NOW + timedelta(minutes=2))
    delivered.refresh_from_db()
    return {
        "grant": remind,
        "offer": services.make_offer(accompany, bo, "offer-secret"),
        "reminder": reminder,
        "delivered": delivered,
        "request": services.ask_for_support(ana, "practical", "request-secret"),
        "boundary": Boundary.objects.create(owner=ana, kind="off_limits", text="boundary-secret"),
        "notification": Notification.objects.filter(recipient=ana).first(),
    }


OBJECT_URLS = [
    ("get", "support:grant_edit", "grant"),
    ("post", "support:grant_edit", "grant"),
    ("post", "support:grant_revoke", "grant"),
    ("post", "support:offer_answer", "offer"),
    ("post", "support:reminder_cancel", "reminder"),
    ("post", "support:reminder_snooze", "delivered"),
    ("post", "support:reminder_stop", "delivered"),
    ("post", "support:request_answer", "request"),
    ("post", "support:request_withdraw", "request"),
    ("post", "support:boundary_delete", "boundary"),
    ("post", "notifications:mark_read", "notification"),
]
SECRETS = [
    "phrasing-secret",
    "offer-secret",
    "reminder-secret",
    "delivered-secret",
    "request-secret",
    "boundary-secret",
]


def state(exchange) -> tuple:
    grant = SupportGrant.objects.get(pk=exchange["grant"].pk)
    reminders = tuple(Reminder.objects.order_by("pk").values_list("status", flat=True))
    return (grant.revoked_at, grant.weekly_cap, reminders, Boundary.objects.count())


@pytest.mark.parametrize(("method", "name", "key"), OBJECT_URLS)
@pytest.mark.parametrize("viewer", ["cy", "dee", "staff"])
def test_outsiders_get_404_and_change_nothing(client, people, exchange, method, name, key, viewer):
    before = state(exchange)
    client.force_login(getattr(people, viewer))

    response = getattr(client, method)(
        reverse(name, args=[exchange[key].pk]), {"answer": "yes", "kind": "remind", "weekly_cap": 9}
    )

    assert response.status_code == 404
    assert state(exchange) == before


@pytest.mark.parametrize(("method", "name", "key"), OBJECT_URLS)
def test_anonymous_visitors_are_sent_to_log_in(client, exchange, method, name, key):
    response = getattr(client, method)(reverse(name, args=[exchange[key].pk]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("support:grant_edit", "grant"),
        ("support:grant_revoke", "grant"),
        ("support:reminder_snooze", "delivered"),
        ("support:reminder_stop", "delivered"),
        ("support:request_withdraw", "request"),
        ("support:boundary_delete", "boundary"),
        ("notifications:mark_read", "notification"),
    ],
)
def test_the_partner_cannot_act_on_the_owners_side(client, people, exchange, name, key):
    before = state(exchange)
    client.force_login(people.bo)

    assert client.post(reverse(name, args=[exchange[key].pk])).status_code == 404
    assert state(exchange) == before


@pytest.mark.parametrize("viewer", ["cy", "dee", "staff"])
def test_outsiders_pages_show_nothing_of_the_exchange(client, people, exchange, viewer):
    client.force_login(getattr(people, viewer))

    text = "".join(
        client.get(reverse(name)).text
        for name in ["support:home", "support:history", "notifications:inbox", "couples:home"]
    )

    for secret in SECRETS:
        assert secret not in text


def test_each_partner_sees_their_side(client, people, exchange):
    client.force_login(people.bo)
    bo_text = client.get(reverse("support:home")).text
    assert "phrasing-secret" in bo_text and "boundary-secret" in bo_text
    assert "delivered-secret" not in client.get(reverse("notifications:inbox")).text

    client.force_login(people.ana)
    assert "delivered-secret" in client.get(reverse("notifications:inbox")).text


def test_support_page_query_count_is_bounded(
    client, people, exchange, django_assert_max_num_queries
):
    client.force_login(people.bo)

    with django_assert_max_num_queries(20):
        assert client.get(reverse("support:home")).status_code == 200


def test_a_grant_for_a_ritual_made_private_again_is_hidden_from_the_partner(people, client):
    ana, bo = people.ana, people.bo
    walk = RitualFactory(owner=ana, visibility="exists", title="Evening walk")
    services.grant_support(SupportGrant(kind="accompany", ritual=walk), owner=ana)
    walk.visibility = "private"
    walk.title = "renamed-secret"
    walk.save()

    assert not SupportGrant.objects.visible_to(bo).exists()
    assert SupportGrant.objects.visible_to(ana).count() == 1
    client.force_login(bo)
    assert "renamed-secret" not in client.get(reverse("support:home")).text

    walk.visibility = "practice"
    walk.save()
    assert SupportGrant.objects.visible_to(bo).count() == 1
