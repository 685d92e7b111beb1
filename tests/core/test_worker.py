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

from core.scheduler import enqueue_periodic_tasks


@pytest.mark.django_db
def test_the_scheduler_never_piles_up_waiting_runs():
    assert enqueue_periodic_tasks() == 2
    assert enqueue_periodic_tasks() == 0, "a stopped worker doesn't collect a backlog"
    assert DBTaskResult.objects.ready().count() == 2


@pytest.mark.django_db
def test_run_worker_once_runs_every_periodic_task():
    from django.core.management import call_command

    call_command("run_worker", "--once")

    finished = DBTaskResult.objects.successful().values_list("task_path", flat=True)
    assert sorted(finished) == [
        "checkins.tasks.send_checkin_reminders",
        "support.tasks.deliver_partner_reminders",
    ]


def test_the_worker_process_starts_and_stops_cleanly_on_sigterm(tmp_path):
    env = {
        **os.environ,
        "DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
    }
    manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, timeout=120)
    worker = subprocess.Popen(
        [*manage, "run_worker", "--interval", "0.2"],
        env=env,
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
    assert statuses == [("SUCCESSFUL",), ("SUCCESSFUL",)]
