"""The couple's versions (couples/versions.py): a request that wrote moves them, so nothing
kept for either partner outlives a change."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from couples.models import Couple
from tests.checkins.test_views import answers
from tests.html import without_tokens

pytestmark = pytest.mark.django_db

TODAY_URL = reverse("rituals:today")
# What the last change left for the next page to say; and the blank lines around it.
MESSAGE = re.compile(r'\s*<p class="message [^"]*" role="status">.*?</p>\s*')


def client_of(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def today(client) -> tuple[str, int]:
    """Today's page without its tokens or a message left by the last change, and how many
    queries drew it."""
    with CaptureQueriesContext(connection) as queries:
        text = client.get(TODAY_URL).text
    return MESSAGE.sub("", without_tokens(text)), len(queries)


def test_a_request_that_only_added_rows_moves_the_version(people, frozen_now):
    """A new check-in is two INSERTs that return their keys: on SQLite, which counts their
    rows only as they are read, such a request once moved nothing, and the partner's Today
    kept what it had for minutes."""
    ana, bo = client_of(people.ana), client_of(people.bo)
    today(ana)  # kept now
    couple = Couple.objects.get(memberships__user=people.bo, memberships__left_at__isnull=True)

    assert bo.post(reverse("checkins:evening"), answers(feeling_words=["calm"])).status_code == 302

    couple.refresh_from_db()
    assert couple.version == 1
    assert "calm" in today(ana)[0]
