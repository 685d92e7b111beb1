"""A notification's wording is kept in English and worded for its reader when read.

A notification is read in its RECIPIENT's language, never its sender's: the sender's request
runs in the sender's language, and the recipient may read the item days later, after changing
theirs. So `Notification.text` holds the English sentence itself (the msgid of a catalogue
entry), with slots in braces, and `Notification.params` holds what fills the non-private
slots; `render()` translates both with the language active where it is read (the inbox runs
in the reader's language, and every email, push and channel message is composed inside
`translation.override(recipient.language)`, notifications/delivery.py).

How an app words a notification (tell(), tell_partner(), notify(), reword_told()):

    from django.utils.translation import gettext_noop  # or gettext_lazy: both are kept as msgids
    from notifications import wording

    tell_partner(
        person,
        Notification.Kind.JOINT_ACTIVITY_PROPOSED,
        # Translators: {actor} is a name, {month} a month's name.
        gettext_noop("{actor} proposed something to do together in {month}."),
        url,
        about=activity,
        params={"month": wording.month(month)},
    )

Don't pass `gettext("…")`: evaluated at once, it is in the sender's language. (A whole sentence
translated that way is recognised and stored as its msgid again, `msgid()`, but one with
values formatted into it can't be.) Never build the sentence from pieces: each case is a
whole sentence, with its own msgid. The slots {actor}, {ritual}, {quoted_ritual} and
{words} are filled by the model (they can be un-shared); any other {name} comes from
`params`, whose values may be:
- an English string (a choice's label, a month's name…): translated when read;
- `month(d)`, `day(d)`, `moment(dt)`, `clock(t)`: formatted when read in the reader's
  language (a moment on the reader's own clock);
- `count(singular, plural, n)`: a plural sentence ({count} is n);
- `sentence(text, **params)`: a nested whole sentence; a list of them reads one after another.

A person's English pronoun ({them}: `catalogue.them(person)`) may fill a slot for English only:
German and Spanish name the person ({actor}) instead and leave the pronoun slot out, so such a
msgid carries `# Translators: xgettext:no-python-brace-format` right before its string (else
compilemessages refuses the translation), as support/services.py's permission news do.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from django.utils import formats, translation
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext, trans_real

SLOT = re.compile(r"\{(\w+)\}")


def msgid(text: str | Promise) -> str:
    """The English wording of `text`, as stored: a lazy translation gives back its msgid, and
    so does a whole sentence already translated into the active language."""
    if isinstance(text, Promise):
        with translation.override(None):  # no catalogue active: the msgid itself
            return str(text)
    text = str(text)
    language = translation.get_language()
    if not language or language.split("-")[0] == "en":
        return text
    catalog = trans_real.translation(language)._catalog
    if text in catalog:
        return text  # a msgid already
    return _msgids_of(language).get(text, text)


@functools.cache
def _msgids_of(language: str) -> dict[str, str]:
    """Each translation in `language`'s catalogues, back to its msgid (no context, no plural)."""
    msgids: dict[str, str] = {}
    for key, value in trans_real.translation(language)._catalog.items():
        if isinstance(key, str) and isinstance(value, str) and "\x04" not in key and value != key:
            msgids.setdefault(value, key)
    return msgids


def stored(params: dict[str, Any] | None) -> dict[str, Any]:
    """`params` as kept on the row: lazy texts as their msgids, everything JSON."""
    return {str(name): _stored(value) for name, value in (params or {}).items()}


def _stored(value: Any) -> Any:
    if isinstance(value, (str, Promise)):
        return msgid(value)
    if isinstance(value, dict):
        return {key: _stored(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_stored(item) for item in value]
    if isinstance(value, datetime):
        return moment(value)
    if isinstance(value, date):
        return day(value)
    if isinstance(value, time):
        return clock(value)
    return value


def month(value: date) -> dict:
    """A month's name ("November", "noviembre")."""
    return {"date": value.isoformat(), "format": "F"}


def day(value: date) -> dict:
    """A date in the reader's usual long form."""
    return {"date": value.isoformat(), "format": "DATE_FORMAT"}


def moment(value: datetime) -> dict:
    """A date and time, shown on the reader's own clock."""
    return {"datetime": value.isoformat(), "format": "DATETIME_FORMAT"}


def clock(value: time) -> dict:
    """A time of day on the 24-hour clock Duet shows everywhere ("22:00")."""
    return {"time": value.isoformat(timespec="minutes"), "format": "H:i"}


def count(singular: str | Promise, plural: str | Promise, n: int, **params) -> dict:
    """A sentence with a number in it, in the reader's plural form; {count} is `n`."""
    return {"plural": [msgid(singular), msgid(plural)], "n": n, "params": stored(params)}


def sentence(text: str | Promise, **params) -> dict:
    """A whole sentence of its own inside a wording (one of several that follow each other)."""
    return {"text": msgid(text), "params": stored(params)}


def render(text: str, params: dict | None, slot: Callable[[str], str | None], zone=None) -> str:
    """The wording in the active language; `slot(name)` fills the model's own slots (None:
    not one of them), `params` the others; a moment is shown in `zone`."""

    def fill(match: re.Match) -> str:
        name = match.group(1)
        own = slot(name)
        if own is not None:
            return own
        if params and name in params:
            return _rendered(params[name], slot, zone)
        return match.group(0)

    return SLOT.sub(fill, gettext(text) if text else "")


def _rendered(value: Any, slot, zone) -> str:
    if isinstance(value, str):
        return gettext(value) if value else ""
    if isinstance(value, list):
        return " ".join(_rendered(item, slot, zone) for item in value)
    if not isinstance(value, dict):
        return formats.localize(value)
    if "text" in value:
        return render(value["text"], value.get("params"), slot, zone)
    if "plural" in value:
        singular, plural = value["plural"]
        n = value.get("n", 0)
        params = {**(value.get("params") or {}), "count": n}
        worded = ngettext(singular, plural, n)
        return SLOT.sub(
            lambda m: (
                _rendered(params[m.group(1)], slot, zone)
                if m.group(1) in params
                else (slot(m.group(1)) or m.group(0))
            ),
            worded,
        )
    fmt = value.get("format")
    if "datetime" in value:
        moment_ = datetime.fromisoformat(value["datetime"])
        if zone is not None and moment_.tzinfo is not None:
            moment_ = moment_.astimezone(zone)
        return formats.date_format(moment_, fmt or "DATETIME_FORMAT")
    if "date" in value:
        return formats.date_format(date.fromisoformat(value["date"]), fmt or "DATE_FORMAT")
    if "time" in value:
        return formats.time_format(time.fromisoformat(value["time"]), fmt or "TIME_FORMAT")
    return ""
