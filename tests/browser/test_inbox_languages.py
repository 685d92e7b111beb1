"""A German reader's inbox, in a phone's browser, tells a Spanish partner's news in German."""

import os
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import expect

from goals import services as goals
from support import services as support
from support.models import SupportGrant
from tests.browser.conftest import log_in
from tests.factories import RitualFactory, UserFactory, make_couple

pytestmark = pytest.mark.django_db(transaction=True)


def screenshot(page, name: str) -> None:
    """Kept for a person to look at when DUET_SCREENS names a folder."""
    if folder := os.environ.get("DUET_SCREENS"):
        page.screenshot(path=str(Path(folder) / name), full_page=True)


@pytest.mark.parametrize(("language", "reader"), [("de", "bo"), ("es", "ana")])
def test_permission_and_month_news_read_in_the_readers_language_on_a_phone(
    open_page, language, reader
):
    ana, bo = make_couple(
        UserFactory(display_name="Ana", email="ana@example.org", pronouns="she/her"),
        UserFactory(display_name="Bo", email="bo@example.org", pronouns="he/him"),
    )
    # Each writes in the other's language: the news reads in the reader's, never the sender's.
    sender, recipient = (ana, bo) if reader == "bo" else (bo, ana)
    sender.language, recipient.language = ("es", "de") if language == "de" else ("de", "es")
    sender.save(update_fields=["language"])
    recipient.save(update_fields=["language"])
    walk = RitualFactory(owner=sender, title="Abendspaziergang", visibility="exists")
    grant = support.grant_support(SupportGrant(kind="remind", ritual=walk), sender)
    grant.weekly_cap = 2
    support.change_grant(grant)
    goals.propose_activity(sender, date(2026, 11, 1), "Picknick")
    page = open_page()
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, recipient.email)

    page.goto("/inbox/")

    inbox = page.locator(".inbox")
    name = sender.display_name
    expected = {
        "de": [
            f"{name} heißt deine Erinnerungen an „Abendspaziergang“ willkommen.",
            f"{name} hat die Erlaubnis für deine Erinnerungen an „Abendspaziergang“ geändert. "
            "Höchstens 2-mal pro Woche.",
            f"{name} hat etwas für den November vorgeschlagen",
        ],
        "es": [
            f"{name} acepta con gusto tus recordatorios sobre «Abendspaziergang».",
            f"{name} ha cambiado el permiso para tus recordatorios sobre «Abendspaziergang». "
            "Como mucho 2 por semana.",
            f"{name} ha propuesto algo para hacer juntos en noviembre.",
        ],
    }[language]
    for text in expected:
        expect(inbox).to_contain_text(text)
    for english in ["welcomes you", "changed your welcome", "proposed something"]:
        expect(inbox).not_to_contain_text(english)
    # Nothing wider than the phone: long German sentences wrap.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, f"inbox-{language}.png")
