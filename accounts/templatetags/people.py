"""Pronoun filters for templates: `{{ partner|they }}`, `|them`, `|their`, `|theirs`,
`{{ partner|they_verb:"share" }}`. See accounts/pronouns.py."""

from django import template

from accounts.pronouns import pronouns_of

register = template.Library()


@register.filter
def they(person) -> str:
    return pronouns_of(person).they


@register.filter
def them(person) -> str:
    return pronouns_of(person).them


@register.filter
def their(person) -> str:
    return pronouns_of(person).their


@register.filter
def theirs(person) -> str:
    return pronouns_of(person).theirs


@register.filter
def they_verb(person, verb: str) -> str:
    return pronouns_of(person).verb(verb)
