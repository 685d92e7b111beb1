"""Collected static files, kept in step with their sources for `serve` and `benchmark`."""

import hashlib
import os

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command


def sources_fingerprint() -> str:
    """A hash of every source static file's name, size and mtime."""
    digest = hashlib.sha256()
    for finder in get_finders():
        for path, storage in sorted(finder.list([]), key=lambda item: item[0]):
            stat = os.stat(storage.path(path))
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def collect_if_changed(write) -> None:
    """Run collectstatic unless STATIC_ROOT already holds these sources (the manifest
    storage needs it: without it every page fails)."""
    marker = settings.STATIC_ROOT / ".duet-sources"
    manifest = settings.STATIC_ROOT / "staticfiles.json"
    fingerprint = sources_fingerprint()
    if manifest.exists() and marker.exists() and marker.read_text() == fingerprint:
        return
    write("Collecting static files…")
    call_command("collectstatic", interactive=False, clear=True, verbosity=0)
    marker.write_text(fingerprint)
