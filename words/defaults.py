"""The words everyone starts with, each kind in its code order, read from where they live
(checkins.vocabulary, checkins.models.Wish, rituals.models.Category). Their keys are what
entries store; their labels are shown in the reader's language."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from checkins.models import Wish
from checkins.vocabulary import QUADRANTS
from rituals.models import Category

# Feeling words are stored as English keys; each is shown in the reader's language.
FEELING_LABELS = {
    "excited": pgettext_lazy("feeling", "excited"),
    "joyful": pgettext_lazy("feeling", "joyful"),
    "hopeful": pgettext_lazy("feeling", "hopeful"),
    "proud": pgettext_lazy("feeling", "proud"),
    "playful": pgettext_lazy("feeling", "playful"),
    "inspired": pgettext_lazy("feeling", "inspired"),
    "anxious": pgettext_lazy("feeling", "anxious"),
    "frustrated": pgettext_lazy("feeling", "frustrated"),
    "stressed": pgettext_lazy("feeling", "stressed"),
    "overwhelmed": pgettext_lazy("feeling", "overwhelmed"),
    "irritated": pgettext_lazy("feeling", "irritated"),
    "restless": pgettext_lazy("feeling", "restless"),
    "sad": pgettext_lazy("feeling", "sad"),
    "tired": pgettext_lazy("feeling", "tired"),
    "lonely": pgettext_lazy("feeling", "lonely"),
    "disappointed": pgettext_lazy("feeling", "disappointed"),
    "drained": pgettext_lazy("feeling", "drained"),
    "numb": pgettext_lazy("feeling", "numb"),
    "calm": pgettext_lazy("feeling", "calm"),
    "content": pgettext_lazy("feeling", "content"),
    "grateful": pgettext_lazy("feeling", "grateful"),
    "relaxed": pgettext_lazy("feeling", "relaxed"),
    "peaceful": pgettext_lazy("feeling", "peaceful"),
    "cosy": pgettext_lazy("feeling", "cosy"),
}


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
