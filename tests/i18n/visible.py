"""What a person can read on a page, and which of it was never marked for translation.

Rendered in the pseudo-locale (tests/i18n/catalogues.py), every translated string sits
inside "⟦…⟧". `unmarked` strips tags, scripts and styles, keeps the text and the attributes
a person reads or hears (aria-label, title, placeholder, alt, a meta description, the
messages page scripts show), removes what is inside markers and what people typed, and
returns whatever words are left.
"""

from __future__ import annotations

import re
import zoneinfo
from html.parser import HTMLParser

from tests.i18n.catalogues import CLOSE, OPEN

READ_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt", "aria-description"}
HIDDEN_ELEMENTS = {"script", "style", "textarea"}  # a textarea holds what a person wrote
VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
# Not language: links and addresses (first, whole), a two-step login secret, the app's
# name, each language named in itself.
ALWAYS_ALLOWED = [
    re.compile(r"\b[a-z][a-z0-9+.-]*://\S+"),  # links: https://…, otpauth://…
    re.compile(r"\S+@\S+\.\w+"),  # email addresses
    re.compile(r"\b[A-Z2-7]{16,}\b"),  # a two-step login secret (base32)
    re.compile(r"\bDuet\b"),
    re.compile(r"\b(?:English|Deutsch|Español)\b"),
    re.compile(r"\bUTC\b"),
]
# Time zones are named as the IANA database names them ("America/Argentina/Buenos Aires").
TIME_ZONES = {
    spelling
    for zone in zoneinfo.available_timezones()
    for spelling in (zone, zone.replace("_", " "))
}
WORD = re.compile(r"[^\W\d_]{2,}")


# A translated sentence may hold inline markup (a link), never a whole block: at the end of
# a block a marker left open is closed, so one cut-off marker can't hide the rest of a page.
BLOCK_ENDS = {
    "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "button", "label", "section",
    "dt", "dd", "summary", "option", "legend", "div", "form", "ul", "ol", "nav", "header",
    "footer", "main", "title", "article", "aside", "fieldset", "table", "details",
}  # fmt: skip


class _Reader(HTMLParser):
    """Collects the words outside markers: text nodes read as one stream (a marker may open
    in one text node and close in another, around a link), attributes one by one."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []  # what a person reads, whole, for the report
        self.outside: list[str] = []  # the same, outside markers
        self.hidden = 0
        self.depth = 0
        self.line: list[str] = []
        self.bare: list[str] = []

    def _attribute(self, value: str) -> None:
        self.pieces.append(value)
        self.outside.append(_outside_markers(value))

    def _end_block(self) -> None:
        if self.line:
            self.pieces.append(" ".join("".join(self.line).split()))
            self.outside.append("".join(self.bare))
        self.line, self.bare, self.depth = [], [], 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if value and (name in READ_ATTRIBUTES or name.startswith("data-say")):
                self._attribute(value)
        if tag == "meta" and attributes.get("name") == "description":
            self._attribute(attributes.get("content") or "")
        if tag == "input" and attributes.get("type") in {"submit", "button", "reset"}:
            self._attribute(attributes.get("value") or "")
        if tag in HIDDEN_ELEMENTS:
            self.hidden += 1
        if tag in BLOCK_ENDS:
            self._end_block()

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in HIDDEN_ELEMENTS:
            self.hidden -= 1

    def handle_endtag(self, tag):
        if tag in HIDDEN_ELEMENTS and self.hidden:
            self.hidden -= 1
        if tag in BLOCK_ENDS:
            self._end_block()

    def handle_data(self, data):
        if self.hidden or not data.strip():
            return
        self.line.append(data)
        for char in data:
            if char == OPEN:
                self.depth += 1
            elif char == CLOSE:
                self.depth = max(self.depth - 1, 0)
            elif self.depth == 0:
                self.bare.append(char)
        self.bare.append(" ")

    def close(self):
        super().close()
        self._end_block()


def _outside_markers(text: str) -> str:
    depth, kept = 0, []
    for char in text:
        if char == OPEN:
            depth += 1
        elif char == CLOSE:
            depth = max(depth - 1, 0)
        elif depth == 0:
            kept.append(char)
    return "".join(kept)


def read(html: str) -> list[tuple[str, str]]:
    """(what a person reads, the part of it outside markers), block by block."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return list(zip(reader.pieces, reader.outside, strict=True))


def unmarked(html: str, entered: list[str]) -> list[str]:
    """The readable pieces that still hold words outside markers, once what people typed
    is taken out."""
    found = []
    # Longest first, so "Evening walk" goes before a "walk" of its own.
    typed = sorted({text for text in entered if WORD.search(text)}, key=len, reverse=True)
    for whole, outside in read(html):
        if whole.strip() in TIME_ZONES:
            continue
        text = outside
        for pattern in ALWAYS_ALLOWED:
            text = pattern.sub(" ", text)
        for words in typed:
            text = text.replace(words, " ")
        if WORD.search(text):
            found.append(" ".join(whole.split())[:200])
    return found
