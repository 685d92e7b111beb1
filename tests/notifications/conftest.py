import pytest
from django.utils import timezone


@pytest.fixture
def frozen_now(monkeypatch):
    def freeze(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return freeze
