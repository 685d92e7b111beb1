"""Reads for the import pages."""

from __future__ import annotations

from accounts.models import User
from checkins.models import CheckIn
from moving.daylio import Preview
from moving.models import ImportRun


def runs_of(person: User) -> list[ImportRun]:
    """The person's imports, newest first (without their files)."""
    return list(ImportRun.objects.owned_by(person).defer("mapping")[:20])


def preview_facts(run: ImportRun, preview: Preview) -> dict:
    """What the preview page says about the file: its span and the evenings already kept."""
    evenings = preview.evenings
    kept = CheckIn.objects.owned_by(run.owner).filter(evening__in=evenings).count()
    return {
        "entry_count": len(preview.entries),
        "evening_count": len(evenings),
        "first_evening": evenings[0],
        "last_evening": evenings[-1],
        "already_kept": kept,
    }
