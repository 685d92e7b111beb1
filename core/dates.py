"""The span of days Duet works with: the years 2000 to 2100.

Nothing in a relationship app needs a day outside it, and the edges of Python's calendar
(year 1, year 9999) overflow as soon as a zone is applied or a month is added. URLs
(core.converters) and forms (core.forms) refuse a day outside this span before any
code does arithmetic with it.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

FIRST_YEAR = 2000
LAST_YEAR = 2100
FIRST_DAY = date(FIRST_YEAR, 1, 1)
LAST_DAY = date(LAST_YEAR, 12, 31)
# Formatted where it is shown (a ValidationError's params), in the reader's language.
OUT_OF_RANGE = _("Choose a day between %(first)s and %(last)s.")
OUT_OF_RANGE_PARAMS = {"first": FIRST_YEAR, "last": LAST_YEAR}


def in_range(value: date | datetime) -> bool:
    """Is this day (or moment, by its date) within Duet's span?"""
    day = value.date() if isinstance(value, datetime) else value
    return FIRST_DAY <= day <= LAST_DAY


def day_in_words(day: date, format: str) -> str:
    """Django's `date_format(day, format)` in the active language, remembered: busy pages
    word the same days again and again (a strip of squares per ritual, a row per evening),
    and wording a day costs more than drawing its square."""
    return _day_in_words(day, format, get_language())


@lru_cache(maxsize=4096)
def _day_in_words(day: date, format: str, language: str | None) -> str:
    return date_format(day, format)


def moment_in_words(moment: datetime, format: str) -> str:
    """Django's `date` filter for a moment: on the reader's clock (the active time zone), in
    the active language, remembered: the inbox words thirty moments a page, the same ones on
    every visit."""
    return _moment_in_words(moment, format, get_language(), timezone.get_current_timezone_name())


@lru_cache(maxsize=4096)
def _moment_in_words(moment: datetime, format: str, language: str | None, zone: str) -> str:
    # `zone` is the active time zone's name: localtime() converts to that zone. A day, or a
    # naive moment, is worded as it is, as the `date` filter words it.
    aware = isinstance(moment, datetime) and timezone.is_aware(moment)
    local = timezone.localtime(moment) if aware else moment
    return date_format(local, format)
