"""`{{ owner|them|in_english }}`: an English pronoun, in English only.

The pronoun filters (accounts/templatetags/people.py) give English words. German and Spanish
sentences name the person instead (README, "Languages"), yet every placeholder of a msgid must
stay in its translation (msgfmt --check-format), so in those languages the pronoun
placeholder is filled with nothing and the translation keeps it where it prints nothing.
"""

from django import template
from django.utils import translation

register = template.Library()


def english_active() -> bool:
    return (translation.get_language() or "en").split("-")[0] == "en"


@register.filter
def in_english(pronoun: str) -> str:
    return pronoun if english_active() else ""
