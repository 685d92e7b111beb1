"""The page of a long list a request asks for (`?page=2`), read the one way every list
reads it: anything that isn't a page number is the first page; a page past the last is
each list's own to answer (the inbox and the journal show their last)."""

from __future__ import annotations

MOST_PAGES = 10_000  # so a number of any length is a page, not an error


def page_number(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), MOST_PAGES))
    except ValueError:
        return 1
