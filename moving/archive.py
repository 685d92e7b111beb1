"""Reading an uploaded Duet export safely.

A zip is a promise about its contents that its sender wrote: sizes in its headers can lie,
names can point outside it (`../`), and a few kilobytes can unpack to gigabytes. So:
- only flat names Duet itself writes (`rituals.json`) are accepted, no paths, no repeats;
- the number of entries, each entry's size and the total are capped, checked against the
  headers first and again while reading, chunk by chunk, so a lying header changes nothing;
- only the parts Duet reads (its JSON and the manifest) are unpacked at all.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from moving.problems import ImportProblem

# The export's own format (datarights.services.FORMAT_VERSION): the versions this Duet reads.
FORMAT = "duet-export"
READABLE_VERSIONS = {1}
NAME = re.compile(r"^[A-Za-z0-9_]{1,60}\.(json|csv|txt)$")
CHUNK = 64 * 1024

NOT_A_ZIP = gettext_lazy(
    "I couldn't open this file as a zip. Would you check that it's the file Duet's "
    "“Download my data” gave you, not unpacked or renamed?"
)


@dataclass
class Export:
    version: int
    tables: dict[str, list[dict]]


# Rows and lists one JSON part may hold: years of a person's practice are tens of thousands;
# a small zip of millions of empty rows would take the worker's memory (counted before parsing).
MAX_JSON_NODES = 300_000


def _parse(name: str, raw: bytes):
    """One JSON part, refused before parsing when it holds more than any export would."""
    if raw.count(b"{") + raw.count(b"[") > MAX_JSON_NODES:
        raise ImportProblem(
            _(
                "%(file)s in this zip holds far more rows than a Duet export would, so I "
                "didn't open it."
            )
            % {"file": name}
        )
    try:
        return json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise ImportProblem(
            _("%(file)s in this zip isn't readable JSON, so nothing was imported.") % {"file": name}
        ) from None


def _limits() -> tuple[int, int, int]:
    return (
        settings.IMPORT_MAX_ENTRIES,
        settings.IMPORT_MAX_ENTRY_BYTES,
        settings.IMPORT_MAX_UNPACKED_BYTES,
    )


def _open(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise ImportProblem(NOT_A_ZIP) from None


def check_entries(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The archive's entries, refused as a whole if any name or declared size is wrong."""
    max_entries, max_entry, max_total = _limits()
    entries = archive.infolist()
    if len(entries) > max_entries:
        raise ImportProblem(
            _(
                "This zip holds %(count)s files; a Duet export has far fewer (at most %(limit)s "
                "here), so I didn't open it."
            )
            % {"count": len(entries), "limit": max_entries}
        )
    seen, total = set(), 0
    for entry in entries:
        if not NAME.match(entry.filename):
            raise ImportProblem(
                _(
                    "This zip holds a file with a name Duet never writes (%(file)s): a folder, "
                    "or a path pointing outside the zip. To keep this server safe I didn't "
                    "open it."
                )
                % {"file": repr(entry.filename[:80])}
            )
        if entry.filename in seen:
            raise ImportProblem(
                _("This zip holds %(file)s twice, so I didn't open it.") % {"file": entry.filename}
            )
        seen.add(entry.filename)
        if entry.file_size > max_entry:
            raise ImportProblem(_too_big(entry.filename, max_entry))
        total += entry.file_size
        if total > max_total:
            raise ImportProblem(_too_big_total(max_total))
    return entries


def _too_big(name: str, limit: int) -> str:
    return _(
        "%(file)s unpacks to more than %(limit)s, more than this server takes from one part "
        "of an export, so I stopped reading it. Nothing was imported."
    ) % {"file": name, "limit": filesizeformat(limit)}


def _too_big_total(limit: int) -> str:
    return _(
        "This zip unpacks to more than %(limit)s, more than this server takes from one "
        "export, so I stopped reading it. Nothing was imported."
    ) % {"limit": filesizeformat(limit)}


def _read(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, budget: list[int]) -> bytes:
    """The entry's bytes, counted while reading: a header's size is only a claim."""
    _max_entries, max_entry, _max_total = _limits()
    out = bytearray()
    try:
        with archive.open(entry) as stream:
            while chunk := stream.read(CHUNK):
                out += chunk
                budget[0] -= len(chunk)
                if len(out) > max_entry:
                    raise ImportProblem(_too_big(entry.filename, max_entry))
                if budget[0] < 0:
                    raise ImportProblem(_too_big_total(_limits()[2]))
    except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError) as error:
        # A bad CRC (what a lying header becomes), an encrypted or truncated entry.
        raise ImportProblem(
            _(
                "%(file)s in this zip is damaged or locked (%(why)s), so nothing was imported. "
                "Would you download a fresh export and try again?"
            )
            % {"file": entry.filename, "why": type(error).__name__}
        ) from None
    return bytes(out)


def inspect(data: bytes) -> int:
    """Quick checks at upload (the zip's own directory and its manifest); the version."""
    archive = _open(data)
    entries = {entry.filename: entry for entry in check_entries(archive)}
    return _version(archive, entries, [_limits()[2]])


def _version(archive, entries: dict, budget: list[int]) -> int:
    if "manifest.json" in entries:
        try:
            manifest = _parse("manifest.json", _read(archive, entries["manifest.json"], budget))
            kind, version = manifest["format"], manifest["version"]
        except (ImportProblem, KeyError, TypeError):
            raise ImportProblem(
                _("This zip's manifest.json isn't one Duet wrote, so I didn't import it.")
            ) from None
        if kind != FORMAT:
            raise ImportProblem(_("This zip isn't a Duet export, so I didn't import it."))
        if version not in READABLE_VERSIONS:
            raise ImportProblem(
                _(
                    "This export is in format version %(version)s, and this Duet reads version "
                    "%(readable)s. Would it help to ask the host of this Duet to update it, then "
                    "try again?"
                )
                % {"version": f"{version!s:.10}", "readable": max(READABLE_VERSIONS)}
            )
        return version
    # Exports made before the manifest existed are version 1 with a README saying so.
    if "README.txt" in entries:
        readme = _read(archive, entries["README.txt"], budget)
        if readme.startswith(b"Duet export for "):
            return 1
    raise ImportProblem(
        _("This zip isn't a Duet export (it has no manifest.json), so I didn't import it.")
    )


def read_export(data: bytes) -> Export:
    """Every JSON part of the export, each a list of rows; refused whole on any problem."""
    archive = _open(data)
    entries = {entry.filename: entry for entry in check_entries(archive)}
    budget = [_limits()[2]]
    version = _version(archive, entries, budget)
    tables = {}
    for name, entry in sorted(entries.items()):
        if not name.endswith(".json") or name == "manifest.json":
            continue
        rows = _parse(name, _read(archive, entry, budget))
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise ImportProblem(
                _("%(file)s in this zip isn't a list of rows, so nothing was imported.")
                % {"file": name}
            )
        tables[name.removesuffix(".json")] = rows
    return Export(version, tables)
