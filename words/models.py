"""A person's own words: their changes to the feeling words, the "what would help tonight"
options and the ritual categories whose defaults live in code (words.defaults).

A person's list is the defaults with these rows applied: a row for a default (same key)
renames, hides or moves it; a row with a new key ("own_…") is a word they added. What they
wrote is private and sealed at rest; the keys are what check-ins and rituals store, so a
renamed word keeps its history and a hidden one still reads on old entries.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from checkins.vocabulary import QUADRANTS
from core.fields import EncryptedCharField
from core.people import person
from couples.privacy import PrivateQuerySet

MAX_LABEL = 30
OWN_PREFIX = "own_"


class Kind(models.TextChoices):
    FEELING = "feeling", _("Feeling words")
    WISH = "wish", _("What would help tonight")
    CATEGORY = "category", _("Ritual categories")


class Group(models.TextChoices):
    """Where a feeling word sits on the check-in form: a mood-meter quadrant (named as in
    checkins.vocabulary) or one's own."""

    HIGH_PLEASANT = "high_pleasant", QUADRANTS["high_pleasant"][0]
    HIGH_UNPLEASANT = "high_unpleasant", QUADRANTS["high_unpleasant"][0]
    LOW_UNPLEASANT = "low_unpleasant", QUADRANTS["low_unpleasant"][0]
    LOW_PLEASANT = "low_pleasant", QUADRANTS["low_pleasant"][0]
    OWN = "own", _("My own words")


class OwnWord(models.Model):
    owner = person("own_words")
    kind = models.CharField(max_length=10, choices=Kind)
    # A default's key (the same as in code), or OWN_PREFIX and random letters for an added word.
    key = models.CharField(max_length=20)
    # As the person wrote it; empty: a default shown in the reader's language.
    label = EncryptedCharField(max_length=MAX_LABEL, blank=True)
    group = models.CharField(max_length=20, choices=Group, blank=True)
    hidden = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)

    objects = PrivateQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "kind", "key"], name="one_own_word_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.kind} word {self.key} of {self.owner_id}"
