"""Writes for imports: taking a file in, queueing it, letting go of it (running it is in
`moving.running`, which the worker calls)."""

from __future__ import annotations

import hashlib

from cryptography.fernet import Fernet
from django.db import transaction

from accounts.models import User
from core import encryption
from moving import archive, daylio, duet, running, tasks
from moving.models import ImportRun, Upload
from moving.problems import ImportProblem


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def earlier_run(person: User, kind: str, data: bytes) -> ImportRun | None:
    """The person's earlier import of this very file that came in or is on its way."""
    return (
        ImportRun.objects.owned_by(person)
        .filter(kind=kind, file_sha256=file_hash(data))
        .exclude(status=ImportRun.Status.FAILED)
        .first()
    )


def _seal(data: bytes) -> tuple[bytes, bool]:
    keys = encryption.configured_keys()
    if not keys:
        return data, False
    return Fernet(keys[0]).encrypt(data), True


def take_in(person: User, kind: str, data: bytes, status: str) -> ImportRun:
    """Keep the uploaded file (sealed) with a new run; queued runs start in the worker."""
    sealed, is_sealed = _seal(data)
    with transaction.atomic():
        run = ImportRun.objects.create(
            owner=person,
            kind=kind,
            status=status,
            file_sha256=file_hash(data),
            file_size=len(data),
        )
        Upload.objects.create(run=run, data=sealed, sealed=is_sealed)
        if status == ImportRun.Status.QUEUED:
            _enqueue(run)
    return run


def start_duet_import(person: User, data: bytes) -> ImportRun:
    """Check an uploaded Duet export at once (the zip's directory, its version, an empty
    account) and queue it; ImportProblem says why not."""
    archive.inspect(data)
    if duet.owns_anything(person):
        raise ImportProblem(duet.NOT_EMPTY)
    return take_in(person, ImportRun.Kind.DUET, data, ImportRun.Status.QUEUED)


def preview_daylio(person: User, data: bytes) -> ImportRun:
    """Read a Daylio CSV whole (any bad row refuses it) and keep it for the mapping page."""
    daylio.parse(data, person)
    return take_in(person, ImportRun.Kind.DAYLIO, data, ImportRun.Status.PREVIEW)


def read_preview(run: ImportRun) -> daylio.Preview:
    return daylio.parse(running.unseal(run.upload), run.owner)


def queue_daylio(run: ImportRun, mapping: dict) -> None:
    """The person's choices are made: queue the import (once, however often posted)."""
    with transaction.atomic():
        locked = ImportRun.objects.select_for_update().get(pk=run.pk)
        if locked.status != ImportRun.Status.PREVIEW:
            return
        locked.mapping = mapping
        locked.status = ImportRun.Status.QUEUED
        locked.save(update_fields=["mapping", "status"])
        _enqueue(locked)


def discard(run: ImportRun) -> bool:
    """Let go of a file whose import hasn't started; False once it has."""
    with transaction.atomic():
        locked = ImportRun.objects.select_for_update().filter(pk=run.pk).first()
        if locked is None or locked.status != ImportRun.Status.PREVIEW:
            return False
        locked.delete()
    return True


def _enqueue(run: ImportRun) -> None:
    tasks.run_import.enqueue(run.pk)
