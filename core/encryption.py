"""Encryption at rest for private free text.

Keys come from settings.ENCRYPTION_KEYS (Fernet keys, newest first): new values are
sealed with the first key, and any listed key can still open older ones, so a key can be
rotated without downtime (see `manage.py encryption`). With no key, values are stored as
written.

A stored value is one of:
- empty: kept empty, so "has a note" stays answerable without a key;
- ``duet:enc:`` followed by a Fernet token: sealed;
- ``duet:raw:`` followed by the text: plain text that itself starts with one of these
  markers, escaped so it can never be mistaken for a sealed value;
- anything else: plain text (written with no key configured, or before encryption).
"""

from __future__ import annotations

import base64
import os
from enum import StrEnum
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

SEALED = "duet:enc:"
ESCAPED = "duet:raw:"


class UnreadableValue(Exception):
    """A sealed value none of the configured keys can open."""


class State(StrEnum):
    EMPTY = "empty"
    PLAIN = "in plain text"
    CURRENT = "under the newest key"
    OLDER = "under an older key"
    UNREADABLE = "that no configured key opens"


def new_key() -> str:
    """A fresh key in the form ENCRYPTION_KEYS expects."""
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


def configured_keys() -> tuple[str, ...]:
    return tuple(settings.ENCRYPTION_KEYS)


def enabled() -> bool:
    return bool(configured_keys())


@lru_cache(maxsize=4)
def _fernets(keys: tuple[str, ...]) -> tuple[MultiFernet, Fernet]:
    fernets = [Fernet(key) for key in keys]
    return MultiFernet(fernets), fernets[0]


def seal(text: str, keys: tuple[str, ...] | None = None) -> str:
    """The stored form of `text`: sealed with the newest key, or plain with none."""
    keys = configured_keys() if keys is None else keys
    if not text:
        return text
    if not keys:
        return ESCAPED + text if text.startswith((SEALED, ESCAPED)) else text
    sealer, _ = _fernets(keys)
    return SEALED + sealer.encrypt(text.encode()).decode()


def unseal(stored: str) -> str:
    """The text behind a stored value; UnreadableValue if no configured key opens it."""
    if stored.startswith(SEALED):
        keys = configured_keys()
        if not keys:
            raise UnreadableValue("This value is encrypted and no ENCRYPTION_KEYS are set.")
        opener, _ = _fernets(keys)
        try:
            return opener.decrypt(stored.removeprefix(SEALED).encode()).decode()
        except InvalidToken:
            raise UnreadableValue(
                "No key in ENCRYPTION_KEYS opens this value; was a key removed too early?"
            ) from None
    if stored.startswith(ESCAPED):
        return stored.removeprefix(ESCAPED)
    return stored


def state(stored: str) -> State:
    """Which form a stored value is in, for `manage.py encryption status` and rotation."""
    if not stored:
        return State.EMPTY
    if not stored.startswith(SEALED):
        return State.PLAIN
    keys = configured_keys()
    if not keys:
        return State.UNREADABLE
    opener, newest = _fernets(keys)
    token = stored.removeprefix(SEALED).encode()
    try:
        newest.decrypt(token)
        return State.CURRENT
    except InvalidToken:
        pass
    try:
        opener.decrypt(token)
        return State.OLDER
    except InvalidToken:
        return State.UNREADABLE


def resealed(stored: str, to_plain: bool = False) -> str | None:
    """`stored` rewritten under the newest key (or as plain text); None if already so."""
    current = state(stored)
    if current in (State.EMPTY, State.UNREADABLE):
        return None
    if to_plain:
        return None if current == State.PLAIN else seal(unseal(stored), keys=())
    if current == State.CURRENT or not enabled():
        return None
    return seal(unseal(stored))
