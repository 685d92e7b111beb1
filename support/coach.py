"""The kind-language coach: it notices directive, critical or rescuing phrasing in a message
to the partner and suggests reframes. It suggests; it never blocks a message.

The rules are data, one file per language, next to this file: coach_rules/<language>.json
(en.json, de.json, es.json…), each with the same schema and with examples and counter-examples
the tests check. The coach reads the rules of the person WRITING the text (their language),
so a German writer's "du solltest" is noticed and its reframes are offered in German; a
language without a rules file falls back to English.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.contrib import messages
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext

RULES_DIR = Path(__file__).with_name("coach_rules")
FALLBACK = "en"


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    patterns: tuple[re.Pattern, ...]
    why: str
    reframes: tuple[str, ...]
    examples: tuple[str, ...]
    not_examples: tuple[str, ...]


@dataclass(frozen=True)
class Suggestion:
    rule_id: str
    category: str
    phrase: str
    why: str
    reframes: tuple[str, ...]


def languages() -> list[str]:
    """The languages the coach has rules for (one file each)."""
    return sorted(path.stem for path in RULES_DIR.glob("*.json"))


def rules_language(language: str | None = None) -> str:
    """The rules file to use for `language` (default: the active one): "de-at" reads de.json;
    a language without a file reads English."""
    code = (language or translation.get_language() or FALLBACK).lower().replace("_", "-")
    for candidate in (code, code.split("-")[0]):
        if (RULES_DIR / f"{candidate}.json").is_file():
            return candidate
    return FALLBACK


@cache
def _load(language: str) -> tuple[Rule, ...]:
    data = json.loads((RULES_DIR / f"{language}.json").read_text(encoding="utf-8"))
    return tuple(
        Rule(
            id=rule["id"],
            category=rule["category"],
            patterns=tuple(re.compile(pattern, re.IGNORECASE) for pattern in rule["patterns"]),
            why=rule["why"],
            reframes=tuple(rule["reframes"]),
            examples=tuple(rule["examples"]),
            not_examples=tuple(rule.get("not_examples", [])),
        )
        for rule in data["rules"]
    )


def rules(language: str | None = None) -> tuple[Rule, ...]:
    """The rules for `language` (default: the active language), or English's."""
    return _load(rules_language(language))


def suggest(text: str, language: str | None = None) -> list[Suggestion]:
    """One suggestion per rule the text touches, quoting the phrase that touched it; the
    rules (and so the reframes) are those of the writer's `language`."""
    suggestions = []
    for rule in rules(language):
        for pattern in rule.patterns:
            match = pattern.search(text or "")
            if match:
                suggestions.append(
                    Suggestion(rule.id, rule.category, match.group(0), rule.why, rule.reframes)
                )
                break
    return suggestions


def writers_language(request: HttpRequest) -> str | None:
    """The language of the person writing: their own setting, else the request's."""
    return getattr(request.user, "language", None) or getattr(request, "LANGUAGE_CODE", None)


def note_after_sending(request: HttpRequest, text: str) -> None:
    """After sending: a gentle thought for next time, as a message, never a block."""
    suggestions = suggest(text, writers_language(request))
    if suggestions:
        first = suggestions[0]
        messages.info(
            request,
            # Translators: after a message was sent. %(phrase)s quotes the writer's words,
            # %(why)s and %(reframes)s come from the coach's rules in the writer's language.
            gettext("Sent. A thought for next time: “%(phrase)s” — %(why)s Perhaps: %(reframes)s")
            % {"phrase": first.phrase, "why": first.why, "reframes": " / ".join(first.reframes)},
        )
