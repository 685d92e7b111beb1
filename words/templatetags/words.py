"""Showing entries in their owner's words: `{% load words %}` then
`{{ checkin|feeling_labels }}`, `{{ checkin|wish_label }}`, `{{ ritual|category_label }}`.

Each owner's words are read once per request (words.vocabulary.words_of)."""

from __future__ import annotations

from collections import Counter

from django import template
from django.utils.translation import gettext as _

from checkins.models import CheckIn
from words.vocabulary import words_of

register = template.Library()


@register.filter
def feeling_labels(checkin) -> str:
    """The check-in's feeling words as its owner calls them, joined for reading."""
    return _(", ").join(words_of(checkin.owner_id).labels("feeling", checkin.feeling_words))


@register.filter
def wish_label(checkin) -> str:
    return words_of(checkin.owner_id).label("wish", checkin.wish)


@register.filter
def category_label(ritual) -> str:
    return words_of(ritual.owner_id).label("category", ritual.category)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.inclusion_tag("words/patterns_words.html", takes_context=True)
def words_in_patterns(context, patterns):
    """How often each feeling word and "what would help" answer came up in the range, counted
    by key and named in the person's own words."""
    owner = context["request"].user
    first, last = patterns.evenings[0], patterns.evenings[-1]
    feelings, wishes = Counter(), Counter()
    for words, wish in (
        CheckIn.objects.owned_by(owner)
        .filter(evening__range=(first, last))
        .values_list("feeling_words", "wish")
    ):
        feelings.update(words or [])
        if wish:
            wishes[wish] += 1
    own = words_of(owner)
    return {
        "feelings": [(own.label("feeling", key), n) for key, n in feelings.most_common()],
        "wishes": [(own.label("wish", key), n) for key, n in wishes.most_common()],
        "words_url_name": "words:home",
    }
