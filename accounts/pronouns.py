"""Each person named with their own pronouns, from what they wrote in Settings ("she/her").

`pronouns_of(person)` reads the field once; the templates use the `people` filters:
`{{ partner|they }}` ("she"), `{{ partner|them }}`, `{{ partner|their }}`, `{{ partner|theirs }}`
and `{{ partner|they_verb:"share" }}` ("she shares" / "they share"). Anything not recognised
(an empty field, "any", a set we don't know) reads as they/them, which fits everyone.
"""

from dataclasses import dataclass

from django.utils import translation


@dataclass(frozen=True)
class Pronouns:
    they: str
    them: str
    their: str
    theirs: str
    # Does the verb take the singular -s ("she shares")? Not for they ("they share").
    singular_verb: bool

    def verb(self, verb: str) -> str:
        """`they` with the verb agreeing: "she has", "they have", "he shares"."""
        if not self.singular_verb:
            return f"{self.they} {verb}"
        irregular = {"have": "has", "are": "is", "do": "does", "were": "was"}
        if verb in MODALS:
            return f"{self.they} {verb}"
        if verb in irregular:
            return f"{self.they} {irregular[verb]}"
        if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
            return f"{self.they} {verb}es"
        if verb.endswith("y") and verb[-2:-1] not in "aeiou":
            return f"{self.they} {verb[:-1]}ies"
        return f"{self.they} {verb}s"


MODALS = {"can", "could", "may", "might", "must", "shall", "should", "will", "would"}
THEY = Pronouns("they", "them", "their", "theirs", singular_verb=False)
KNOWN = {
    "she": Pronouns("she", "her", "her", "hers", singular_verb=True),
    "he": Pronouns("he", "him", "his", "his", singular_verb=True),
    "they": THEY,
    "ze": Pronouns("ze", "zir", "zir", "zirs", singular_verb=True),
    "xe": Pronouns("xe", "xem", "xyr", "xyrs", singular_verb=True),
    "it": Pronouns("it", "it", "its", "its", singular_verb=True),
}
# A German or Spanish set someone writes ("sie/ihr", "er/ihm", "ella", "él", "elle") reads
# as its English forms on English pages; pages in German or Spanish use the name instead.
KNOWN |= {
    "sie": KNOWN["she"],
    "er": KNOWN["he"],
    "ella": KNOWN["she"],
    "él": KNOWN["he"],
    "elle": THEY,
}


def pronouns_of(person) -> Pronouns:
    """The first set the person named ("she/they" reads as she), or they/them.

    A set we don't know ("fae/faer") is used as written for "they" and "them"; its other
    forms read as their/theirs rather than guessed.
    """
    written = (getattr(person, "pronouns", "") or "").lower()
    words = [word for word in written.replace(",", "/").replace(" ", "/").split("/") if word]
    for word in words:
        if word in KNOWN:
            return KNOWN[word]
    if len(words) >= 2 and all(word.isalpha() and len(word) <= 12 for word in words[:2]):
        return Pronouns(words[0], words[1], "their", "theirs", singular_verb=True)
    return THEY


# The forms are English words, so they are given only while English is active. In any other
# language they give "" (nothing): German and Spanish pronouns must agree with the noun's
# gender and case, so a translation names the person (`%(name)s`) instead. gettext's format
# check still wants every placeholder of the English sentence in the translation, so a
# translation may carry them where they show nothing, e.g. "…bleibt bei %(name)s%(their)s."
# (README, "Languages").
def english() -> bool:
    return (translation.get_language() or "en").split("-")[0] == "en"


def pronoun(person, form: str) -> str:
    """The person's `form` ("they", "them", "their", "theirs") on an English page, else ""."""
    return getattr(pronouns_of(person), form) if english() else ""


def they_verb(person, verb: str) -> str:
    """The person with the verb agreeing ("she shares", "they share") in English, else ""."""
    return pronouns_of(person).verb(verb) if english() else ""
