"""The project's message catalogues, read with polib, and the pseudo-locale built from them.

The pseudo-locale is a language whose catalogue answers every known msgid with the English
text wrapped in markers, "⟦…⟧". A page rendered in it shows every translated string inside
markers; anything outside them that a person can read was never marked for translation.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import django
import polib
from django.apps import apps
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
# Every language Duet offers besides English, the source (settings.LANGUAGES), has catalogues.
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES if code != "en")
OPEN, CLOSE = "⟦", "⟧"
# A language code no catalogue of the project or of Django holds.
PSEUDO = "xx"
# Folders that hold no catalogue of the project's own.
NOT_OURS = {".venv", "node_modules", ".git", "static", "staticfiles", "tests", "deploy"}


def catalogue_dirs(base: Path = BASE_DIR) -> list[Path]:
    """Every `locale/` folder of the project: the top-level one and each app's."""
    found = [base / "locale"] if (base / "locale").is_dir() else []
    for child in sorted(base.iterdir()):
        if child.is_dir() and child.name not in NOT_OURS and (child / "locale").is_dir():
            found.append(child / "locale")
    return found


def po_path(locale_dir: Path, language: str) -> Path:
    return locale_dir / language / "LC_MESSAGES" / "django.po"


def project_po_files(base: Path = BASE_DIR, languages=LANGUAGES) -> list[Path]:
    """Each catalogue of the project, in each language (missing files included, to be named)."""
    return [po_path(folder, language) for folder in catalogue_dirs(base) for language in languages]


def key(entry) -> tuple[str | None, str]:
    return (entry.msgctxt or None, entry.msgid)


def messages(catalogue) -> dict[tuple[str | None, str], object]:
    """msgid (with its context) → translation: a string, or a tuple of plural forms."""
    found = {}
    for entry in catalogue:
        if entry.obsolete or not entry.msgid:
            continue
        if entry.msgid_plural:
            forms = entry.msgstr_plural
            found[key(entry)] = tuple(forms[index] for index in sorted(forms))
        else:
            found[key(entry)] = entry.msgstr
    return found


def framework_mo_files(language: str) -> list[Path]:
    """Django's and third-party apps' own compiled catalogues (not the project's)."""
    paths = [Path(django.__file__).parent / "conf" / "locale"]
    for config in apps.get_app_configs():
        folder = Path(config.path)
        if not folder.is_relative_to(BASE_DIR) or ".venv" in folder.parts:
            paths.append(folder / "locale")
    return [mo for path in paths if (mo := path / language / "LC_MESSAGES" / "django.mo").is_file()]


def wrap(text: str) -> str:
    return f"{OPEN}{text}{CLOSE}"


def build_pseudo_locale(root: Path, source_language: str = "de") -> Path:
    """Write and compile the pseudo catalogue under `root` (a LOCALE_PATHS folder).

    Every msgid of the project's `source_language` catalogues and of Django's own (whose
    strings Django translates itself) answers its English text inside markers.
    """
    pseudo = polib.POFile(wrapwidth=0)
    pseudo.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Language": PSEUDO,
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    seen = set()
    catalogues = [polib.mofile(str(mo)) for mo in framework_mo_files(source_language)]
    catalogues += [
        polib.pofile(str(po))
        for po in project_po_files(languages=[source_language])
        if po.is_file()
    ]
    for catalogue in catalogues:
        for entry in catalogue:
            # A msgid may be singular in one catalogue and plural in another: both are kept.
            seen_as = (*key(entry), bool(entry.msgid_plural))
            if not entry.msgid or seen_as in seen or getattr(entry, "obsolete", False):
                continue
            seen.add(seen_as)
            wrapped = polib.POEntry(msgctxt=entry.msgctxt, msgid=entry.msgid)
            if entry.msgid_plural:
                wrapped.msgid_plural = entry.msgid_plural
                wrapped.msgstr_plural = {0: wrap(entry.msgid), 1: wrap(entry.msgid_plural)}
            else:
                wrapped.msgstr = wrap(entry.msgid)
            pseudo.append(wrapped)
    folder = root / PSEUDO / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    pseudo.save(str(folder / "django.po"))
    pseudo.save_as_mofile(str(folder / "django.mo"))
    return root


