from datetime import UTC, datetime, time

import pytest

from accounts.localtime import local_today, time_zone_names, validate_time_zone
from accounts.models import User


def person(zone: str) -> User:
    return User(email="x@example.org", display_name="X", time_zone=zone, evening_time=time(21))


def test_partners_in_different_zones_can_be_on_different_dates(frozen_now):
    frozen_now(datetime(2026, 3, 1, 2, 30, tzinfo=UTC))

    assert str(local_today(person("Europe/Berlin"))) == "2026-03-01"
    assert str(local_today(person("America/Los_Angeles"))) == "2026-02-28"


@pytest.mark.parametrize(
    ("zone", "utc_moment", "expected"),
    [
        # Spring forward in Berlin (29 March 2026, 02:00 -> 03:00 local).
        ("Europe/Berlin", datetime(2026, 3, 28, 22, 59, tzinfo=UTC), "2026-03-28"),
        ("Europe/Berlin", datetime(2026, 3, 28, 23, 0, tzinfo=UTC), "2026-03-29"),
        # Fall back in New York (1 November 2026): midnight is 04:00 UTC before, 05:00 after.
        ("America/New_York", datetime(2026, 11, 1, 3, 59, tzinfo=UTC), "2026-10-31"),
        ("America/New_York", datetime(2026, 11, 1, 4, 0, tzinfo=UTC), "2026-11-01"),
        ("America/New_York", datetime(2026, 11, 2, 4, 59, tzinfo=UTC), "2026-11-01"),
        ("America/New_York", datetime(2026, 11, 2, 5, 0, tzinfo=UTC), "2026-11-02"),
    ],
)
def test_local_day_boundaries_follow_daylight_saving(frozen_now, zone, utc_moment, expected):
    frozen_now(utc_moment)

    assert str(local_today(person(zone))) == expected


def test_zone_choices_are_real_and_without_legacy_aliases():
    names = time_zone_names()

    assert "Europe/Lisbon" in names and "UTC" in names
    assert "EST5EDT" not in names and not any(name.startswith("Etc/") for name in names)


def test_unknown_zone_is_a_validation_error():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_time_zone("Atlantis/Capital")


def test_a_zone_dropped_from_the_database_falls_back_to_utc():
    assert person("Gone/Zone").zone.key == "UTC"


@pytest.mark.parametrize(
    ("zone", "day", "at", "expected_utc"),
    [
        # An ordinary evening on each side of the spring change.
        ("Europe/London", "2026-03-28", time(21), "2026-03-28 21:00"),
        ("Europe/London", "2026-03-29", time(21), "2026-03-29 20:00"),
        ("America/New_York", "2026-03-07", time(21), "2026-03-08 02:00"),
        ("America/New_York", "2026-03-08", time(21), "2026-03-09 01:00"),
        # In a gap: the first valid instant after it (02:00 BST, 03:00 EDT).
        ("Europe/London", "2026-03-29", time(1, 30), "2026-03-29 01:00"),
        ("America/New_York", "2026-03-08", time(2, 30), "2026-03-08 07:00"),
        # Happening twice: the first time.
        ("Europe/London", "2026-10-25", time(1, 30), "2026-10-25 00:30"),
        ("America/New_York", "2026-11-01", time(1, 30), "2026-11-01 05:30"),
    ],
)
def test_wall_clock_instants_across_daylight_saving_changes(zone, day, at, expected_utc):
    from datetime import date
    from zoneinfo import ZoneInfo

    from accounts.localtime import wall_clock_instant

    instant = wall_clock_instant(date.fromisoformat(day), at, ZoneInfo(zone))

    assert f"{instant.astimezone(UTC):%Y-%m-%d %H:%M}" == expected_utc
