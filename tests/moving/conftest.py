import pytest
from django.test import Client

from tests.moving.helpers import export_of
from tests.moving.life import live


@pytest.fixture
def exported(couple, frozen_now) -> bytes:
    """Ana's export, made through the client, from a life shared with Bo."""
    ana, bo = couple
    live(ana, bo)
    client = Client()
    client.force_login(ana)
    return export_of(client)
