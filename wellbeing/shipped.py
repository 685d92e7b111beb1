"""The international directories Duet ships with: added as editable data by migration
0002, and shown as they are when the database is down and no copy of the host's list was kept
(`wellbeing.offline`).

The words are stored in English (the data the host edits) and marked here for translation:
`readable()` shows a shipped directory's words in the reader's language for as long as the
host leaves them as shipped; words the host changed are the host's and show as written.
The organisations' own names (Find A Helpline, Befrienders Worldwide) are not translated.
"""

from django.utils.translation import gettext, gettext_noop

# The default region of a resource the host adds (Resource.region), and the shipped one.
INTERNATIONAL = gettext_noop("International")
INTERNATIONAL_DIRECTORY = gettext_noop("International directory")

SHIPPED_RESOURCES = [
    {
        "name": "Find A Helpline",
        "kind": "directory",
        "description": gettext_noop(
            "An international directory of free, confidential helplines, searchable by "
            "country and topic."
        ),
        "url": "https://findahelpline.com/",
        "region": INTERNATIONAL_DIRECTORY,
        "position": 10,
    },
    {
        "name": "Befrienders Worldwide",
        "kind": "directory",
        "description": gettext_noop(
            "Emotional support centres around the world, listed by country."
        ),
        "url": "https://www.befrienders.org/",
        "region": INTERNATIONAL_DIRECTORY,
        "position": 20,
    },
    {
        "name": gettext_noop("IASP crisis centres and helplines"),
        "kind": "directory",
        "description": gettext_noop(
            "The International Association for Suicide Prevention's list of crisis centres, "
            "by country."
        ),
        "url": "https://www.iasp.info/crisis-centres-helplines/",
        "region": INTERNATIONAL_DIRECTORY,
        "position": 30,
    },
]

# Every shipped English text that has a translation, field by field.
_SHIPPED_WORDS = {
    field: {values[field] for values in SHIPPED_RESOURCES}
    for field in ("name", "description", "region")
}
_REGIONS = {INTERNATIONAL, INTERNATIONAL_DIRECTORY}


def in_readers_language(field: str, text: str, *, shipped_default: bool) -> str:
    """`text` in the active language if it is a shipped default's unchanged words (or one of
    the shipped region names, which any resource may carry); otherwise as the host wrote it."""
    if field == "region" and text in _REGIONS:
        return gettext(text)
    if shipped_default and text in _SHIPPED_WORDS.get(field, ()):
        return gettext(text)
    return text
