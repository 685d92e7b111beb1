"""Pronoun filters for templates: `{{ partner|they }}`, `|them`, `|their`, `|theirs`,
`{{ partner|they_verb:"share" }}`. See accounts/pronouns.py.

The forms are English words, so they are given only while English is active. In any other
language each filter gives "" (nothing): German and Spanish pronouns must agree with the
noun's gender and case, so a translation names the person (`%(name)s`) instead. gettext's
format check still wants every placeholder of the English sentence in the translation, so a
translation may carry them where they show nothing, e.g. "…bleibt bei %(name)s%(their)s."
(README, "Languages").
"""

from collections.abc import Callable

from django import template
from django.utils import translation

from accounts.pronouns import pronouns_of

register = template.Library()
# One filter per form of `Pronouns`, named after it: `{{ partner|their }}` is "her" for Ana.
FORMS = ("they", "them", "their", "theirs")


def english() -> bool:
    return (translation.get_language() or "en").split("-")[0] == "en"


def _form_of(form: str) -> Callable[[object], str]:
    def pronoun(person) -> str:
        return getattr(pronouns_of(person), form) if english() else ""

    return pronoun


for _form in FORMS:
    register.filter(_form, _form_of(_form))


@register.filter
def they_verb(person, verb: str) -> str:
    return pronouns_of(person).verb(verb) if english() else ""
