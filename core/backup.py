"""Backups that restore: one owner-only archive with a consistent copy of the database and
the keys its data needs, and a restore that refuses to mix it into a database in use.

The archive is a gzipped tar:

    manifest.json            engine, when, which files
    database.sqlite3         SQLite: a copy made with SQLite's online backup API
    database.dump            PostgreSQL: `pg_dump --format=custom`, one consistent snapshot
    keys/secret_key          the keys from DATA_DIR (the embedded default), one a line
    keys/encryption_keys
    keys/vapid_private_key   (Web Push: browsers subscribed with its public half)
    KEYS.txt                 what was left out and why (keys from the environment)

Whoever holds an archive with its keys can read everything in it: keep it like the keys.
"""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.db import DatabaseError, connections

FORMAT = 1
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
# The environment variable each key file stands in for (config/settings.py).
KEY_FILES = {
    "secret_key": "SECRET_KEY",
    "encryption_keys": "DUET_ENCRYPTION_KEYS",
    # Browsers subscribed to Web Push with its public half: a new key would silence them.
    "vapid_private_key": "DUET_VAPID_PRIVATE_KEY",
}
WITHOUT = {
    "encryption_keys": "private text is stored unencrypted",
    "vapid_private_key": "Web Push is off",
}


class BackupError(Exception):
    """Something an operator must fix, said so they can."""


@dataclass
class Restored:
    tables: int
    keys_written: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _connection(using: str):
    connection = connections[using]
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"I can back up SQLite and PostgreSQL, not {connection.vendor}.")
    return connection


def pg_environment(settings_dict: dict) -> dict[str, str]:
    """libpq's variables for Django's connection settings (no password on a command line)."""
    env = dict(os.environ)
    names = {"HOST": "PGHOST", "PORT": "PGPORT", "USER": "PGUSER", "PASSWORD": "PGPASSWORD"}
    names |= {"NAME": "PGDATABASE"}
    for key, variable in names.items():
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    if sslmode := settings_dict.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"I need {command[0]} on PATH (PostgreSQL's client tools).")
    done = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()}")


def _key_files() -> tuple[dict[str, str], list[str]]:
    """The keys the stored data needs, as DATA_DIR holds them, and notes on the rest."""
    values = {
        "secret_key": [settings.SECRET_KEY],
        "encryption_keys": settings.ENCRYPTION_KEYS,
        "vapid_private_key": [settings.VAPID_PRIVATE_KEY] if settings.VAPID_PRIVATE_KEY else [],
    }
    files, notes = {}, []
    for name, variable in KEY_FILES.items():
        if os.environ.get(variable, "").strip():
            notes.append(
                f"{name}: comes from the {variable} environment variable, so it is not in this "
                "archive. Keep it with your deployment's settings; restore needs the same value."
            )
        elif values[name]:
            files[name] = "\n".join(values[name]) + "\n"
        else:
            notes.append(f"{name}: none configured, so {WITHOUT[name]}.")
    return files, notes


