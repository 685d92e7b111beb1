"""The partner's parts of the Us page, from the apps that own them.

The Us page shows the partner's latest shared check-in and their shared rituals, which the
check-ins and rituals apps read. This app sits below them and never imports them: each
registers its section here from its AppConfig.ready(), and the Us view reads and draws
every section before the page is drawn, so no template tag runs a query.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accounts.models import User


@dataclass(frozen=True)
class Section:
    template: str
    # What the template shows, read for the viewer (through the owning app's privacy
    # queries: only what the partner shares with them).
    read: Callable[[User], dict[str, Any]]


_SECTIONS: dict[str, Section] = {}


def register(name: str, template: str, read: Callable[[User], dict[str, Any]]) -> None:
    """Show `template` on the Us page, with what `read(viewer)` gives, as `sections.<name>`."""
    _SECTIONS[name] = Section(template, read)


def drawn(request: HttpRequest, partner: User) -> dict[str, SafeString]:
    """Every registered section, read for the signed-in person and drawn, by name."""
    return {
        name: render_to_string(
            section.template, {"partner": partner, **section.read(request.user)}, request
        )
        for name, section in _SECTIONS.items()
    }
