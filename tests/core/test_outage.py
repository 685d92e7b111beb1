"""Outages: with the database unreachable every page answers a kind 503 with the crisis
resources, the public resources page is still served from its last copy, and any other
server error gets a kind 500 page. None of these pages may touch the database."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from wellbeing.models import Resource

pytestmark = pytest.mark.django_db

RESOURCES = reverse("wellbeing:resources")


@pytest.fixture
def database_down_after(monkeypatch):
    """Call it to take the database away: every new cursor or connection then fails as the
    driver fails when its server is gone."""

    def take_it_down():
        def refuse(*args, **kwargs):
            raise connection.Database.OperationalError("server closed the connection")

        monkeypatch.setattr(connection, "create_cursor", refuse)
        monkeypatch.setattr(connection, "get_new_connection", refuse)

    return take_it_down


@pytest.fixture
def database_down(database_down_after):
    database_down_after()


@pytest.fixture
def visitor():
    # Errors outside a view reach the handler as they would in production, not the test.
    return Client(raise_request_exception=False)


def test_with_the_database_down_every_page_answers_a_kind_503_with_the_hosts_resources(
    visitor, user, database_down_after
):
    visitor.force_login(user)
    Resource.objects.create(name="Our Town Crisis Team", phone="0800 111", region="Our town")
    visitor.get(RESOURCES)  # reading the list keeps a copy
    database_down_after()

    for page in ["/", reverse("rituals:today"), reverse("checkins:evening"), "/inbox/"]:
        response = visitor.get(page)

        assert response.status_code == 503, page
        assert response["Retry-After"] == "30"
        assert "I notice the database isn't answering" in response.text
        assert "Our Town Crisis Team" in response.text and 'href="tel:0800111"' in response.text
        assert "Server Error" not in response.text


def test_with_the_database_down_the_resources_page_is_served_from_the_last_saved_list(
    client, django_capture_on_commit_callbacks, database_down_after
):
    with django_capture_on_commit_callbacks(execute=True):
        Resource.objects.create(name="Samaritans", phone="116 123", region="UK and Ireland")
    with django_capture_on_commit_callbacks(execute=True):
        Resource.objects.filter(name="Find A Helpline").get().delete()
    database_down_after()

    response = client.get(RESOURCES)

    assert response.status_code == 200
    assert "Samaritans" in response.text and "Befrienders Worldwide" in response.text
    assert "Find A Helpline" not in response.text


def test_an_outage_page_that_cannot_render_falls_back_to_plain_kind_words(
    visitor, user, database_down_after, monkeypatch
):
    visitor.force_login(user)
    database_down_after()

    def broken(*args, **kwargs):
        raise ValueError("Missing staticfiles manifest entry for 'favicon.svg'")

    monkeypatch.setattr("core.outage.render_to_string", broken)

    response = visitor.get(reverse("rituals:today"))

    assert response.status_code == 503
    assert "I notice Duet can't answer right now" in response.text
    assert "emergency number" in response.text


def test_with_nothing_kept_yet_the_outage_pages_show_the_shipped_directories(client, database_down):
    resources = client.get(RESOURCES)
    outage = render_to_string("503.html")

    for text in [resources.text, outage]:
        assert "Find A Helpline" in text and "Befrienders Worldwide" in text
        assert "Directory of helplines" in text


def test_any_other_server_error_gets_a_kind_500_page_that_needs_no_database(
    visitor, monkeypatch, database_down
):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(Resource.objects, "listed", broken)

    response = visitor.get(RESOURCES)

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert "Find A Helpline" in response.text and "Server Error" not in response.text


UNREACHABLE = {
    "sqlite": "sqlite:////nonexistent-duet-directory/duet.sqlite3",
    "postgresql": "postgres://duet@127.0.0.1:9/duet",  # the discard port: nothing listens
}
PROBE = """
import django
django.setup()
from django.conf import settings
plain = "django.contrib.staticfiles.storage.StaticFilesStorage"  # no collectstatic here
settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": plain}}
from django.test import Client
visitor = Client(raise_request_exception=False)
visitor.cookies["sessionid"] = "a-session-the-database-would-know"
for path in ["/today/", "/wellbeing/resources/"]:
    response = visitor.get(path)
    shown = "Find A Helpline" in response.text
    print(path, response.status_code, response.get("Retry-After"), shown)
"""


@pytest.mark.parametrize("engine", UNREACHABLE)
def test_a_real_unreachable_database_answers_503_and_still_serves_the_resources(engine, tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": UNREACHABLE[engine],
        "DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "ALLOWED_HOSTS": "testserver",
        "DEBUG": "",
        "DUET_PRODUCTION": "",
        "LOG_LEVEL": "CRITICAL",
    }
    root = Path(django_settings.BASE_DIR)
    run = subprocess.run(  # noqa: S603 (our own interpreter and script)
        [sys.executable, "-c", PROBE], cwd=root, env=env, capture_output=True, text=True
    )

    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == [
        "/today/ 503 30 True",
        "/wellbeing/resources/ 200 None True",
    ]
