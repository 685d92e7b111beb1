"""Backup and restore: a consistent copy with its keys, restored into a fresh database with
every row back; a database in use is never overwritten unless the operator says --clean."""

import os
import subprocess
import sys
import tarfile
import uuid
from datetime import time
from pathlib import Path

import dj_database_url
import pytest
from django.conf import settings
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.utils import ConnectionHandler
from django.test import Client
from django.utils import timezone

from accounts.invites import create_invitation
from accounts.models import RecoveryCode, SignupSettings, SingleSignOnLink
from checkins.models import CheckIn, CheckinReminderSent, CheckInSubmission
from core.models import WorkerHeartbeat
from goals.models import ReviewNudge, ReviewNudgeSent
from instance.demo import DEMO_PASSWORD, seed_demo
from moving.models import ImportRun, Upload
from notifications.models import (
    Channel,
    Delivery,
    KindChoice,
    Notification,
    OptIn,
    PushSubscription,
    QuietHours,
)
from notifications.tasks import email_notification
from rituals.models import CalendarFeed, Ritual, RitualReminderSent
from tests.core.test_encryption import write_every_private_field
from wellbeing.models import Resource

ROOT = Path(settings.BASE_DIR)


def fill_every_table() -> None:
    """The demo couple, one row of each private field, and a row in every other table."""
    ana, sam = seed_demo()
    write_every_private_field(ana, sam)
    visitor = Client()
    assert visitor.login(username=ana.email, password=DEMO_PASSWORD)  # session, audit
    visitor.get("/today/")
    hosts = Group.objects.create(name="hosts")
    permission = Permission.objects.first()
    hosts.permissions.add(permission)
    ana.groups.add(hosts)
    ana.user_permissions.add(permission)
    LogEntry.objects.create(user=ana, action_flag=ADDITION, object_repr="a ritual")
    RecoveryCode.objects.create(user=ana, code_hash="0" * 64)
    today = timezone.localdate()
    CheckinReminderSent.objects.create(owner=ana, evening=today)
    KindChoice.objects.create(owner=sam, kind="offer", email=True)
    QuietHours.objects.create(owner=sam, starts=time(22), ends=time(7))
    device, channel = PushSubscription.objects.get(owner=ana), Channel.objects.get(owner=ana)
    offer = Notification.objects.filter(recipient=ana).first()
    Delivery.objects.create(notification=offer, subscription=device)
    Delivery.objects.create(notification=offer, channel=channel)
    OptIn.objects.create(owner=ana, kind="checkin_shared")
    CheckInSubmission.objects.create(
        owner=ana, key=uuid.uuid4(), checkin=CheckIn.objects.owned_by(ana).first()
    )
    CalendarFeed.objects.create(owner=ana, token_hash="1" * 64)
    RitualReminderSent.objects.create(ritual=Ritual.objects.filter(owner=ana).first(), day=today)
    ReviewNudge.objects.create(owner=ana)
    ReviewNudgeSent.objects.create(owner=ana, month=today.replace(day=1))
    Resource.objects.create(name="Our Town Crisis Team", phone="0800 111")  # flushes drop ours
    email_notification.enqueue(1)
    WorkerHeartbeat.objects.create(worker_id="w", host="h", pid=1)
    SignupSettings.objects.current()
    create_invitation(by=ana)
    SingleSignOnLink.objects.create(user=ana, issuer="https://id.example.org", subject="a1")
    Upload.objects.create(run=ImportRun.objects.get(owner=ana), data=b"date,mood")


def every_row(db) -> dict[str, list[tuple]]:
    with db.cursor() as cursor:
        rows = {}
        for table in db.introspection.table_names():
            cursor.execute(f"SELECT * FROM {db.ops.quote_name(table)}")
            rows[table] = sorted(cursor.fetchall(), key=repr)
    return rows


@pytest.fixture
def fresh_database(tmp_path):
    """An empty database of the suite's engine, unique to this test, dropped afterwards."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"duet_outage_restore_{os.getpid()}"
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    settings_dict = connection.settings_dict
    user, host, port = settings_dict["USER"], settings_dict["HOST"], settings_dict["PORT"]
    password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
    yield f"postgres://{user}{password}@{host}:{port}/{name}"
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(url: str, data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    """manage.py as an operator runs it against another database and DATA_DIR."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DATA_DIR": str(data_dir),
        "DUET_PRODUCTION": "",
        "SECRET_KEY": "",
        "DUET_ENCRYPTION_KEYS": "",
        "LOG_LEVEL": "WARNING",
    }
    return subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def open_database(url: str):
    return ConnectionHandler({"default": dj_database_url.parse(url)})["default"]


