import pytest
from django.utils import timezone

from tests.smtp import MailServer


@pytest.fixture
def frozen_now(monkeypatch):
    def freeze(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return freeze


@pytest.fixture
def mail_server():
    """A real SMTP server, down until the test starts it."""
    server = MailServer()
    yield server
    server.stop()
