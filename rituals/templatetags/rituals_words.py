from django import template
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext

from accounts.pronouns import pronouns_of

register = template.Library()


@register.filter
def in_sentence(label) -> str:
    """A choice's label as it reads inside a sentence ("changed (a new season)"): lowercase,
    except in German, whose nouns keep their capital ("Arbeit")."""
    text = str(label)
    if (get_language() or "en").split("-")[0] == "de":
        return text
    return text.lower()


@register.simple_tag
def partner_evening_words(which: str, partner) -> str:
    """Short lines about the partner's evening that English words with their pronouns and
    German and Spanish without (see README, "Languages"); `which` is "few_words",
    "see_evening" or "answer"."""
    pronouns = pronouns_of(partner)
    values = {"name": partner.display_name, "their": pronouns.their, "them": pronouns.them}
    if which == "few_words":
        # Translators: %(their)s is an English pronoun ("her"); leave it out (the partner's
        # name is in the heading just above).
        # xgettext:no-python-format
        text = gettext("A few words from %(their)s evening.")
    elif which == "see_evening":
        # Translators: %(their)s is an English pronoun ("her"); leave it out (the partner's
        # name is in the heading just above).
        # xgettext:no-python-format
        text = gettext("See %(their)s evening")
    else:
        # Translators: %(them)s is an English pronoun ("her"); leave it out (the partner's
        # name is in the heading just above).
        # xgettext:no-python-format
        text = gettext("Answer %(them)s")
    return text % values


@register.simple_tag
def news_line(item, partner) -> str:
    """One line of the partner's news (rituals/news.py), a whole sentence per kind."""
    pronouns = pronouns_of(partner)
    values = {
        "name": partner.display_name,
        "their": pronouns.their,
        "title": item.title,
        "answer": item.title,
        "words": Truncator(item.title).chars(60),
    }
    if item.kind == "practice":
        text = gettext("%(name)s practised “%(title)s”")
    elif item.kind == "checkin_answer":
        text = gettext("%(name)s answered your check-in: %(answer)s")
    elif item.kind == "entry_answer":
        text = gettext("%(name)s answered the entry you brought: %(answer)s")
    elif item.kind == "progress" and item.on_joint:
        text = gettext("%(name)s noted progress on your joint activity")
    elif item.kind == "progress":
        # Translators: %(their)s is an English pronoun ("her"); write the sentence with
        # %(name)s alone.
        # xgettext:no-python-format
        text = gettext("%(name)s noted progress on %(their)s objective")
    elif item.kind == "win":
        text = gettext("%(name)s shared a win: “%(words)s”")
    else:
        text = gettext("%(name)s appreciates you: “%(words)s”")
    return text % values
