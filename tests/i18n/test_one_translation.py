"""Each sentence has one translation, the one Duet's catalogue gives it.

Django merges every catalogue into one per language: the top-level `locale/` first, then the
apps in INSTALLED_APPS order (Django's own admin and auth before Duet's). A msgid two
catalogues translate differently shows only one of the two everywhere, and a short word
Django's admin also translates ("History", "Save") shows the admin's. So every entry of every
Duet catalogue must be what `gettext` actually answers; where one English word means two
things, the templates give each its context (`{% translate "Evening" context "time of day" %}`).
"""

from __future__ import annotations

import polib
import pytest
from django.utils import translation

from tests.i18n.catalogues import BASE_DIR, LANGUAGES, project_po_files


def served_differently(language: str) -> list[str]:
    found = []
    with translation.override(language):
        for path in project_po_files(languages=[language]):
            for entry in polib.pofile(str(path)):
                if entry.obsolete or not entry.msgid:
                    continue
                context = entry.msgctxt
                if entry.msgid_plural:
                    forms = entry.msgstr_plural
                    wanted = (forms[0], forms[1])
                    if context:
                        served = tuple(
                            translation.npgettext(context, entry.msgid, entry.msgid_plural, n)
                            for n in (1, 2)
                        )
                    else:
                        served = tuple(
                            translation.ngettext(entry.msgid, entry.msgid_plural, n) for n in (1, 2)
                        )
                else:
                    wanted = entry.msgstr
                    if context:
                        served = translation.pgettext(context, entry.msgid)
                    else:
                        served = translation.gettext(entry.msgid)
                if served != wanted:
                    where = path.relative_to(BASE_DIR).as_posix()
                    found.append(f"{where}: {entry.msgid!r} is served as {served!r}")
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_translation_is_the_one_served(language):
    found = served_differently(language)
    assert not found, "Translated differently elsewhere (give one a context):\n" + "\n".join(found)
