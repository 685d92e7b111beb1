"""Pronoun filters for templates: `{{ partner|they }}`, `|them`, `|their`, `|theirs`,
`{{ partner|they_verb:"share" }}`. See accounts/pronouns.py."""

from collections.abc import Callable

from django import template

from accounts.pronouns import pronouns_of

register = template.Library()
# One filter per form of `Pronouns`, named after it: `{{ partner|their }}` is "her" for Ana.
FORMS = ("they", "them", "their", "theirs")


def _form_of(form: str) -> Callable[[object], str]:
    def pronoun(person) -> str:
        return getattr(pronouns_of(person), form)

    return pronoun


for _form in FORMS:
    register.filter(_form, _form_of(_form))


@register.filter
def they_verb(person, verb: str) -> str:
    return pronouns_of(person).verb(verb)
