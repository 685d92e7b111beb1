"""Path converters: a malformed or out-of-range month or day in a URL is a 404.

Registered in config/urls.py before the apps' URLs are included.
"""

from __future__ import annotations

from datetime import date

from core.dates import in_range


class MonthConverter:
    """A month as its key, "2026-11"; the view reads it with goals.months.parse."""

    regex = r"[0-9]{4}-[0-9]{2}"

    def to_python(self, value: str) -> str:
        year, number = (int(part) for part in value.split("-"))
        if not 1 <= number <= 12 or not in_range(date(year, 1, 1)):
            raise ValueError(f"{value} is not a month Duet works with")
        return value

    def to_url(self, value: str | date) -> str:
        return value if isinstance(value, str) else f"{value:%Y-%m}"


class DateConverter:
    """A day in ISO form, "2026-11-18", as a date."""

    regex = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"

    def to_python(self, value: str) -> date:
        day = date.fromisoformat(value)  # ValueError for 2026-02-30
        if not in_range(day):
            raise ValueError(f"{value} is not a day Duet works with")
        return day

    def to_url(self, value: str | date) -> str:
        return value if isinstance(value, str) else value.isoformat()
