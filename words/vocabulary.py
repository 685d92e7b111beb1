"""Reading a person's own words: their list of each kind, and the label of any key.

`words_of(owner)` reads all of a person's own words in one query and keeps them for the
rest of the request (a page that shows many entries of the same person asks once). The
reader's own words are kept across their requests too, under their seat's version, which
every change of their words moves (couples.versions: apart from their own notes).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from asgiref.local import Local
from django.utils.translation import get_language

from couples import versions
from words.defaults import FALLBACK, defaults
from words.models import OwnWord

_request = Local()


def start_request(**kwargs) -> None:
    _request.words = {}


def end_request(**kwargs) -> None:
    _request.words = None


def forget(owner_id: int) -> None:
    """After a change to the person's words: the next read asks again."""
    kept = getattr(_request, "words", None)
    if kept:
        kept.pop(owner_id, None)


@dataclass
class Word:
    key: str
    label: str  # as shown: the person's own, or the default in the reader's language
    group: str
    hidden: bool = False
    own: bool = False  # added by the person
    renamed: bool = False
    position: int = 0

    @property
    def default_label(self) -> str:
        return "" if self.own else self._default

    _default: str = ""


class Words:
    """One person's words of every kind: the defaults with their changes applied."""

    def __init__(self, owner_id: int, rows: list[OwnWord]):
        self.owner_id = owner_id
        self.rows = {(row.kind, row.key): row for row in rows}

    def all(self, kind: str) -> list[Word]:
        """Every word of `kind`, hidden ones included, in the person's order."""
        words = []
        default_keys = set()
        for index, (key, label, group) in enumerate(defaults(kind)):
            default_keys.add(key)
            row = self.rows.get((kind, key))
            word = Word(key, str(label), group, position=1000 + index, _default=str(label))
            if row is not None:
                word.hidden = row.hidden
                word.position = row.position
                if row.label:
                    word.label, word.renamed = row.label, True
            words.append(word)
        for (row_kind, key), row in self.rows.items():
            if row_kind == kind and key not in default_keys:
                words.append(
                    Word(key, row.label, row.group, row.hidden, own=True, position=row.position)
                )
        return sorted(words, key=lambda word: word.position)

    def visible(self, kind: str, keep: tuple | list = ()) -> list[Word]:
        """The words offered: the visible ones, and any of `keep` (already on an entry)."""
        return [word for word in self.all(kind) if not word.hidden or word.key in keep]

    def label(self, kind: str, key: str) -> str:
        if not key:
            return ""
        row = self.rows.get((kind, key))
        if row is not None and row.label:
            return row.label
        label = _default_labels(kind, get_language()).get(key)
        if label is not None:
            return label
        if kind in FALLBACK:
            return self.label(kind, FALLBACK[kind])
        return key

    def labels(self, kind: str, keys) -> list[str]:
        return [self.label(kind, key) for key in keys or []]


@cache
def _default_labels(kind: str, language: str | None) -> dict[str, str]:
    """Each default key of `kind` with its label in `language` (the active one), the first
    as `defaults` lists them: a page labels a word of each entry it shows."""
    labels = {}
    for key, label, _group in defaults(kind):
        labels.setdefault(key, str(label))
    return labels


def words_of(owner) -> Words:
    """The person's words (a user or their id), read once per request."""
    owner_id = owner if isinstance(owner, int) else owner.pk
    kept = getattr(_request, "words", None)
    if kept is not None and owner_id in kept:
        return kept[owner_id]
    # Only ever the labels of entries the viewer may already see (callers check that);
    # the list itself is shown to its owner alone (words.views).
    words = _kept_if_own(owner_id, lambda: _read(owner_id))
    if kept is not None:
        kept[owner_id] = words
    return words


def afresh(owner) -> Words:
    """The person's words as the database holds them now, never a kept copy: for changing
    them. The rest of the request reads these."""
    owner_id = owner if isinstance(owner, int) else owner.pk
    words = _read(owner_id)
    kept = getattr(_request, "words", None)
    if kept is not None:
        kept[owner_id] = words
    return words


def _read(owner_id: int) -> Words:
    return Words(owner_id, list(OwnWord.objects.filter(owner_id=owner_id)))


def _kept_if_own(owner_id: int, read) -> Words:
    """read() for anyone else's words; the reader's own kept across their requests while
    this one has changed nothing (their couple, which keys what is kept, is read once per
    request and by every page of a couple)."""
    reader = versions.unwritten_reader()
    if reader is None or reader.pk != owner_id:
        return read()
    return versions.kept(reader, "words", read, apart_from_own_notes=True)


def prime(owner_ids) -> None:
    """Read the words of several people in one query, for a page that shows entries of both
    partners (the monthly page): `words_of` then answers from what was read."""
    kept = getattr(_request, "words", None)
    wanted = {owner_id for owner_id in owner_ids if kept is None or owner_id not in kept}
    if kept is None or not wanted:
        return
    rows = defaultdict(list)
    for word in OwnWord.objects.filter(owner_id__in=wanted):
        rows[word.owner_id].append(word)
    for owner_id in wanted:
        kept[owner_id] = _kept_if_own(
            owner_id, lambda owner_id=owner_id: Words(owner_id, rows[owner_id])
        )