def _add(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    member = tarfile.TarInfo(name)
    member.size, member.mode, member.mtime = len(data), 0o600, int(datetime.now(UTC).timestamp())
    archive.addfile(member, io.BytesIO(data))


def write_backup(out: BinaryIO, using: str = "default", keys: bool = True) -> dict:
    """Write a consistent copy of the database (and its keys) to `out` as a tar.gz stream."""
    connection = _connection(using)
    engine = connection.vendor
    with tempfile.TemporaryDirectory(prefix="duet-backup-") as scratch:
        copy = Path(scratch) / DATABASE_FILES[engine]
        if engine == "sqlite":
            if connection.in_atomic_block:  # SQLite would wait for ever on its own lock
                raise BackupError("A backup can't run inside a transaction.")
            connection.ensure_connection()
            target = sqlite3.connect(copy)
            try:
                connection.connection.backup(target)  # one step: a consistent snapshot
            finally:
                target.close()
        else:
            env = pg_environment(connection.settings_dict)
            _run(["pg_dump", "--format=custom", "--file", str(copy)], env)
        files, notes = _key_files() if keys else ({}, ["Keys were left out (--without-keys)."])
        manifest = {
            "format": FORMAT,
            "engine": engine,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": copy.name,
            "keys": sorted(files),
        }
        with tarfile.open(fileobj=out, mode="w|gz") as archive:
            _add(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
            archive.add(copy, copy.name, filter=_owner_only)
            for name, text in files.items():
                _add(archive, f"keys/{name}", text.encode())
            if notes:
                _add(archive, "KEYS.txt", ("\n\n".join(notes) + "\n").encode())
    return manifest | {"notes": notes}


def _owner_only(member: tarfile.TarInfo) -> tarfile.TarInfo:
    member.mode, member.uid, member.gid, member.uname, member.gname = 0o600, 0, 0, "", ""
    return member


def open_owner_only(path: Path) -> BinaryIO:
    """A new file only its owner can read; an existing one is never overwritten."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise BackupError(f"{path} already exists; I won't overwrite a backup.") from None
    return os.fdopen(descriptor, "wb")


def check_database(using: str = "default") -> list[str]:
    """Problems an integrity check finds, through Django's connection (an empty list: none)."""
    connection = _connection(using)
    if connection.vendor == "postgresql":
        return _check_postgresql(connection)
    # Django's connection registers the functions Duet's check constraints call
    # (django_date_extract), which the sqlite3 command-line tool lacks.
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA integrity_check")
        problems = [row[0] for row in cursor.fetchall() if row[0] != "ok"]
        cursor.execute("PRAGMA foreign_key_check")
        problems += [
            f"{table} row {rowid} points to a missing {parent} row"
            for table, rowid, parent, _ in cursor.fetchall()
        ]
    return problems


def _check_postgresql(connection) -> list[str]:
    """Read every row of every table (a damaged page fails the read), and check the indexes
    where amcheck is installed (CREATE EXTENSION amcheck, as a superuser)."""
    problems = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SET enable_indexonlyscan = off")  # read the rows, not an index
        for table in connection.introspection.table_names():
            try:
                cursor.execute(f"SELECT count(*) FROM {quote(table)}")  # noqa: S608 (a quoted table name)
            except DatabaseError as error:
                problems.append(f"{table}: {error}")
        cursor.execute("RESET enable_indexonlyscan")
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'amcheck'")
        if cursor.fetchone() is None:
            return problems
        cursor.execute(
            "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE a.amname = 'btree' AND n.nspname = current_schema()"
        )
        for (index,) in cursor.fetchall():
            try:
                cursor.execute("SELECT bt_index_check(%s::regclass)", [index])
            except DatabaseError as error:
                problems.append(f"index {index}: {error}")
    return problems


def restore_backup(source: BinaryIO, using: str = "default", clean: bool = False) -> Restored:
    """Load an archive from write_backup into an empty database (or, with clean, replace it)."""
    connection = _connection(using)
    with tempfile.TemporaryDirectory(prefix="duet-restore-") as scratch:
        folder = Path(scratch)
        try:
            with tarfile.open(fileobj=source, mode="r|*") as archive:
                archive.extractall(folder, filter="data")
            manifest = json.loads((folder / "manifest.json").read_text())
        except (tarfile.TarError, OSError, ValueError) as error:
            raise BackupError(f"That isn't a Duet backup I can read ({error}).") from None
        if manifest.get("format") != FORMAT or manifest.get("engine") not in DATABASE_FILES:
            raise BackupError("That backup was written in a format this Duet doesn't know.")
        if manifest["engine"] != connection.vendor:
            raise BackupError(
                f"That backup holds a {manifest['engine']} database and this Duet uses "
                f"{connection.vendor}. To move between them, use dumpdata and loaddata."
            )
        tables = connection.introspection.table_names()
        if tables and not clean:
            raise BackupError(
                f"I notice the target database isn't empty ({len(tables)} tables, perhaps made "
                "by migrate or serve). Restore into an empty database, or add --clean to "
                "replace everything in it with the backup."
            )
        copy = folder / manifest["database"]
        if connection.vendor == "sqlite":
            _restore_sqlite(connection, copy)
        else:
            _restore_postgresql(connection, copy, tables)
        restored = Restored(tables=len(connection.introspection.table_names()))
        _restore_keys(folder, restored)
        if (folder / "KEYS.txt").exists():
            restored.notes.append((folder / "KEYS.txt").read_text().strip())
    return restored


def _restore_sqlite(connection, copy: Path) -> None:
    connection.close()
    source = sqlite3.connect(copy)
    target = sqlite3.connect(connection.settings_dict["NAME"])
    try:
        source.backup(target)  # replaces every page of the target, or fills an empty one
    finally:
        source.close()
        target.close()


def _restore_postgresql(connection, dump: Path, tables: list[str]) -> None:
    env = pg_environment(connection.settings_dict)
    _run(["pg_restore", "--list", str(dump)], env)  # a damaged dump fails before anything goes
    if tables:
        names = ", ".join(map(connection.ops.quote_name, tables))
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {names} CASCADE")
    connection.close()
    _run(
        [
            "pg_restore",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            env["PGDATABASE"],
            str(dump),
        ],
        env,
    )


def _restore_keys(folder: Path, restored: Restored) -> None:
    """Put the archive's keys where settings read them; keep any replaced file beside them."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    for name, variable in KEY_FILES.items():
        archived = folder / "keys" / name
        if not archived.exists():
            continue
        text = archived.read_text()
        if os.environ.get(variable, "").strip():
            if os.environ[variable].strip().replace(",", "\n").split() != text.split():
                restored.notes.append(
                    f"{variable} is set and differs from the backup's keys/{name}: set it to "
                    "that file's lines (comma-separated), or the restored data can't be read."
                )
            continue
        target = Path(settings.DATA_DIR) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            if target.read_text().split() == text.split():
                continue
            target.rename(target.with_name(f"{name}.before-restore-{stamp}"))
        draft = target.with_name(f".{name}.restoring")
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as out:
            out.write(text)
        draft.replace(target)
        restored.keys_written.append(str(target))
