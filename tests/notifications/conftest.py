import pytest

from tests.smtp import MailServer


@pytest.fixture
def mail_server():
    """A real SMTP server, down until the test starts it."""
    server = MailServer()
    yield server
    server.stop()
