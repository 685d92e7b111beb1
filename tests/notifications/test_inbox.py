"""The inbox, its polled unread badge, mark read and mark all read."""

import pytest
from django.urls import reverse

from notifications.catalogue import reword_told
from notifications.models import Notification
from notifications.services import notify
from tests.html import drawn as page_drawn

pytestmark = pytest.mark.django_db
BADGE = reverse("notifications:badge")
TODAY = reverse("rituals:today")


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

    client.post(reverse("notifications:mark_all_read"))
    assert "badge-count" not in client.get(BADGE).text


def test_the_kept_count_follows_every_new_and_every_read_item(
    client, people, django_capture_on_commit_callbacks
):
    """The count pages show is kept under the couple's version, and the next page is exact:
    after an item the worker delivers (no request of anyone's), one read through the web, and
    one the worker rewords as read."""
    client.force_login(people.ana)
    assert "badge-count" not in client.get(TODAY).text

    with django_capture_on_commit_callbacks(execute=True):
        first = notify(people.ana, "offer", "one")  # as the worker does, outside any request
    assert '<span class="badge-count">1<' in client.get(TODAY).text
    with django_capture_on_commit_callbacks(execute=True):
        notify(people.ana, "offer", "two")
    assert '<span class="badge-count">2<' in client.get(TODAY).text

    client.post(reverse("notifications:mark_read", args=[first.pk]))
    assert '<span class="badge-count">1<' in client.get(TODAY).text

    with django_capture_on_commit_callbacks(execute=True):
        reword_told(Notification.objects.filter(recipient=people.ana), "It has ended.")
    assert "badge-count" not in client.get(TODAY).text


def test_the_kept_count_is_the_viewers_own(client, people, django_capture_on_commit_callbacks):
    """Both partners' pages are kept under one couple version: each keeps their own count."""
    with django_capture_on_commit_callbacks(execute=True):
        notify(people.ana, "offer", "for Ana")
    client.force_login(people.ana)
    assert '<span class="badge-count">1<' in client.get(TODAY).text
    client.force_login(people.bo)
    assert "badge-count" not in client.get(TODAY).text


def test_a_page_that_reads_no_couple_counts_afresh(client, people):
    """Keying the count by the couple's version would cost a page that reads no couple (the
    list of places beyond the two) a query of its own: there it is counted, so even a change
    behind the app's back shows at once."""
    notify(people.ana, "offer", "one")
    client.force_login(people.ana)
    beyond = reverse("wellbeing:home")
    assert '<span class="badge-count">1<' in client.get(beyond).text

    Notification.objects.filter(recipient=people.ana).update(read_at="2026-01-01T00:00Z")

    assert "badge-count" not in client.get(beyond).text


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


def test_the_inbox_shows_the_newest_thirty_and_older_ones_a_page_away(client, people):
    for number in range(35):
        notify(people.ana, "offer", f"offer number {number:02d}.")
    notify(people.bo, "offer", "Bo's own offer.")
    client.force_login(people.ana)
    inbox = reverse("notifications:inbox")

    first = client.get(inbox).text
    second = client.get(inbox, {"page": "2"}).text

    assert "offer number 34." in first and "offer number 05." in first
    assert "offer number 04." not in first
    assert '<a href="?page=2">Older notifications</a>' in first
    assert "Newer notifications" not in first
    assert all(f"offer number {n:02d}." in second for n in range(5))
    assert "offer number 05." not in second
    assert '<a href="?page=1">Newer notifications</a>' in second
    assert "Older notifications" not in second
    assert "Bo's own offer." not in first + second


@pytest.mark.parametrize("page", ["0", "-3", "two", ""])
def test_a_page_that_is_not_one_shows_the_newest(client, user, page):
    notify(user, "offer", "The newest offer.")
    client.force_login(user)

    response = client.get(reverse("notifications:inbox"), {"page": page})

    assert response.status_code == 200
    assert "The newest offer." in response.text


@pytest.mark.parametrize("page", ["3", "99999999999999999999"])
def test_a_page_past_the_oldest_shows_the_oldest(client, user, page):
    for number in range(31):
        notify(user, "offer", f"offer number {number:02d}.")
    client.force_login(user)

    shown = client.get(reverse("notifications:inbox"), {"page": page}).text

    assert "offer number 00." in shown and "offer number 01." not in shown
    assert '<a href="?page=1">Newer notifications</a>' in shown
    assert "Older notifications" not in shown


def test_the_inbox_is_kept_through_my_own_check_in_and_follows_every_change_to_it(
    client, people, frozen_now, django_capture_on_commit_callbacks
):
    """Kept apart from my own notes (couples/versions.py), each of my inbox's pages: my
    check-in leaves it kept; a new item, one read, my partner's leaving show at once."""
    from tests.checkins.test_views import answers

    inbox = reverse("notifications:inbox")
    with django_capture_on_commit_callbacks(execute=True):
        first = notify(people.ana, "reminder", "Bo reminds you: the walk.", actor=people.bo)
    client.force_login(people.ana)

    def drawn() -> tuple[str, int]:
        return page_drawn(client, inbox)

    _text, drawn_with = drawn()
    _text, kept_with = drawn()
    assert kept_with < drawn_with
    assert client.post(reverse("checkins:evening"), answers()).status_code == 302
    assert drawn()[1] == kept_with

    with django_capture_on_commit_callbacks(execute=True):
        notify(people.ana, "offer", "Bo offers: tea?")  # as the worker does
    text, _queries = drawn()
    assert "Bo offers: tea?" in text and "Bo reminds you: the walk." in text
    client.post(reverse("notifications:mark_read", args=[first.pk]))
    assert f'action="/inbox/{first.pk}/read/"' not in drawn()[0]

    client.force_login(people.bo)
    client.post(reverse("couples:leave"), {"confirm": "on"})
    client.force_login(people.ana)
    assert "Bo reminds you" not in drawn()[0]  # worded as from a former partner now
