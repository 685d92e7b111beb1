"""The run_worker command: the scheduler's clock and a real worker process."""

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django_tasks_db.models import DBTaskResult

from core.scheduler import PERIODIC_TASKS, enqueue_periodic_tasks
from tests.worker import run_worker


@pytest.mark.django_db
def test_the_scheduler_never_piles_up_waiting_runs():
    assert enqueue_periodic_tasks() == len(PERIODIC_TASKS)
    assert enqueue_periodic_tasks() == 0, "a stopped worker doesn't collect a backlog"
    assert DBTaskResult.objects.ready().count() == len(PERIODIC_TASKS)


@pytest.mark.django_db
def test_old_task_results_are_pruned_but_recent_ones_and_failures_kept():
    from datetime import timedelta

    from django.utils import timezone

    from core.scheduler import prune_finished_tasks

    run_worker()
    now = timezone.now()
    first, second, *recent = DBTaskResult.objects.order_by("pk")
    DBTaskResult.objects.filter(pk=first.pk).update(finished_at=now - timedelta(days=2))
    DBTaskResult.objects.filter(pk=second.pk).update(
        status="FAILED", finished_at=now - timedelta(days=2)
    )

    assert prune_finished_tasks(now) == 1
    kept = {second.pk, *(result.pk for result in recent)}
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == kept
    assert prune_finished_tasks(now + timedelta(days=6)) == len(kept)


@pytest.mark.django_db
def test_run_worker_once_runs_every_periodic_task():
    run_worker()

    finished = DBTaskResult.objects.successful().values_list("task_path", flat=True)
    assert sorted(finished) == [
        "checkins.tasks.send_checkin_reminders",
        "goals.tasks.send_review_nudges",
        "moving.tasks.let_go_of_stale_uploads",
        "notifications.tasks.reconcile_deliveries",
        "rituals.tasks.send_ritual_reminders",
        "support.tasks.deliver_partner_reminders",
        "support.tasks.notice_expired_grants",
    ]


@pytest.fixture
def worker_env(tmp_path):
    """A migrated SQLite database of its own for worker processes (never the shared one)."""
    env = {
        **os.environ,
        "DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
    }
    subprocess.run([*MANAGE, "migrate", "-v0"], env=env, check=True, timeout=120)
    return env


MANAGE = [sys.executable, str(settings.BASE_DIR / "manage.py")]


def test_the_worker_process_starts_and_stops_cleanly_on_sigterm(worker_env, tmp_path):
    worker = subprocess.Popen(
        [*MANAGE, "run_worker", "--interval", "0.2"],
        env=worker_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert "is running" in worker.stdout.readline()
        time.sleep(1)  # let it take a turn of the clock and run the periodic tasks
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=15) == 0
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    with sqlite3.connect(tmp_path / "worker.sqlite3") as database:
        statuses = database.execute(
            "SELECT status FROM django_tasks_database_dbtaskresult"
        ).fetchall()
    assert statuses == [("SUCCESSFUL",)] * len(PERIODIC_TASKS)


def test_a_worker_started_by_serve_stops_when_the_server_is_gone(worker_env, tmp_path):
    # A stand-in for gunicorn: starts the worker the way serve does, then ends.
    launcher = (
        "import os, subprocess, sys, time; "
        "argv = [*sys.argv[2:], '--parent-pid', str(os.getpid())]; "
        "child = subprocess.Popen(argv, stdout=open(sys.argv[1], 'w'), stderr=subprocess.STDOUT); "
        "print(child.pid, flush=True); time.sleep(0.5)"
    )
    log = tmp_path / "worker.log"
    command = [sys.executable, "-c", launcher, str(log), *MANAGE, "run_worker", "--interval", "0.2"]
    parent = subprocess.run(
        command, env=worker_env, capture_output=True, text=True, timeout=60, check=True
    )
    worker_pid = int(parent.stdout.strip())

    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and _alive(worker_pid):
            time.sleep(0.2)
        assert not _alive(worker_pid), "the worker outlived the server that started it"
        assert "is running" in log.read_text(), "it really started before stopping"
    finally:
        if _alive(worker_pid):
            os.kill(worker_pid, signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # An exited child of a gone parent is reaped by init; a zombie counts as gone.
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] != "Z"
    except FileNotFoundError:
        return False
