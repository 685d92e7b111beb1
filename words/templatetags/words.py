"""Showing entries in their owner's words: `{% load words %}` then
`{{ checkin|feeling_labels }}`, `{{ checkin|wish_label }}`, `{{ ritual|category_label }}`.

Each owner's words are read once per request (words.vocabulary.words_of)."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

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
