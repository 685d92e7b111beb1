"""Running an import in the worker: all of it or nothing, then letting go of the file."""

from __future__ import annotations

import contextlib
import logging
from datetime import timedelta

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy

from core import encryption
from core.worker import OUTAGE_ERRORS
from couples import versions
from moving import archive, daylio, duet
from moving.models import ImportRun, Upload
from moving.problems import ImportProblem

logger = logging.getLogger(__name__)

# A preview nobody continued lets go of its file after this long.
KEEP_UNFINISHED = timedelta(hours=24)
DID_NOT_FINISH = gettext_lazy(
    "This import didn't finish, so nothing of it was kept. Would you try again? If it stops "
    "again, the person who runs this Duet can see why in the worker's log."
)
SOMETHING_WENT_WRONG = gettext_lazy(
    "Something went wrong on my side while bringing this in, so nothing was imported. "
    "The host can see what happened; would you try again later?"
)


def unseal(upload: Upload) -> bytes:
    data = bytes(upload.data)
    if not upload.sealed:
        return data
    return MultiFernet([Fernet(key) for key in encryption.configured_keys()]).decrypt(data)


def progress_key(run_id: int) -> str:
    return f"moving:progress:{run_id}"


def progress_of(run: ImportRun) -> dict | None:
    """How far a running import has got ({"step", "done", "total"}), if it said."""
    with contextlib.suppress(Exception):
        return cache.get(progress_key(run.pk))
    return None


def _reporter(run_id: int):
    # Written to the cache, not the database: the import's own transaction hides its rows
    # (and anything written inside it) from the progress page until it commits.
    def report(step: str, done: int, total: int) -> None:
        with contextlib.suppress(Exception):
            cache.set(progress_key(run_id), {"step": step, "done": done, "total": total}, 3600)

    return report


def _owner_language(run_id: int) -> str:
    language = ImportRun.objects.filter(pk=run_id).values_list("owner__language", flat=True).first()
    return language or settings.LANGUAGE_CODE


def run_import(run_id: int) -> str:
    """Bring one queued file in (see `_run_import`), in its owner's language: the summary
    and any problem are kept as text the person reads later, wherever the worker runs."""
    with translation.override(_owner_language(run_id)):
        return _run_import(run_id)


def _run_import(run_id: int) -> str:
    """Bring one queued file in, all of it or nothing, then let go of the file.

    Safe to run twice: a finished run is left alone, and an unfinished one saved nothing
    (one transaction), so a rerun after a lost worker starts from the beginning.
    """
    updated = ImportRun.objects.filter(
        pk=run_id, status__in=[ImportRun.Status.QUEUED, ImportRun.Status.RUNNING]
    ).update(status=ImportRun.Status.RUNNING, started_at=timezone.now())
    if not updated:
        return "nothing to do"
    report = _reporter(run_id)
    report(gettext("reading the file"), 0, 1)
    try:
        with transaction.atomic():
            run = ImportRun.objects.select_for_update().select_related("owner").get(pk=run_id)
            # Two imports into one empty account run one after the other (PostgreSQL).
            list(type(run.owner).objects.select_for_update().filter(pk=run.owner_id).values("pk"))
            summary = _bring_in(run, report)
            run.status, run.summary, run.finished_at = (
                ImportRun.Status.DONE,
                summary,
                timezone.now(),
            )
            run.save(update_fields=["status", "summary", "finished_at"])
            Upload.objects.filter(run=run).delete()
            # What came in shows on the very next page of each of the couple, kept or not.
            owner = run.owner
            transaction.on_commit(lambda: versions.bump(owner), robust=True)
        return "done"
    except ImportProblem as problem:
        _failed(run_id, problem.message, problem.details)
        return "refused"
    except OUTAGE_ERRORS:
        raise  # the worker retries once the database is back; nothing was saved
    except Exception:
        logger.exception("Import %s failed", run_id)
        _failed(run_id, SOMETHING_WENT_WRONG, [])
        raise


def _bring_in(run: ImportRun, report) -> dict:
    data = unseal(run.upload)
    person = run.owner
    if run.kind == ImportRun.Kind.DUET:
        export = archive.read_export(data)
        return duet.Importer(person, export.tables, report).run()
    preview = daylio.parse(data, person)
    return daylio.import_entries(person, preview, run.mapping, report)


def _failed(run_id: int, message: str, details: list[str]) -> None:
    with transaction.atomic():
        ImportRun.objects.filter(pk=run_id).update(
            status=ImportRun.Status.FAILED,
            problem=str(message),
            problem_details=[str(detail) for detail in details],
            finished_at=timezone.now(),
        )
        Upload.objects.filter(run_id=run_id).delete()


def let_go_of_stale_uploads(now=None) -> int:
    """Delete previews nobody continued within a day, file and all; an import that hasn't
    finished in a day (its worker lost, or the task given up) is told as failed, and its
    file let go: its one transaction saved nothing, and its page stops waiting."""
    now = now or timezone.now()
    stale = ImportRun.objects.filter(created_at__lt=now - KEEP_UNFINISHED)
    for run_id in stale.filter(
        status__in=[ImportRun.Status.QUEUED, ImportRun.Status.RUNNING]
    ).values_list("pk", flat=True):
        with translation.override(_owner_language(run_id)):
            _failed(run_id, DID_NOT_FINISH, [])
    return stale.filter(status=ImportRun.Status.PREVIEW).delete()[0]
