"""The private, revocable calendar feed of one's own ritual schedule."""

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
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


def feed_of(client, person) -> bytes:
    path = issue(client, person)
    client.logout()
    return client.get(path).content


def tzids_used(calendar: icalendar.Calendar) -> set[str]:
    return {
        value.params["TZID"]
        for component in calendar.walk()
        for value in component.values()
        if hasattr(value, "params") and "TZID" in value.params
    }


def test_the_feed_parses_back_as_rfc_5545_requires(client, people, frozen_now):
    ana = people.ana
    ana.time_zone = "Europe/Berlin"
    ana.save()
    RitualFactory(owner=ana, title="Tea; slowly, outside " * 4, anchor="morning")
    RitualFactory(owner=ana, anchor="at_time", anchor_time=time(2, 30), calendar_alarm=True)
    RitualFactory(owner=ana, schedule_kind="per_week", times_per_week=3, calendar_alarm=True)

    body = feed_of(client, ana)

    assert body.count(b"\n") == body.count(b"\r\n"), "every line ends in CRLF"
    assert all(len(line) <= 75 for line in body.split(b"\r\n")), "long lines are folded"
    calendar = icalendar.Calendar.from_ical(body)
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == "-//Duet//Ritual schedule//EN"
    # RFC 5545 3.2.19: a VTIMEZONE for each TZID used, with its rules of the years around.
    assert tzids_used(calendar) == {"Europe/Berlin"}
    (zone,) = calendar.timezones
    assert zone["TZID"] == "Europe/Berlin"
    assert {c.name for c in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}
    assert calendar.get_missing_tzids() == set()
    events = calendar.events
    assert len(events) == 3
    for event in events:
        assert event["UID"].endswith("@duet")
        assert event["DTSTAMP"].dt == datetime(2026, 11, 18, 12, tzinfo=UTC)
        assert event.start and "RRULE" in event
    assert events[0]["SUMMARY"] == "Tea; slowly, outside " * 4


def test_each_ritual_keeps_its_uid_from_one_fetch_to_the_next(client, user, frozen_now):
    RitualFactory(owner=user)
    RitualFactory(owner=user, schedule_kind="per_week", times_per_week=2)
    path = issue(client, user)

    first = icalendar.Calendar.from_ical(client.get(path).content)
    frozen_now(datetime(2026, 11, 19, 8, tzinfo=UTC))
    second = icalendar.Calendar.from_ical(client.get(path).content)

    assert [e["UID"] for e in first.events] == [e["UID"] for e in second.events]
    assert len({e["UID"] for e in first.events}) == 2


def test_set_time_events_happen_at_the_owners_clock_across_dst(client, people):
    ana = people.ana
    ana.time_zone = "Europe/Berlin"
    ana.save()
    RitualFactory(
        owner=ana, anchor="at_time", anchor_time=time(7, 15), started_on=date(2026, 3, 20)
    )

    (event,) = icalendar.Calendar.from_ical(feed_of(client, ana)).events

    assert event.start == datetime(2026, 3, 20, 7, 15, tzinfo=ZoneInfo("Europe/Berlin"))
    assert event.start.tzinfo.key == "Europe/Berlin"
    assert event.duration == timedelta(minutes=30)
    assert event["RRULE"]["FREQ"] == ["DAILY"]


def test_alarms_appear_only_for_rituals_that_chose_them(client, user):
    RitualFactory(owner=user, title="No alert", anchor="evening")
    RitualFactory(
        owner=user,
        title="Alert at its time",
        anchor="at_time",
        anchor_time=time(7),
        calendar_alarm=True,
    )
    RitualFactory(
        owner=user,
        title="Alert earlier",
        anchor="morning",
        remind_at=time(7, 30),
        calendar_alarm=True,
    )
    RitualFactory(
        owner=user,
        title="Alert on a few days",
        schedule_kind="per_week",
        times_per_week=2,
        anchor="evening",
        calendar_alarm=True,
    )

    events = {
        str(e["SUMMARY"]): e for e in icalendar.Calendar.from_ical(feed_of(client, user)).events
    }

    assert not events["No alert"].subcomponents
    triggers = {}
    for title in ("Alert at its time", "Alert earlier", "Alert on a few days"):
        (alarm,) = events[title].subcomponents
        assert alarm.name == "VALARM"
        assert alarm["ACTION"] == "DISPLAY"
        assert alarm["DESCRIPTION"] == title  # RFC 5545 3.6.6: DISPLAY needs a DESCRIPTION
        triggers[title] = alarm.TRIGGER
    assert triggers == {
        "Alert at its time": timedelta(0),
        "Alert earlier": timedelta(minutes=-30),  # 07:30, half an hour before 08:00
        "Alert on a few days": timedelta(hours=19),  # the day's evening, 19:00
    }


@pytest.mark.parametrize("started_on", [date(2026, 11, 16), date(2026, 11, 18), date(2026, 11, 22)])
def test_a_few_times_a_week_ritual_never_starts_before_the_ritual_did(client, user, started_on):
    RitualFactory(owner=user, schedule_kind="per_week", times_per_week=3, started_on=started_on)

    (event,) = icalendar.Calendar.from_ical(feed_of(client, user)).events

    assert event.start == started_on, "all day, on the day it began"
    assert event["RRULE"].to_ical() == b"FREQ=WEEKLY"
    assert event["DESCRIPTION"] == "3× a week, any days"
    assert event["TRANSP"] == "TRANSPARENT"


def test_a_utc_person_needs_no_vtimezone(client, user):
    user.time_zone = "UTC"
    user.save()
    RitualFactory(owner=user, anchor="at_time", anchor_time=time(6))

    calendar = icalendar.Calendar.from_ical(feed_of(client, user))

    assert calendar.events[0].start == datetime(2026, 1, 1, 6, tzinfo=UTC)
    assert calendar.get_missing_tzids() == set()


def test_the_vtimezone_agrees_with_the_zone_for_years_ahead(client, people, frozen_now):
    ana = people.ana
    ana.time_zone = "America/New_York"
    ana.save()
    RitualFactory(owner=ana, started_on=date(2026, 2, 1))

    (vtimezone,) = icalendar.Calendar.from_ical(feed_of(client, ana)).timezones
    described, real = vtimezone.to_tz(), ZoneInfo("America/New_York")

    for moment in ("2026-02-01 12:00", "2026-07-04 12:00", "2031-03-10 12:00", "2035-11-20 08:00"):
        wall = datetime.fromisoformat(moment)
        assert wall.replace(tzinfo=described).utcoffset() == wall.replace(tzinfo=real).utcoffset()
