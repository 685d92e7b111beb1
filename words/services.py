"""Changing a person's own words: add, rename, hide or show, move up or down.

Each change is checked first and either saved whole or refused with a kind reason
(`WordProblem`), saving nothing.
"""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from core.forms import strip_controls
from words import vocabulary
from words.defaults import defaults
from words.models import MAX_LABEL, OWN_PREFIX, Group, Kind, OwnWord

# Enough for anyone's own words, not so many the check-in form becomes a wall of them.
MAX_VISIBLE = {Kind.FEELING: 48, Kind.WISH: 10, Kind.CATEGORY: 16}


class WordProblem(Exception):
    pass


def _clean_label(label: str) -> str:
    label = " ".join(strip_controls(label or "").split())
    if not label:
        raise WordProblem(_("A word needs at least one letter. What would you like to call it?"))
    if len(label) > MAX_LABEL:
        raise WordProblem(
            _("Please keep it to %(limit)s characters or fewer, a word or a few.")
            % {"limit": MAX_LABEL}
        )
    return label


def _check_unique(words: vocabulary.Words, kind: str, label: str, except_key: str = "") -> None:
    folded = label.casefold()
    for word in words.visible(kind):
        if word.key == except_key:
            continue
        if folded in {word.label.casefold(), word.key.casefold()}:
            raise WordProblem(
                _("“%(word)s” is already one of your words here.") % {"word": word.label}
            )


def _words(owner) -> vocabulary.Words:
    return vocabulary.afresh(owner)


def _materialise(owner, kind: str) -> dict[str, OwnWord]:
    """A row for each default (their order as positions), so they can be moved."""
    rows = {row.key: row for row in OwnWord.objects.owned_by(owner).filter(kind=kind)}
    current = _words(owner).all(kind)
    missing = [
        OwnWord(owner=owner, kind=kind, key=word.key, position=word.position)
        for word in current
        if word.key not in rows
    ]
    if missing:
        OwnWord.objects.bulk_create(missing)
        rows = {row.key: row for row in OwnWord.objects.owned_by(owner).filter(kind=kind)}
    return rows


def _valid_kind(kind: str) -> str:
    if kind not in Kind.values:
        raise WordProblem(_("I don't know that list of words."))
    return kind


def add(owner, kind: str, label: str, group: str = "") -> OwnWord:
    kind = _valid_kind(kind)
    label = _clean_label(label)
    if kind == Kind.FEELING:
        if group not in Group.values:
            group = Group.OWN
    else:
        group = ""
    with transaction.atomic():
        words = _words(owner)
        _check_unique(words, kind, label)
        if len(words.visible(kind)) >= MAX_VISIBLE[kind]:
            raise WordProblem(
                _(
                    "You have %(count)s words here already, as many as fit. Would you like "
                    "to hide one you use less first?"
                )
                % {"count": MAX_VISIBLE[kind]}
            )
        last = max((word.position for word in words.all(kind)), default=0)
        word = OwnWord.objects.create(
            owner=owner,
            kind=kind,
            key=f"{OWN_PREFIX}{secrets.token_hex(3)}",
            label=label,
            group=group,
            position=max(last, 1000 + len(defaults(kind))) + 1,
        )
    vocabulary.forget(owner.pk)
    return word


def _known(owner, kind: str, key: str) -> vocabulary.Word | None:
    return next((word for word in _words(owner).all(kind) if word.key == key), None)


def rename(owner, kind: str, key: str, label: str) -> None:
    """A new name for a word; an empty name for a default brings its own name back."""
    kind = _valid_kind(kind)
    word = _known(owner, kind, key)
    if word is None:
        raise LookupError(key)
    if not (label or "").strip() and not word.own:
        label = ""
    else:
        label = _clean_label(label)
        _check_unique(_words(owner), kind, label, except_key=key)
    _keep(owner, kind, word, label=label)


def set_hidden(owner, kind: str, key: str, hidden: bool) -> None:
    kind = _valid_kind(kind)
    word = _known(owner, kind, key)
    if word is None:
        raise LookupError(key)
    words = _words(owner)
    if hidden and [w.key for w in words.visible(kind)] == [key]:
        raise WordProblem(
            _("This is the last word shown here, so I've kept it. Add another first?")
        )
    if not hidden and word.hidden and len(words.visible(kind)) >= MAX_VISIBLE[kind]:
        raise WordProblem(
            _("You have as many words shown here as fit. Would you like to hide another first?")
        )
    if not hidden and word.hidden:
        _check_unique(words, kind, word.label, except_key=key)
    _keep(owner, kind, word, hidden=hidden)


def _keep(owner, kind: str, word, **changes) -> None:
    """Write one change to a word onto its row (made for a default word the first time)."""
    with transaction.atomic():
        row, _created = OwnWord.objects.owned_by(owner).get_or_create(
            owner=owner, kind=kind, key=word.key, defaults={"position": word.position}
        )
        for name, value in changes.items():
            setattr(row, name, value)
        row.save(update_fields=list(changes))
    vocabulary.forget(owner.pk)


def move(owner, kind: str, key: str, up: bool) -> None:
    """Swap the word with its neighbour (within its group, for feeling words)."""
    kind = _valid_kind(kind)
    word = _known(owner, kind, key)
    if word is None:
        raise LookupError(key)
    with transaction.atomic():
        rows = _materialise(owner, kind)
        same_group = [w for w in _words(owner).all(kind) if w.group == word.group]
        index = [w.key for w in same_group].index(key)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(same_group):
            return  # already first (or last): nothing to move
        mine, theirs = rows[key], rows[same_group[other].key]
        mine.position, theirs.position = theirs.position, mine.position
        if mine.position == theirs.position:
            mine.position += -1 if up else 1
        OwnWord.objects.bulk_update([mine, theirs], ["position"])
    vocabulary.forget(owner.pk)
