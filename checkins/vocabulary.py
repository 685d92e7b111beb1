"""Feeling words, grouped by the mood meter's four quadrants (pleasantness × energy).

A check-in stores each word as its English key ("excited"), whatever language its owner
reads; pages show it through the owner's words (`words.vocabulary`), where a default word
reads in the reader's own language, so a partner reads the owner's words in the partner's
language.
"""

from django.utils.translation import pgettext_lazy

QUADRANTS = {
    "high_pleasant": (
        # Translators: the four parts of the mood meter, naming the person's own feeling:
        # please pick forms that fit anyone (no gendered adjectives where avoidable).
        pgettext_lazy("mood quadrant", "Bright and lively"),
        ["excited", "joyful", "hopeful", "proud", "playful", "inspired"],
    ),
    "high_unpleasant": (
        pgettext_lazy("mood quadrant", "Tense and stirred up"),
        ["anxious", "frustrated", "stressed", "overwhelmed", "irritated", "restless"],
    ),
    "low_unpleasant": (
        pgettext_lazy("mood quadrant", "Low and heavy"),
        ["sad", "tired", "lonely", "disappointed", "drained", "numb"],
    ),
    "low_pleasant": (
        pgettext_lazy("mood quadrant", "Calm and settled"),
        ["calm", "content", "grateful", "relaxed", "peaceful", "cosy"],
    ),
}

# Each stored key with the word people read. The English word is the key itself.
FEELING_WORDS = {
    # Translators: words for how the person feels tonight ("I feel …"), shown as tick boxes
    # and to their partner. Prefer forms that fit anyone (in Spanish, e.g. nouns: "alegría").
    "excited": pgettext_lazy("feeling word", "excited"),
    "joyful": pgettext_lazy("feeling word", "joyful"),
    "hopeful": pgettext_lazy("feeling word", "hopeful"),
    "proud": pgettext_lazy("feeling word", "proud"),
    "playful": pgettext_lazy("feeling word", "playful"),
    "inspired": pgettext_lazy("feeling word", "inspired"),
    "anxious": pgettext_lazy("feeling word", "anxious"),
    "frustrated": pgettext_lazy("feeling word", "frustrated"),
    "stressed": pgettext_lazy("feeling word", "stressed"),
    "overwhelmed": pgettext_lazy("feeling word", "overwhelmed"),
    "irritated": pgettext_lazy("feeling word", "irritated"),
    "restless": pgettext_lazy("feeling word", "restless"),
    "sad": pgettext_lazy("feeling word", "sad"),
    "tired": pgettext_lazy("feeling word", "tired"),
    "lonely": pgettext_lazy("feeling word", "lonely"),
    "disappointed": pgettext_lazy("feeling word", "disappointed"),
    "drained": pgettext_lazy("feeling word", "drained"),
    "numb": pgettext_lazy("feeling word", "numb"),
    "calm": pgettext_lazy("feeling word", "calm"),
    "content": pgettext_lazy("feeling word", "content"),
    "grateful": pgettext_lazy("feeling word", "grateful"),
    "relaxed": pgettext_lazy("feeling word", "relaxed"),
    "peaceful": pgettext_lazy("feeling word", "peaceful"),
    "cosy": pgettext_lazy("feeling word", "cosy"),
}


def quadrant_of(pleasantness: int, energy: int) -> str:
    """The quadrant a mood-meter point falls in (3 counts as the lower half)."""
    high = "high" if energy > 3 else "low"
    pleasant = "pleasant" if pleasantness > 3 else "unpleasant"
    return f"{high}_{pleasant}"
