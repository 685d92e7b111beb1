"""The worker under faults: a database outage, kill -9 mid-task, a supervisor's restart.

Real processes on a SQLite database of their own (tests/core/test_worker.py shows the
plain start and stop).
"""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.models import WorkerHeartbeat
from core.worker import MAX_CLAIMS, reclaim_abandoned_tasks
from tests.core.test_worker import _alive
from tests.tasks import record_run

MANAGE = [sys.executable, str(settings.BASE_DIR / "manage.py")]
FAST = ["--interval", "0.1", "--tick", "0.3"]


@pytest.fixture
def env(tmp_path):
    """A migrated database in a folder of its own, so the test can take the folder away."""
    (tmp_path / "db").mkdir()
    env = {
        **os.environ,
        "DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db' / 'worker.sqlite3'}",
        "WORKER_LEASE_SECONDS": "2",
    }
    subprocess.run([*MANAGE, "migrate", "-v0"], env=env, check=True, timeout=120)
    return env


def _start(argv: list[str], env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [*MANAGE, *argv], env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
    )


def _wait_for(condition, timeout: float = 30, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"waited {timeout} s for {what or condition}"
        time.sleep(0.1)


def _enqueue(env: dict, runs: Path, first_run_sleeps: float = 0) -> None:
    code = (
        "from tests.tasks import record_run; "
        f"record_run.enqueue({str(runs)!r}, first_run_sleeps={first_run_sleeps})"
    )
    subprocess.run([*MANAGE, "shell", "-c", code], env=env, check=True, timeout=60)


def _record_run_tasks(env: dict) -> list[tuple[str, list[str]]]:
    path = env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(path) as database:
        rows = database.execute(
            "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult "
            "WHERE task_path = 'tests.tasks.record_run'"
        ).fetchall()
    return [(status, json.loads(worker_ids)) for status, worker_ids in rows]


def _heartbeats(env: dict) -> int:
    path = env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(path) as database:
        return database.execute("SELECT count(*) FROM core_workerheartbeat").fetchone()[0]


def _stop(process: subprocess.Popen) -> int:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_the_worker_waits_out_a_database_outage_and_resumes(env, tmp_path):
    log = tmp_path / "worker.log"
    worker = _start(["run_worker", *FAST], env, log)
    try:
        _wait_for(lambda: "is running" in log.read_text(), what="the worker to start")
        assert _heartbeats(env) == 1
        (tmp_path / "db").rename(tmp_path / "db-away")  # the database is gone
        _wait_for(lambda: "Database unreachable" in log.read_text(), what="the outage")
        time.sleep(4)  # 1 + 2 s of backoff: it retried and still waits
        assert worker.poll() is None, log.read_text()

        (tmp_path / "db-away").rename(tmp_path / "db")
        runs = tmp_path / "runs"
        _enqueue(env, runs)
        _wait_for(lambda: _record_run_tasks(env)[0][0] == "SUCCESSFUL", what="the task")
        _wait_for(lambda: "Database back after" in log.read_text(), what="the log line")
    finally:
        assert _stop(worker) == 0, log.read_text()
    assert _heartbeats(env) == 0, "a worker that stopped is gone at once"
    output = log.read_text()
    assert output.count("Database unreachable") == 1, "once per outage, not once per retry"
    assert "Traceback" not in output
    assert len(runs.read_text().split()) == 1


def test_a_worker_started_while_the_database_is_down_waits_for_it(env, tmp_path):
    (tmp_path / "db").rename(tmp_path / "db-away")
    log = tmp_path / "worker.log"
    worker = _start(["run_worker", *FAST], env, log)
    try:
        _wait_for(lambda: "Database unreachable" in log.read_text(), what="the outage")
        time.sleep(2)
        assert worker.poll() is None, log.read_text()
        (tmp_path / "db-away").rename(tmp_path / "db")
        _wait_for(lambda: "is running" in log.read_text(), what="the worker to start")
        assert "Database back after" in log.read_text()
    finally:
        assert _stop(worker) == 0, log.read_text()


def test_a_task_whose_worker_was_killed_runs_again_once_the_lease_ran_out(env, tmp_path):
    runs = tmp_path / "runs"
    _enqueue(env, runs, first_run_sleeps=300)
    first = _start(["run_worker", *FAST], env, tmp_path / "first.log")
    try:
        _wait_for(runs.exists, what="the task to start")
    finally:
        first.kill()  # kill -9 mid-task
        first.wait()
    assert [status for status, _ in _record_run_tasks(env)] == ["RUNNING"]

    second = _start(["run_worker", *FAST], env, tmp_path / "second.log")
    try:
        _wait_for(lambda: _record_run_tasks(env)[0][0] == "SUCCESSFUL", what="the rerun")
    finally:
        assert _stop(second) == 0
    assert runs.read_text().split() == [str(first.pid), str(second.pid)]
    ((_, worker_ids),) = _record_run_tasks(env)
    assert [worker_id.split("-")[1] for worker_id in worker_ids] == [
        str(first.pid),
        str(second.pid),
    ]
    assert "abandoned by worker" in (tmp_path / "second.log").read_text()


def test_the_supervisor_restarts_a_killed_worker_and_stops_it_with_itself(env, tmp_path):
    log = tmp_path / "supervisor.log"
    supervisor = _start(["run_worker", "--supervise", "--parent-pid", str(os.getpid())], env, log)

    def workers() -> list[int]:
        lines = log.read_text().splitlines()
        return [int(line.split()[-1].rstrip(".")) for line in lines if "started worker" in line]

    try:
        _wait_for(lambda: len(workers()) == 1, what="the first worker")
        _wait_for(lambda: "is running" in log.read_text(), what="the worker to run")
        os.kill(workers()[0], signal.SIGKILL)
        _wait_for(lambda: len(workers()) == 2, what="the restart")
        assert "was killed (SIGKILL); restarting it in 1 s" in log.read_text()
        restarted = workers()[1]
        _wait_for(lambda: log.read_text().count("is running") == 2, what="it to run")
        assert _alive(restarted)
    finally:
        assert _stop(supervisor) == 0, log.read_text()
    assert not _alive(restarted), "the worker stops with its supervisor"


@pytest.mark.django_db
def test_only_tasks_of_workers_gone_for_a_lease_are_queued_again(settings):
    settings.WORKER_LEASE_SECONDS = 600
    now = timezone.now()

    def running(worker_ids: list[str], started: timedelta) -> DBTaskResult:
        result = DBTaskResult.objects.get(id=record_run.enqueue("unused").id)
        DBTaskResult.objects.filter(pk=result.pk).update(
            status="RUNNING", worker_ids=worker_ids, started_at=now - started
        )
        return result

    WorkerHeartbeat.objects.create(worker_id="alive", host="h", pid=1, last_seen=now)
    WorkerHeartbeat.objects.create(
        worker_id="dead", host="h", pid=2, last_seen=now - timedelta(minutes=11)
    )
    busy = running(["alive"], timedelta(hours=1))  # a long task of a living worker
    fresh = running(["unknown"], timedelta(minutes=1))  # claimed a moment ago
    abandoned = running(["dead"], timedelta(minutes=12))
    mine = running(["me"], timedelta(seconds=5))  # the caller runs nothing right now
    hopeless = running(["dead"] * MAX_CLAIMS, timedelta(minutes=12))

    assert reclaim_abandoned_tasks(idle_worker_id="me", now=now) == 3

    def status(result):
        return DBTaskResult.objects.get(pk=result.pk).status

    assert [status(busy), status(fresh), status(abandoned), status(mine)] == [
        "RUNNING",
        "RUNNING",
        "READY",
        "READY",
    ]
    assert status(hopeless) == "FAILED", "a task that keeps killing its worker stops"


@pytest.fixture
def postgres_env(tmp_path):
    """A PostgreSQL database of this test's own on the suite's server, so the test can
    refuse its connections without touching anyone else's; dropped afterwards."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("runs with the PostgreSQL suite (DATABASE_URL=postgres://...)")
    import psycopg

    params = settings.DATABASES["default"]
    name = f"duet_outage_{os.getpid()}"
    admin = psycopg.connect(
        host=params["HOST"] or "localhost",
        port=params["PORT"] or 5432,
        user=params["USER"],
        password=params["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.execute(f"CREATE DATABASE {name}")
    url = f"postgres://{params['USER']}@{params['HOST']}:{params['PORT'] or 5432}/{name}"
    if params["PASSWORD"]:
        url = url.replace("@", f":{params['PASSWORD']}@", 1)
    env = {**os.environ, "DATA_DIR": str(tmp_path), "DATABASE_URL": url}
    subprocess.run([*MANAGE, "migrate", "-v0"], env=env, check=True, timeout=300)
    try:
        yield env, admin, name
    finally:
        admin.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS true")
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()


def test_the_worker_waits_out_a_postgresql_outage_and_resumes(postgres_env, tmp_path):
    env, admin, name = postgres_env
    log = tmp_path / "worker.log"
    worker = _start(["run_worker", *FAST], env, log)

    def task_status():
        import psycopg

        with psycopg.connect(env["DATABASE_URL"]) as db:
            row = db.execute(
                "SELECT status FROM django_tasks_database_dbtaskresult "
                "WHERE task_path = 'tests.tasks.record_run'"
            ).fetchone()
        return row[0] if row else None

    try:
        _wait_for(lambda: "is running" in log.read_text(), what="the worker to start")
        # The database refuses everyone (superusers too) and drops every session.
        admin.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS false")
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            [name],
        )
        _wait_for(lambda: "Database unreachable" in log.read_text(), what="the outage")
        time.sleep(4)
        assert worker.poll() is None, log.read_text()

        admin.execute(f"ALTER DATABASE {name} ALLOW_CONNECTIONS true")
        _enqueue(env, tmp_path / "runs")
        _wait_for(lambda: task_status() == "SUCCESSFUL", what="the task")
        _wait_for(lambda: "Database back after" in log.read_text(), what="the log line")
    finally:
        assert _stop(worker) == 0, log.read_text()
    assert log.read_text().count("Database unreachable") == 1


def test_the_supervisor_and_its_worker_stop_when_the_server_is_gone(env, tmp_path):
    # A stand-in for gunicorn: starts the supervisor the way serve does, then ends.
    launcher = (
        "import os, subprocess, sys, time; "
        "argv = [*sys.argv[2:], '--parent-pid', str(os.getpid())]; "
        "child = subprocess.Popen(argv, stdout=open(sys.argv[1], 'w'), stderr=subprocess.STDOUT); "
        "print(child.pid, flush=True); time.sleep(float(os.environ['SERVER_LIVES']))"
    )
    log = tmp_path / "supervisor.log"
    command = [sys.executable, "-c", launcher, str(log), *MANAGE, "run_worker", "--supervise"]
    server = subprocess.Popen(  # noqa: S603
        command, env={**env, "SERVER_LIVES": "60"}, stdout=subprocess.PIPE, text=True
    )
    supervisor_pid = int(server.stdout.readline())
    worker_pid = None
    try:
        _wait_for(lambda: "is running" in log.read_text(), what="the worker to run")
        worker_pid = int(log.read_text().split("started worker process ")[1].split(".")[0])
        server.kill()  # the server is gone, however it ended
        server.wait()
        _wait_for(lambda: not _alive(supervisor_pid), what="the supervisor to stop")
        _wait_for(lambda: not _alive(worker_pid), what="the worker to stop")
    finally:
        for pid in (supervisor_pid, worker_pid):
            if pid and _alive(pid):
                os.kill(pid, signal.SIGKILL)
