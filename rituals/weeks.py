"""Weeks and weekday names as the reader's language has them.

Python counts weekdays from Monday (`date.weekday()`: Monday = 0), and so do a ritual's
stored `weekdays` bits; only what is shown follows the language: the order of the days and
their names (Django's own translated names, as its date formatting uses them).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import formats, translation
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR


def week_start(language: str | None = None) -> int:
    """The weekday (Monday = 0) a week begins on in `language` (default: the active one).

    From Django's locale formats (FIRST_DAY_OF_WEEK, which counts from Sunday = 0); German
    and Spanish begin on Monday. English keeps Duet's Monday, which it has always used,
    although Django's English format begins on Sunday.
    """
    language = language or translation.get_language() or "en"
    if language.split("-")[0] == "en":
        return 0
    with translation.override(language):
        first = int(formats.get_format("FIRST_DAY_OF_WEEK"))
    return (first - 1) % 7


def week_order(language: str | None = None) -> list[int]:
    """The seven weekdays (Monday = 0) in the order a week runs in `language`."""
    first = week_start(language)
    return [(first + n) % 7 for n in range(7)]


def start_of_week(day: date, language: str | None = None) -> date:
    """The first day of the week `day` belongs to, as `language` counts weeks."""
    return day - timedelta(days=(day.weekday() - week_start(language)) % 7)


def weekday_name(number: int) -> str:
    """ "Monday", "Montag", "lunes": the weekday's name in the active language."""
    return str(WEEKDAYS[number])


def weekday_abbr(number: int) -> str:
    """ "Mon", "Mo", "lun": the weekday's short name in the active language."""
    return str(WEEKDAYS_ABBR[number])
