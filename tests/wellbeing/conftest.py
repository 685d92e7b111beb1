from datetime import UTC, datetime

import pytest
from django.utils import timezone

# A fixed "now": Wednesday 18 November 2026, 12:00 UTC (afternoon in Europe/London).
NOW = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)


@pytest.fixture
def frozen_now(monkeypatch):
    def freeze(moment: datetime = NOW) -> datetime:
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    freeze()
    return freeze
