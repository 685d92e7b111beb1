"""The one test clock (tests/conftest.py `frozen_now`) reaches everything that reads the time."""

from datetime import UTC, datetime

from tests.conftest import NOW
from tests.factories import CheckInFactory, RitualFactory


def test_the_frozen_clock_also_stamps_rows_through_model_defaults(user, frozen_now):
    # Model fields keep the original `timezone.now` as their default, which patching the
    # module attribute never reached; these rows used to get the real clock.
    ritual = RitualFactory(owner=user)
    later = frozen_now(datetime(2026, 11, 20, 8, 0, tzinfo=UTC))
    checkin = CheckInFactory(owner=user)

    assert ritual.created_at == NOW
    assert checkin.created_at == later
