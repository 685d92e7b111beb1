"""The check-in form carries the evening it was opened for, across 04:00 and DST nights.

An evening runs until 04:00 (accounts/localtime.py): a form opened just before then and
sent just after still belongs to the evening it showed, and never lands on another one.
"""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from checkins.models import CheckIn
from tests.factories import CheckInFactory

pytestmark = pytest.mark.django_db

EVENING_URL = reverse("checkins:evening")

# 03:58 on each zone's clock on the morning after `evening`; both are spring-forward nights
# (clocks jump from 02:00 to 03:00), where "three hours after midnight" is not 03:00.
NIGHTS = [
    ("Europe/Berlin", date(2026, 3, 28), datetime(2026, 3, 29, 1, 58, tzinfo=UTC)),
    ("America/Los_Angeles", date(2026, 3, 7), datetime(2026, 3, 8, 10, 58, tzinfo=UTC)),
    ("Europe/Berlin", date(2026, 11, 17), datetime(2026, 11, 18, 2, 58, tzinfo=UTC)),
    ("America/Los_Angeles", date(2026, 11, 17), datetime(2026, 11, 18, 11, 58, tzinfo=UTC)),
]


@pytest.fixture
def ana(user, client):
    client.force_login(user)
    return user


def in_zone(person, zone):
    person.time_zone = zone
    person.save()


def opened_form(client) -> dict:
    """What the browser sends back from the evening page: its hidden fields, then answers."""
    page = client.get(EVENING_URL).text
    hidden = dict(re.findall(r'<input type="hidden" name="(evening)" value="([^"]*)"', page))
    assert hidden, "the form carries its evening"
    return {**hidden, "pleasantness": "4", "feeling_energy": "2", "note": "late one"}


@pytest.mark.parametrize(("zone", "evening", "at_0358"), NIGHTS)
def test_a_form_opened_before_four_and_sent_after_saves_to_its_evening(
    client, ana, frozen_now, zone, evening, at_0358
):
    in_zone(ana, zone)
    frozen_now(at_0358)
    data = opened_form(client)

    frozen_now(at_0358 + timedelta(minutes=3))  # 04:01: a new evening has begun
    response = client.post(EVENING_URL, data)

    assert response.status_code == 302
    assert list(CheckIn.objects.values_list("evening", flat=True)) == [evening]


@pytest.mark.parametrize(("zone", "evening", "at_0358"), NIGHTS)
def test_an_edit_of_last_nights_check_in_never_lands_on_tonight(
    client, ana, frozen_now, zone, evening, at_0358
):
    in_zone(ana, zone)
    CheckInFactory(owner=ana, evening=evening, note="first words")
    frozen_now(at_0358)
    data = opened_form(client)

    frozen_now(at_0358 + timedelta(minutes=3))
    client.post(EVENING_URL, {**data, "note": "edited"})

    (checkin,) = CheckIn.objects.all()
    assert (checkin.evening, checkin.note) == (evening, "edited")


@pytest.mark.parametrize(("zone", "evening", "at_0358"), NIGHTS)
def test_a_form_for_an_evening_no_longer_editable_saves_nothing_and_says_so(
    client, ana, frozen_now, zone, evening, at_0358
):
    in_zone(ana, zone)
    frozen_now(at_0358)
    data = opened_form(client)

    # Sent three days later: tonight and the two evenings before it are editable, not that one.
    frozen_now(at_0358 + timedelta(days=3))
    response = client.post(EVENING_URL, data)

    assert response.status_code == 400
    assert "can&#x27;t be edited any more, so nothing was saved" in response.text
    assert not CheckIn.objects.exists()
