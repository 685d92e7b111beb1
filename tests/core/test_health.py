"""/health/: what load balancers and compose's health checks see."""

import socket
from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core import probe
from core.models import WorkerHeartbeat
from notifications.models import EmailStatus, Notification
from tests.tasks import record_run

pytestmark = pytest.mark.django_db
URL = "/health/"


def _beat(seconds_ago: float = 0) -> None:
    WorkerHeartbeat.objects.create(
        worker_id=f"w{seconds_ago}",
        host="worker-host",
        pid=4242,
        last_seen=timezone.now() - timedelta(seconds=seconds_ago),
    )


def test_health_answers_200_without_login_when_everything_works(client, people):
    _beat(seconds_ago=5)

    response = client.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "ok",
        "checks": {
            "database": {"ok": True},
            "migrations": {"ok": True, "unapplied": 0},
            "worker": {"ok": True, "last_seen_seconds": 5},
            "queue": {"ok": True, "oldest_due_seconds": 0},
            "email": {"ok": True, "failed_last_day": 0},
            "channels": {"ok": True, "failed_last_day": 0},
        },
    }
    assert not response.cookies, "a probe gets no session"
    for private in ["worker-host", "4242", people.ana.email, people.ana.display_name]:
        assert private not in response.text
    assert client.head(URL).status_code == 200
    assert client.post(URL).status_code == 405


def test_health_counts_emails_that_failed_for_good_without_turning_unhealthy(client, people):
    _beat(seconds_ago=5)
    for person, status in [(people.ana, EmailStatus.FAILED), (people.bo, EmailStatus.SENT)]:
        Notification.objects.create(
            recipient=person,
            kind=Notification.Kind.OFFER,
            text="An offer",
            email_status=status,
            email_status_at=timezone.now(),
        )

    response = client.get(URL)

    assert response.status_code == 200
    assert response.json()["checks"]["email"] == {"ok": True, "failed_last_day": 1}


@pytest.mark.parametrize("seconds_ago", [None, 600])
def test_health_is_503_without_a_fresh_worker_heartbeat(client, seconds_ago):
    if seconds_ago is not None:
        _beat(seconds_ago)

    response = client.get(URL)

    assert response.status_code == 503
    assert response.json()["status"] == "unhealthy"
    assert response.json()["checks"]["worker"] == {"ok": False, "last_seen_seconds": seconds_ago}


def test_health_is_503_when_a_due_task_has_waited_too_long(client):
    _beat()
    waiting = record_run.enqueue("unused")
    DBTaskResult.objects.filter(pk=waiting.id).update(
        enqueued_at=timezone.now() - timedelta(minutes=7)
    )
    record_run.using(run_after=timezone.now() + timedelta(hours=1)).enqueue("later")

    response = client.get(URL)

    assert response.status_code == 503
    assert response.json()["checks"]["queue"] == {"ok": False, "oldest_due_seconds": 420}


def test_health_is_503_while_a_migration_is_unapplied(client):
    _beat()
    MigrationRecorder.Migration.objects.filter(app="core").delete()

    response = client.get(URL)

    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == {"ok": False, "unapplied": 1}


def test_health_says_503_not_500_when_the_database_is_unreachable(client):
    refused = OperationalError("connection refused")
    with mock.patch.object(connection, "cursor", side_effect=refused):
        response = client.get(URL)

    assert response.status_code == 503
    unreachable = {"ok": False, "error": "database unreachable"}
    assert response.json()["checks"] == {
        "database": unreachable,
        "migrations": unreachable,
        "worker": unreachable,
        "queue": unreachable,
    }
    assert "connection refused" not in response.text


def test_health_is_reachable_over_plain_http_when_https_is_enforced(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    _beat()

    assert client.get("/").status_code == 301
    assert client.get(URL).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_the_compose_probe_passes_only_when_health_does(live_server, settings, monkeypatch):
    settings.ALLOWED_HOSTS = ["duet.example.com"]
    settings.SECURE_SSL_REDIRECT = True
    monkeypatch.setenv("ALLOWED_HOSTS", ".duet.example.com, other.example.com")
    url = f"{live_server.url}/health/"

    assert probe.main(url) == 1, "no worker yet"
    _beat()
    assert probe.main(url) == 0


def test_the_worker_containers_check_wants_a_fresh_heartbeat_from_its_own_host(capsys):
    from django.core.management import call_command

    def check() -> int:
        try:
            call_command("run_worker", "--check-heartbeat")
        except SystemExit as exit:
            return exit.code
        return 0

    assert check() == 1
    WorkerHeartbeat.objects.create(worker_id="elsewhere", host="another-host", pid=1)
    WorkerHeartbeat.objects.create(
        worker_id="stale",
        host=socket.gethostname(),
        pid=2,
        last_seen=timezone.now() - timedelta(minutes=5),
    )
    assert check() == 1
    assert "No fresh heartbeat" in capsys.readouterr().err

    WorkerHeartbeat.objects.create(worker_id="here", host=socket.gethostname(), pid=3)
    assert check() == 0
    assert "Worker alive" in capsys.readouterr().out
