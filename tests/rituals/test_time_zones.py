"""A practice log belongs to its owner's local day, across daylight-saving changes."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from rituals.models import PracticeLog
from tests.factories import RitualFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("zone", "utc_moment", "local_day"),
    [
        # London springs forward on 29 March 2026: 23:30 UTC is already 00:30 on the 30th.
        ("Europe/London", datetime(2026, 3, 29, 23, 30, tzinfo=UTC), "2026-03-30"),
        # ...and falls back on 25 October: 23:30 UTC that night is still the 25th.
        ("Europe/London", datetime(2026, 10, 25, 23, 30, tzinfo=UTC), "2026-10-25"),
        # New York falls back on 1 November: 04:30 UTC on the 2nd is 23:30 on the 1st.
        ("America/New_York", datetime(2026, 11, 2, 4, 30, tzinfo=UTC), "2026-11-01"),
        # ...and springs forward on 8 March: 03:59 UTC is 22:59 on the 7th.
        ("America/New_York", datetime(2026, 3, 8, 3, 59, tzinfo=UTC), "2026-03-07"),
    ],
)
def test_one_tap_logs_on_the_owners_local_day(client, frozen_now, zone, utc_moment, local_day):
    frozen_now(utc_moment)
    owner = UserFactory(time_zone=zone)
    ritual = RitualFactory(owner=owner)
    client.force_login(owner)

    client.post(reverse("rituals:log", args=[ritual.pk]), {"outcome": "done"})

    assert str(PracticeLog.objects.get().day) == local_day


def test_partners_in_different_zones_each_have_their_own_today(client, frozen_now):
    # 02:00 UTC on 18 November: Berlin is on the 18th, Los Angeles still on the 17th.
    frozen_now(datetime(2026, 11, 18, 2, 0, tzinfo=UTC))
    berlin, los_angeles = (
        UserFactory(time_zone="Europe/Berlin"),
        UserFactory(time_zone="America/Los_Angeles"),
    )
    for person, expected in [
        (berlin, "Wednesday 18 November"),
        (los_angeles, "Tuesday 17 November"),
    ]:
        RitualFactory(owner=person)
        client.force_login(person)
        assert expected in client.get(reverse("rituals:today")).text


def test_the_rhythm_has_28_days_across_a_daylight_saving_change(client, frozen_now):
    frozen_now(datetime(2026, 11, 10, 12, 0, tzinfo=UTC))
    owner = UserFactory(time_zone="America/New_York")
    RitualFactory(owner=owner)
    client.force_login(owner)

    text = client.get(reverse("rituals:today")).text

    assert text.count('class="day ') == 28
    assert "Sun 1 Nov: not noted" in text
