"""The words everyone starts with, each kind in its code order, read from where they live
(checkins.vocabulary, checkins.models.Wish, rituals.models.Category). Their keys are what
entries store; their labels are shown in the reader's language."""

from __future__ import annotations

from checkins.models import Wish
from checkins.vocabulary import FEELING_WORDS, QUADRANTS
from rituals.models import Category

# Feeling words are stored as English keys; each is shown in the reader's language.
FEELING_LABELS = FEELING_WORDS


def defaults(kind: str) -> list[tuple[str, object, str]]:
    """(key, label, group) for each default word of `kind`, in code order; labels are lazy."""
    if kind == "feeling":
        return [
            (word, FEELING_LABELS.get(word, word), quadrant)
            for quadrant, (_title, words) in QUADRANTS.items()
            for word in words
        ]
    if kind == "wish":
        return [(value, label, "") for value, label in Wish.choices]
    if kind == "category":
        return [(value, label, "") for value, label in Category.choices]
    raise ValueError(kind)


# What an unknown key reads as: a category from a partner's joint proposal, say.
FALLBACK = {"category": Category.OTHER}