@pytest.mark.django_db(transaction=True)
def test_a_backup_restored_into_a_fresh_database_brings_back_every_row_and_the_keys(
    tmp_path, fresh_database
):
    fill_every_table()
    before = every_row(connection)
    assert [table for table, rows in before.items() if not rows] == []
    archive = tmp_path / "duet.tar.gz"

    call_command("backup", str(archive))
    restore = manage(fresh_database, tmp_path / "data", "restore", str(archive))

    assert restore.returncode == 0, restore.stderr
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    restored = open_database(fresh_database)
    try:
        assert every_row(restored) == before
    finally:
        restored.close()
    keys = tmp_path / "data" / "encryption_keys"
    assert keys.read_text().split() == settings.ENCRYPTION_KEYS
    assert (tmp_path / "data" / "secret_key").read_text().strip() == settings.SECRET_KEY
    vapid_key = (tmp_path / "data" / "vapid_private_key").read_text().strip()
    assert vapid_key == settings.VAPID_PRIVATE_KEY
    assert oct(keys.stat().st_mode & 0o777) == "0o600"


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_in_use_and_replaces_it_only_with_clean(
    tmp_path, fresh_database
):
    fill_every_table()
    before = every_row(connection)
    archive = tmp_path / "duet.tar.gz"
    call_command("backup", str(archive))
    data_dir = tmp_path / "data"
    assert manage(fresh_database, data_dir, "migrate").returncode == 0  # as compose's web does
    in_use = manage(fresh_database, data_dir, "generate_data", "--couples", "1", "--days", "3")
    assert in_use.returncode == 0, in_use.stderr

    refused = manage(fresh_database, data_dir, "restore", str(archive))
    replaced = manage(fresh_database, data_dir, "restore", "--clean", str(archive))

    assert refused.returncode != 0 and "isn't empty" in refused.stderr
    assert replaced.returncode == 0, replaced.stderr
    restored = open_database(fresh_database)
    try:
        assert every_row(restored) == before
    finally:
        restored.close()
    kept = [path.name for path in data_dir.iterdir() if ".before-restore-" in path.name]
    assert sorted(name.split(".")[0] for name in kept) == [
        "encryption_keys",
        "secret_key",
        "vapid_private_key",
    ]


@pytest.mark.django_db(transaction=True)  # a backup runs outside any transaction
def test_restore_into_this_non_empty_database_is_refused_and_changes_nothing(tmp_path):
    seed_demo()
    archive = tmp_path / "duet.tar.gz"
    call_command("backup", str(archive))
    before = every_row(connection)

    with pytest.raises(CommandError, match="add --clean"):
        call_command("restore", str(archive))

    assert every_row(connection) == before


@pytest.mark.django_db
def test_a_backup_never_overwrites_a_file_and_a_bad_archive_gets_a_clear_message(tmp_path):
    taken = tmp_path / "taken.tar.gz"
    taken.write_text("precious")
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("hello")

    with pytest.raises(CommandError, match="won't overwrite"):
        call_command("backup", str(taken))
    with pytest.raises(CommandError, match="isn't a Duet backup"):
        call_command("restore", "--clean", str(not_a_backup))

    assert taken.read_text() == "precious"


@pytest.mark.django_db(transaction=True)  # a backup runs outside any transaction
def test_keys_from_the_environment_are_left_out_with_a_note(tmp_path, monkeypatch):
    monkeypatch.setenv("DUET_ENCRYPTION_KEYS", ",".join(settings.ENCRYPTION_KEYS))
    archive = tmp_path / "duet.tar.gz"

    call_command("backup", str(archive))

    with tarfile.open(archive) as opened:
        names = opened.getnames()
        note = opened.extractfile("KEYS.txt").read().decode()
    assert "keys/encryption_keys" not in names and "keys/secret_key" in names
    assert "DUET_ENCRYPTION_KEYS environment variable" in note


@pytest.mark.django_db
def test_the_integrity_check_runs_through_djangos_connection(capsys):
    seed_demo()

    call_command("backup", "--check")

    assert "found no problems" in capsys.readouterr().out


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL never lets this in")
@pytest.mark.django_db(transaction=True)  # foreign keys can only be switched off outside one
def test_the_integrity_check_names_a_row_that_points_nowhere():
    ana, sam = seed_demo()
    with connection.constraint_checks_disabled():
        Ritual.objects.filter(owner=ana).update(owner_id=999_999)

    with pytest.raises(CommandError, match="rituals_ritual row .* missing accounts_user"):
        call_command("backup", "--check")