PLACEHOLDER = re.compile(r"%\((\w+)\)[#0 +-]*\d*(?:\.\d+)?[sdifrxXeEgGc]")


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def problems_in(path: Path) -> list[str]:
    """What is wrong with one catalogue: missing, untranslated, fuzzy, a header without
    plural forms or charset, or a placeholder the English text does not have."""
    if not path.is_file():
        return [f"{path}: missing"]
    catalogue = polib.pofile(str(path))
    where = os.path.relpath(path, BASE_DIR) if path.is_relative_to(BASE_DIR) else str(path)
    found = []
    header = catalogue.metadata
    if "nplurals=2" not in header.get("Plural-Forms", ""):
        found.append(f"{where}: the header needs Plural-Forms: nplurals=2; plural=(n != 1);")
    if "charset=UTF-8" not in header.get("Content-Type", ""):
        found.append(f"{where}: the header needs Content-Type: text/plain; charset=UTF-8")
    if catalogue.metadata_is_fuzzy:
        found.append(f"{where}: the header is marked fuzzy")
    for entry in catalogue:
        if entry.obsolete:
            continue
        label = f"{where}: {entry.msgid!r}"
        if "fuzzy" in entry.flags:
            found.append(f"{label} is fuzzy")
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if not all(text.strip() for text in translations):
            found.append(f"{label} is not translated")
            continue
        english = placeholders(entry.msgid) | placeholders(entry.msgid_plural or "")
        for text in translations:
            # A translation may leave a named placeholder out (a pronoun, say), never add
            # one: Django would then quietly show the English sentence.
            extra = placeholders(text) - english
            if extra:
                found.append(f"{label} uses placeholders the English has not: {sorted(extra)}")
    return found


def stale_compiled(path: Path) -> list[str]:
    """A .po whose .mo is missing or says something else (compared entry by entry)."""
    mo = path.with_suffix(".mo")
    where = os.path.relpath(path, BASE_DIR) if path.is_relative_to(BASE_DIR) else str(path)
    if not mo.is_file():
        return [f"{where}: not compiled (no .mo): run compilemessages"]
    # msgfmt leaves out fuzzy and untranslated entries; the other checks name those.
    catalogue = polib.pofile(str(path))
    kept = [entry for entry in catalogue if "fuzzy" not in entry.flags]
    source = {
        entry_key: text
        for entry_key, text in messages(kept).items()
        if (all(text) if isinstance(text, tuple) else text)
    }
    compiled = messages(polib.mofile(str(mo)))
    differ = sorted(
        str(entry_key[1])
        for entry_key in set(source) | set(compiled)
        if source.get(entry_key) != compiled.get(entry_key)
    )
    if differ:
        return [f"{where}: the .mo differs from the .po for {differ[:5]}: run compilemessages"]
    return []


# What makemessages reads, and what it leaves alone (no catalogue of the project's own).
EXTENSIONS = "html,txt,py"
IGNORED = ["migrations", ".venv", "node_modules", "tests", "static", "staticfiles", "deploy"]
COPY_IGNORED = {".venv", "node_modules", ".git", "tests", "static", "staticfiles", "deploy"}


def makemessages_command() -> list[str]:
    command = [
        "manage.py",
        "makemessages",
        "--no-obsolete",
        "--add-location=file",
        "-e",
        EXTENSIONS,
    ]
    for language in LANGUAGES:
        command += ["-l", language]
    for pattern in IGNORED:
        command += ["-i", pattern]
    return command


def copy_tree(destination: Path, base: Path = BASE_DIR) -> Path:
    """The project's sources and catalogues, without environments, tests and static files."""
    import shutil

    def ignore(folder, names):
        top = Path(folder) == base
        return {
            name
            for name in names
            if name == "__pycache__" or name.endswith(".mo") or (top and name in COPY_IGNORED)
        }

    shutil.copytree(base, destination, ignore=ignore)
    return destination


def missing_from_catalogues(copy: Path, base: Path = BASE_DIR) -> list[str]:
    """Run makemessages in a copy of the tree; name each msgid it added to a catalogue."""
    import subprocess
    import sys

    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    environment["DATA_DIR"] = str(copy / "data")
    environment.pop("DATABASE_URL", None)
    run = subprocess.run(
        [sys.executable, *makemessages_command()],
        cwd=copy,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if run.returncode:
        return [f"makemessages failed: {run.stderr.strip()[-2000:]}"]
    added = []
    for made in project_po_files(copy):
        if not made.is_file():
            continue
        original = base / made.relative_to(copy)
        before = set(messages(polib.pofile(str(original)))) if original.is_file() else set()
        new = sorted(msgid for _context, msgid in set(messages(polib.pofile(str(made)))) - before)
        if new:
            where = made.relative_to(copy)
            added.append(f"{where}: {len(new)} msgid(s) not in the catalogue, e.g. {new[:5]}")
    return added


def msgfmt_errors(path: Path) -> list[str]:
    """What `msgfmt --check-format` (compilemessages) refuses in this catalogue."""
    import subprocess

    run = subprocess.run(
        ["msgfmt", "--check-format", "-o", os.devnull, str(path)],
        capture_output=True,
        text=True,
    )
    if not run.returncode:
        return []
    return [line for line in run.stderr.splitlines() if "warning" not in line]
