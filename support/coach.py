"""The kind-language coach: it notices directive, critical or rescuing phrasing in a message
to the partner and suggests reframes. It suggests; it never blocks a message.

The rules live in coach_rules.json, next to this file, with examples the tests check.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.contrib import messages
from django.http import HttpRequest

RULES_FILE = Path(__file__).with_name("coach_rules.json")


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


@cache
def rules() -> tuple[Rule, ...]:
    data = json.loads(RULES_FILE.read_text())
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


def suggest(text: str) -> list[Suggestion]:
    """One suggestion per rule the text touches, quoting the phrase that touched it."""
    suggestions = []
    for rule in rules():
        for pattern in rule.patterns:
            match = pattern.search(text or "")
            if match:
                suggestions.append(
                    Suggestion(rule.id, rule.category, match.group(0), rule.why, rule.reframes)
                )
                break
    return suggestions


def note_after_sending(request: HttpRequest, text: str) -> None:
    """After sending: a gentle thought for next time, as a message, never a block."""
    suggestions = suggest(text)
    if suggestions:
        first = suggestions[0]
        messages.info(
            request,
            f"Sent. A thought for next time: “{first.phrase}” — {first.why} "
            f"Perhaps: {' / '.join(first.reframes)}",
        )
