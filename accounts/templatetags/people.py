"""Pronoun filters for templates: `{{ partner|they }}`, `|them`, `|their`, `|theirs`,
`{{ partner|they_verb:"share" }}`, each one of accounts/pronouns.py's functions: English
words on English pages, nothing in any other language (see `accounts.pronouns.english`).
"""

from django import template

from accounts import pronouns

register = template.Library()
# One filter per form of `Pronouns`, named after it: `{{ partner|their }}` is "her" for Ana.
FORMS = ("they", "them", "their", "theirs")


def _form_of(form: str):
    def pronoun(person) -> str:
        return pronouns.pronoun(person, form)

    return pronoun


for _form in FORMS:
    register.filter(_form, _form_of(_form))

register.filter("they_verb", pronouns.they_verb)
