"""The private, revocable calendar feed of one's own ritual schedule."""

import re
from datetime import date, time

import pytest
from django.urls import reverse

from rituals.models import CalendarFeed
from tests.factories import RitualFactory

pytestmark = pytest.mark.django_db
SETTINGS = reverse("rituals:calendar")


def issue(client, person) -> str:
    """Make a feed address through the settings page, as its owner does; return its path."""
    client.force_login(person)
    page = client.post(reverse("rituals:calendar_issue")).text
    return re.search(r'value="http://testserver(/calendar/[^"]+\.ics)"', page).group(1)


def test_the_feed_carries_titles_and_times_never_intentions(client, people):
    ana = people.ana
    ana.time_zone = "America/New_York"
    ana.save()
    RitualFactory(
        owner=ana,
        title="Morning pages; slowly",
        anchor="morning",
        intention="ana-private-why",
        started_on=date(2026, 11, 2),
    )
    RitualFactory(
        owner=ana,
        title="Yoga",
        schedule_kind="weekdays",
        weekdays=0b0010100,
        anchor="at_time",
        anchor_time=time(18, 15),
        started_on=date(2026, 11, 2),
    )
    RitualFactory(owner=ana, title="Call a friend", schedule_kind="per_week", times_per_week=2)
    RitualFactory(owner=ana, title="Paused one", status="paused")
    RitualFactory(owner=people.bo, title="Bo's ritual", visibility="practice")
    path = issue(client, ana)
    client.logout()  # calendar apps have no session

    response = client.get(path)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    feed = response.content.decode()
    assert feed.startswith("BEGIN:VCALENDAR\r\n") and feed.endswith("END:VCALENDAR\r\n")
    assert "SUMMARY:Morning pages\\; slowly" in feed
    assert "DTSTART;TZID=America/New_York:20261102T080000" in feed
    assert "RRULE:FREQ=DAILY" in feed
    # Wednesday and Friday; the first occurrence is the first such day from the start.
    assert "DTSTART;TZID=America/New_York:20261104T181500" in feed
    assert "RRULE:FREQ=WEEKLY;BYDAY=WE,FR" in feed
    assert "Call a friend" in feed and "2× a week" in feed
    for never in ("ana-private-why", "Paused one", "Bo's ritual", "intention"):
        assert never not in feed


def test_only_a_hash_of_the_address_is_stored(client, user):
    path = issue(client, user)
    token = path.removeprefix("/calendar/").removesuffix(".ics")

    assert len(token) >= 40
    assert token not in CalendarFeed.objects.get(owner=user).token_hash
    assert token not in client.get(SETTINGS).text, "shown once, never again"


def test_a_revoked_address_answers_404(client, user):
    path = issue(client, user)

    response = client.post(reverse("rituals:calendar_revoke"))

    assert response.status_code == 302
    assert client.get(path).status_code == 404
    assert not CalendarFeed.objects.exists()


def test_a_new_address_replaces_the_old_one(client, user):
    old = issue(client, user)
    new = issue(client, user)

    assert old != new
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_unknown_addresses_answer_404(client, user):
    issue(client, user)
    client.logout()

    assert client.get("/calendar/not-a-real-token.ics").status_code == 404
    assert client.get("/calendar/.ics").status_code == 404


def test_a_deactivated_account_feed_answers_404(client, user):
    path = issue(client, user)
    user.is_active = False
    user.save()

    assert client.get(path).status_code == 404


def test_the_calendar_address_is_the_owners_only(client, people):
    RitualFactory(owner=people.ana, title="Ana's walk", visibility="practice")
    path = issue(client, people.ana)
    client.logout()
    for response in (
        client.get(SETTINGS),
        client.post(reverse("rituals:calendar_issue")),
        client.post(reverse("rituals:calendar_revoke")),
    ):
        assert response["Location"].startswith(reverse("accounts:login"))

    for other in (people.bo, people.cy, people.dee, people.staff):
        client.force_login(other)
        page = client.get(SETTINGS).text
        assert "You don't have a calendar address yet" in page
        client.post(reverse("rituals:calendar_revoke"))  # revokes their own, not Ana's
        own = issue(client, other)
        assert "Ana's walk" not in client.get(own).content.decode()

    assert client.get(path).status_code == 200, "Ana's address still works"


def test_long_titles_are_folded_as_icalendar_requires(client, user):
    title = ("Évening wälk, slow; gentle — " * 3)[:80]
    RitualFactory(owner=user, title=title)
    path = issue(client, user)

    body = client.get(path).content

    assert all(len(line) <= 75 for line in body.split(b"\r\n"))
    unfolded = body.decode().replace("\r\n ", "")
    assert "SUMMARY:" + title.replace(",", "\\,").replace(";", "\\;") in unfolded
