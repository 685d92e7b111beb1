"""Consent held at delivery: two real worker processes deliver reminders while a third
process leaves the couple, makes the ritual private, revokes the grant or deletes an
account. Once that change has returned, not one more reminder may reach the inbox."""

import json
import os
import shutil
import subprocess
import sys
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings

REMINDERS = 240
RACER = [sys.executable, "-m", "tests.support.consent_race"]
MANAGE = [sys.executable, str(settings.BASE_DIR / "manage.py")]


def _postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


class RaceDatabases:
    """Migrated once per backend (never the test run's own database), copied per race."""

    def __init__(self, env: dict, admin_url: str | None = None):
        self.env, self.admin_url, self.copies = env, admin_url, []

    def fresh(self) -> dict:
        env = dict(self.env)
        template = env["DATABASE_URL"]
        if self.admin_url is None:
            copy = template.removesuffix("template.sqlite3") + f"{uuid.uuid4().hex[:8]}.sqlite3"
            shutil.copy(template.removeprefix("sqlite:///"), copy.removeprefix("sqlite:///"))
            env["DATABASE_URL"] = copy
        else:
            parts = urlsplit(template)
            name = f"{parts.path.lstrip('/')}_{uuid.uuid4().hex[:8]}"
            self._sql(f'CREATE DATABASE "{name}" TEMPLATE "{parts.path.lstrip("/")}"')
            self.copies.append(name)
            env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
        return env

    def _sql(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as connection:
            connection.execute(statement)


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def databases(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp("race")
    env = {**os.environ, "DATA_DIR": str(folder), "PYTHONPATH": str(settings.BASE_DIR)}
    if request.param == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{folder / 'template.sqlite3'}"
        _run(env, *MANAGE, "migrate", "-v0")
        yield RaceDatabases(env)
        return
    base = _postgres_url()
    if base is None:
        pytest.skip("PostgreSQL runs when DATABASE_URL names a PostgreSQL server")
    parts = urlsplit(base)
    name = f"{parts.path.lstrip('/') or 'duet'}_race_{uuid.uuid4().hex[:8]}"
    env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
    databases = RaceDatabases(env, admin_url=urlunsplit(parts._replace(path="/postgres")))
    databases._sql(f'CREATE DATABASE "{name}"')
    try:
        _run(env, *MANAGE, "migrate", "-v0")
        yield databases
    finally:
        for copy in [*databases.copies, name]:
            databases._sql(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')


@pytest.fixture
def race_env(databases, tmp_path):
    return {**databases.fresh(), "RACE_DIR": str(tmp_path)}


def _run(env, *command: str) -> str:
    done = subprocess.run(
        command,
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("change", ["leave", "private", "revoke", "delete"])
def test_nothing_is_delivered_after_a_consent_change_returns(race_env, change):
    _run(race_env, *RACER, "setup", str(REMINDERS))
    workers = [
        subprocess.Popen(
            [*RACER, "deliver"],
            env=race_env,
            cwd=settings.BASE_DIR,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    try:
        # The change lands once some reminders are out and the workers are mid-delivery.
        returned_at = _run(race_env, *RACER, "change", change, "20").strip()
        for worker in workers:
            _out, errors = worker.communicate(timeout=240)
            assert worker.returncode == 0, errors
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()

    counts = json.loads(_run(race_env, *RACER, "count", returned_at))
    if change != "delete":  # a deleted account takes the reminders it wrote with it
        assert counts["delivered"] >= 20, counts
    if "postgres" in race_env["DATABASE_URL"]:
        # SQLite serialises every write, and the workers' back-to-back transactions may keep
        # the change waiting until they are done; PostgreSQL lets it land mid-delivery.
        assert counts["delivered"] < REMINDERS, f"the change came mid-delivery: {counts}"
    assert counts["after_change"] == 0, counts
    assert counts["still_scheduled"] == 0, counts
