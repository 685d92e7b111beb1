"""Checks on an app's own catalogue, shared by the support and goals i18n tests."""

import gettext
from pathlib import Path

from django.conf import settings
from django.utils import translation


def own_entries(app: str, language: str) -> dict:
    """The app's compiled translations: {msgid or "context\\x04msgid": msgstr}, singular only."""
    mo = Path(settings.BASE_DIR) / app / "locale" / language / "LC_MESSAGES" / "django.mo"
    with mo.open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)._catalog
    return {key: text for key, text in catalogue.items() if isinstance(key, str) and key}


def shadowed(app: str, language: str) -> list[tuple[str, str, str]]:
    """Entries whose translation the page would NOT show, because another catalogue merged
    before the app's (Django's own, the admin's…) translates the same msgid differently:
    (msgid, shown, meant). Short words like "History" or "Save" need a context."""
    found = []
    with translation.override(language):
        for key, meant in own_entries(app, language).items():
            if "\x04" in key:
                context, msgid = key.split("\x04", 1)
                shown = translation.pgettext(context, msgid)
            else:
                msgid, shown = key, translation.gettext(key)
            if shown != meant:
                found.append((msgid, shown, meant))
    return found
