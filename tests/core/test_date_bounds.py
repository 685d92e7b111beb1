"""Days at the edges of the calendar (year 1, year 9999) in zones on both sides of UTC:
every date and time field refuses them with a clear message and saves nothing, and a
grant already stored with such an end can't break a page."""

from datetime import datetime

import pytest
from django.urls import reverse

from rituals.models import Pause, PracticeLog
from support import services
from support.models import Reminder, SupportGrant
from tests.factories import RitualFactory

pytestmark = pytest.mark.django_db

ZONES = ["America/Los_Angeles", "UTC", "Asia/Tokyo", "Pacific/Kiritimati"]
EDGE_DAYS = ["0001-01-01", "1999-12-31", "2101-01-01", "9999-12-31"]
OUT_OF_RANGE = "Choose a day between 2000 and 2100."


@pytest.fixture(autouse=True)
def _clock(frozen_now):
    return frozen_now


def in_zone(person, zone):
    person.time_zone = zone
    person.save()
    return person


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("day", EDGE_DAYS)
def test_a_grant_ending_at_the_edge_of_the_calendar_is_refused(client, couple, zone, day):
    ana = in_zone(couple[0], zone)
    client.force_login(ana)

    response = client.post(reverse("support:grant_create"), {"kind": "remind", "expires_on": day})

    assert response.status_code < 500
    assert OUT_OF_RANGE in response.text
    assert not SupportGrant.objects.exists()


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("due", ["0001-01-01T00:00", "9999-12-31T23:59", "2101-01-01T10:00"])
def test_a_reminder_due_at_the_edge_of_the_calendar_is_refused(client, couple, zone, due):
    ana, bo = in_zone(couple[0], zone), in_zone(couple[1], zone)
    walk = RitualFactory(owner=ana, title="Evening walk", visibility="exists")
    grant = services.grant_support(SupportGrant(kind="remind", ritual=walk), owner=ana)
    client.force_login(bo)

    response = client.post(
        reverse("support:reminder_create"),
        {"about": f"{grant.pk}-{walk.pk}", "text": "Fancy a walk?", "due": due},
    )

    assert response.status_code == 400
    assert OUT_OF_RANGE in response.text
    assert not Reminder.objects.exists()


@pytest.mark.parametrize("day", EDGE_DAYS)
def test_logging_or_pausing_at_the_edge_of_the_calendar_is_refused(client, user, day):
    walk = RitualFactory(owner=in_zone(user, "America/Los_Angeles"))
    client.force_login(user)

    logged = client.post(reverse("rituals:log", args=[walk.pk]), {"day": day, "outcome": "done"})
    paused = client.post(reverse("rituals:pause", args=[walk.pk]), {"resume_on": day})

    assert OUT_OF_RANGE in logged.text and OUT_OF_RANGE in paused.text
    assert not PracticeLog.objects.exists() and not Pause.objects.exists()


@pytest.mark.parametrize("owner_zone", ["UTC", "Europe/Berlin", "Asia/Tokyo"])
@pytest.mark.parametrize("partner_zone", ZONES)
def test_a_stored_grant_ending_in_9999_still_shows_on_both_support_pages(
    client, couple, owner_zone, partner_zone
):
    ana, bo = in_zone(couple[0], owner_zone), in_zone(couple[1], partner_zone)
    grant = services.grant_support(SupportGrant(kind="remind"), owner=ana)
    # As the grant form stored it before it had bounds: the end of 31 December 9999 on
    # the owner's clock.
    end = datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=ana.zone)
    SupportGrant.objects.filter(pk=grant.pk).update(expires_at=end)

    for person in (ana, bo):
        client.force_login(person)
        page = client.get(reverse("support:home"))
        assert page.status_code == 200
        assert "31 Dec 9999" in page.text
    client.force_login(ana)
    assert client.get(reverse("support:grant_edit", args=[grant.pk])).status_code == 200
