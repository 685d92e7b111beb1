"""The inbox, its polled unread badge, mark read and mark all read."""

import pytest
from django.urls import reverse

from notifications.models import Notification
from notifications.services import notify

pytestmark = pytest.mark.django_db
BADGE = reverse("notifications:badge")


def test_every_page_polls_the_badge_without_inline_script(client, user):
    notify(user, "offer", "Bo offers: tea?")
    client.force_login(user)

    page = client.get(reverse("rituals:today")).text

    assert 'hx-get="/inbox/badge/"' in page and 'hx-trigger="every 60s"' in page
    assert '1<span class="visually-hidden"> unread' in page
    assert "<script>" not in page and "onclick" not in page


def test_badge_counts_only_the_viewers_unread(client, people):
    notify(people.ana, "offer", "one")
    notify(people.ana, "offer", "two")
    notify(people.bo, "offer", "Bo's own")
    client.force_login(people.ana)

    response = client.get(BADGE, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert '<span class="badge-count">2<' in response.text
    assert "<html" not in response.text, "just the fragment"

    Notification.objects.filter(recipient=people.ana).update(read_at="2026-01-01T00:00Z")
    assert "badge-count" not in client.get(BADGE).text


def test_badge_tells_htmx_to_stop_polling_after_logout(client):
    assert client.get(BADGE).status_code == 286


def test_badge_count_never_delivers_reminders_itself(client, user, django_assert_num_queries):
    client.force_login(user)
    with django_assert_num_queries(3):  # session, user, the count
        client.get(BADGE)


def test_mark_read_and_mark_all_read(client, user):
    first = notify(user, "offer", "first", "/support/")
    notify(user, "offer", "second")
    client.force_login(user)

    response = client.post(reverse("notifications:mark_read", args=[first.pk]))
    assert response["Location"] == "/support/"
    assert Notification.objects.unread().count() == 1

    client.post(reverse("notifications:mark_all_read"))
    assert Notification.objects.unread().count() == 0


def test_only_the_recipient_can_mark_a_notification(client, people):
    notification = notify(people.ana, "offer", "for Ana only")

    for other in (people.bo, people.cy, people.dee, people.staff):
        client.force_login(other)
        assert (
            client.post(reverse("notifications:mark_read", args=[notification.pk])).status_code
            == 404
        )
        client.post(reverse("notifications:mark_all_read"))
        assert "for Ana only" not in client.get(reverse("notifications:inbox")).text
    client.logout()
    assert (
        client.post(reverse("notifications:mark_read", args=[notification.pk])).status_code == 302
    )

    notification.refresh_from_db()
    assert notification.read_at is None
