"""Feeling words, grouped by the mood meter's four quadrants (pleasantness × energy)."""

QUADRANTS = {
    "high_pleasant": (
        "Bright and lively",
        ["excited", "joyful", "hopeful", "proud", "playful", "inspired"],
    ),
    "high_unpleasant": (
        "Tense and stirred up",
        ["anxious", "frustrated", "stressed", "overwhelmed", "irritated", "restless"],
    ),
    "low_unpleasant": (
        "Low and heavy",
        ["sad", "tired", "lonely", "disappointed", "drained", "numb"],
    ),
    "low_pleasant": (
        "Calm and settled",
        ["calm", "content", "grateful", "relaxed", "peaceful", "cosy"],
    ),
}


def quadrant_of(pleasantness: int, energy: int) -> str:
    """The quadrant a mood-meter point falls in (3 counts as the lower half)."""
    high = "high" if energy > 3 else "low"
    pleasant = "pleasant" if pleasantness > 3 else "unpleasant"
    return f"{high}_{pleasant}"
