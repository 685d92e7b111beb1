"""CI's checks on the message catalogues (README, "Languages").

Every German and Spanish catalogue of the project is complete (no empty msgstr, no fuzzy
entry, no placeholder the English lacks), its compiled .mo says what the .po says, and
makemessages would add nothing that is missing from them. Each check is also shown to fail
on a broken catalogue, so none of them can pass by looking at nothing.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import polib
import pytest

from tests.i18n import catalogues
from tests.i18n.catalogues import (
    BASE_DIR,
    catalogue_dirs,
    copy_tree,
    missing_from_catalogues,
    msgfmt_errors,
    problems_in,
    project_po_files,
    stale_compiled,
)

# A machine without gettext skips the makemessages checks; CI never does (.ci/run installs it).
needs_gettext = pytest.mark.skipif(
    not os.environ.get("CI") and not (shutil.which("xgettext") and shutil.which("msgfmt")),
    reason="gettext is not installed (apt-get install gettext)",
)


def test_the_project_has_its_catalogues():
    folders = {folder.relative_to(BASE_DIR).as_posix() for folder in catalogue_dirs()}
    # The shared templates' catalogue and at least the apps owned with it.
    assert {"locale", "core/locale", "pwa/locale", "instance/locale"} <= folders


def test_every_catalogue_is_complete():
    found = [problem for path in project_po_files() for problem in problems_in(path)]
    assert not found, "Catalogues need work:\n" + "\n".join(found)


def test_every_compiled_catalogue_matches_its_source():
    found = [problem for path in project_po_files() for problem in stale_compiled(path)]
    assert not found, "Compile the catalogues again:\n" + "\n".join(found)


@needs_gettext
def test_every_catalogue_compiles(tmp_path):
    # msgfmt refuses a translation that leaves out a placeholder of a python-format entry:
    # a sentence whose translation names the person instead of an English pronoun carries
    # "xgettext:no-python-format" in its translator comment (README, "Languages").
    found = [
        problem for path in project_po_files() if path.is_file() for problem in msgfmt_errors(path)
    ]
    assert not found, "compilemessages would fail:\n" + "\n".join(found)


@needs_gettext
def test_msgfmt_check_catches_a_missing_placeholder(tmp_path):
    path = _catalogue(
        tmp_path / "django.po",
        [polib.POEntry(msgid="Answer %(them)s", msgstr="Antworten", flags=["python-format"])],
    )
    assert any("them" in problem for problem in msgfmt_errors(path))
    path = _catalogue(
        tmp_path / "django.po",
        [polib.POEntry(msgid="Answer %(them)s", msgstr="Antworten", flags=["no-python-format"])],
    )
    assert msgfmt_errors(path) == []


@needs_gettext
def test_makemessages_would_add_nothing(tmp_path):
    added = missing_from_catalogues(copy_tree(tmp_path / "duet"))
    assert not added, (
        "Marked strings missing from the catalogues (run makemessages as README "
        '"Languages" says, translate, compile):\n' + "\n".join(added)
    )


# The checks themselves, on catalogues broken on purpose.


def _catalogue(path: Path, entries: list[polib.POEntry], header: dict | None = None) -> Path:
    catalogue = polib.POFile()
    catalogue.metadata = header or {
        "Content-Type": "text/plain; charset=UTF-8",
        "Language": "de",
        "Plural-Forms": "nplurals=2; plural=(n != 1);",
    }
    for entry in entries:
        catalogue.append(entry)
    path.parent.mkdir(parents=True, exist_ok=True)
    catalogue.save(str(path))
    return path


def test_an_untranslated_or_fuzzy_entry_is_caught(tmp_path):
    path = _catalogue(
        tmp_path / "de" / "LC_MESSAGES" / "django.po",
        [
            polib.POEntry(msgid="Today", msgstr="Heute"),
            polib.POEntry(msgid="Evening check-in", msgstr=""),
            polib.POEntry(msgid="Month", msgstr="Monat", flags=["fuzzy"]),
            polib.POEntry(
                msgid="%(count)s day",
                msgid_plural="%(count)s days",
                msgstr_plural={0: "%(count)s Tag", 1: ""},
            ),
            polib.POEntry(msgid="See their evening", msgstr="%(name)s: Abend ansehen"),
        ],
    )
    found = "\n".join(problems_in(path))
    assert "'Evening check-in' is not translated" in found
    assert "'Month' is fuzzy" in found
    assert "'%(count)s day' is not translated" in found
    assert "placeholders the English has not: ['name']" in found
    assert "Today" not in found


def test_a_catalogue_without_plural_forms_is_caught(tmp_path):
    path = _catalogue(
        tmp_path / "django.po",
        [polib.POEntry(msgid="Today", msgstr="Heute")],
        header={"Content-Type": "text/plain; charset=UTF-8"},
    )
    assert any("Plural-Forms" in problem for problem in problems_in(path))


def test_a_complete_catalogue_passes(tmp_path):
    path = _catalogue(
        tmp_path / "django.po",
        [
            polib.POEntry(msgid="Today", msgstr="Heute"),
            # Leaving out a pronoun placeholder is allowed (README, "Languages").
            polib.POEntry(msgid="Answer %(them)s", msgstr="Antworten"),
        ],
    )
    assert problems_in(path) == []


def test_a_stale_or_missing_mo_is_caught(tmp_path):
    path = _catalogue(tmp_path / "django.po", [polib.POEntry(msgid="Today", msgstr="Heute")])
    assert "not compiled" in stale_compiled(path)[0]
    polib.pofile(str(path)).save_as_mofile(str(path.with_suffix(".mo")))
    assert stale_compiled(path) == []
    changed = polib.pofile(str(path))
    changed.append(polib.POEntry(msgid="Month", msgstr="Monatsseite"))
    changed.save(str(path))
    assert "differs from the .po for ['Month']" in stale_compiled(path)[0]


@needs_gettext
def test_makemessages_check_catches_a_string_missing_from_a_catalogue(tmp_path):
    copy = copy_tree(tmp_path / "duet")
    (copy / "templates" / "components" / "i18n_probe.html").write_text(
        '{% load i18n %}<p>{% translate "A sentence no catalogue has yet" %}</p>\n'
    )
    (copy / "core" / "i18n_probe.py").write_text(
        "from django.utils.translation import gettext as _\n\n"
        'PROBE = _("Another sentence no catalogue has yet")\n'
    )
    added = "\n".join(missing_from_catalogues(copy))
    assert "locale/de/LC_MESSAGES/django.po" in added
    assert "A sentence no catalogue has yet" in added
    assert "core/locale/es/LC_MESSAGES/django.po" in added
    assert "Another sentence no catalogue has yet" in added


def test_the_catalogue_list_names_a_missing_language(tmp_path):
    (tmp_path / "locale" / "de" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "manage.py").write_text("")
    paths = catalogues.project_po_files(tmp_path)
    assert tmp_path / "locale" / "es" / "LC_MESSAGES" / "django.po" in paths
    assert any("missing" in problem for path in paths for problem in problems_in(path))
