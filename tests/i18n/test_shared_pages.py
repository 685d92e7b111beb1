"""The shared layout, error pages, password pages and emails, the offline page and the
manifest, read in German and in Spanish: the translated sentences are there and no English
sentence of these templates is left."""

from __future__ import annotations

import html
import re

import polib
import pytest
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core import outage
from core.forms import CarefulForm
from tests.factories import UserFactory, make_couple
from tests.i18n.catalogues import BASE_DIR, po_path

pytestmark = pytest.mark.django_db

OWN_CATALOGUES = [BASE_DIR / "locale", BASE_DIR / "core" / "locale", BASE_DIR / "pwa" / "locale"]


def english_sentences() -> list[str]:
    """The English of every sentence in i18n-core's catalogues (four words or more)."""
    found = []
    for folder in OWN_CATALOGUES:
        for entry in polib.pofile(str(po_path(folder, "de"))):
            # The text around placeholders and markup, piece by piece.
            for piece in re.split(r"%\(\w+\)s|<[^>]+>", entry.msgid):
                if len(piece.split()) >= 4:
                    found.append(piece.strip())
    assert len(found) > 40
    return found


ENGLISH = english_sentences()


def visible(page: str) -> str:
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(html.unescape(text).split())


def english_left(page: str) -> list[str]:
    text = visible(page) + " " + html.unescape(page)
    return [sentence for sentence in ENGLISH if sentence in text]


EXPECTED = {
    "de": {
        "layout": ["Zum Inhalt springen", "Eingang", "Einstellungen", "Heute", "Wir zwei",
                   "Unterstützung", "Monat", "Abmelden",
                   "Duet behält für sich, was du schreibst"],
        "404": ["Ich finde diese Seite nicht", "von vorn"],
        "500": ["Bei uns ist etwas schiefgelaufen", "Wenn du jetzt jemanden brauchst"],
        "503": ["Ich erreiche Duets Daten gerade nicht"],
        "offline": ["Ich erreiche Duet gerade nicht"],
        "email": ["Hallo Ana,", "Jemand (hoffentlich du)"],
        "subject": "Dein Duet-Passwort zurücksetzen",
        "out_of_range": "Wähle einen Tag zwischen 2000 und 2100.",
        "date": "18. November 2026",
    },
    "es": {
        "layout": ["Saltar al contenido", "Avisos", "Ajustes", "Hoy", "Nosotros",
                   "Apoyo", "Mes", "Cerrar sesión",
                   "Duet guarda en privado lo que escribes"],
        "404": ["No encuentro esa página", "el principio"],
        "500": ["Algo salió mal por nuestra parte", "Si necesitas a alguien ahora"],
        "503": ["Ahora mismo no llego a los datos de Duet"],
        "offline": ["Ahora mismo no llego a Duet"],
        "email": ["Hola, Ana:", "Alguien (esperamos que tú)"],
        "subject": "Restablece tu contraseña de Duet",
        "out_of_range": "Elige un día entre 2000 y 2100.",
        "date": "18 de noviembre de 2026",
    },
}  # fmt: skip


@pytest.fixture(params=["de", "es"])
def language(request):
    return request.param


@pytest.fixture
def reader(language):
    ana, bo = make_couple(UserFactory(display_name="Ana"), UserFactory(display_name="Bo"))
    ana.language = language
    ana.save(update_fields=["language"])
    client = Client()
    client.force_login(ana)
    return ana, client


def test_the_layout_and_the_404_page(language, reader):
    _ana, client = reader
    response = client.get("/no-such-page-here/")
    assert response.status_code == 404
    page = visible(response.content.decode())
    for text in EXPECTED[language]["layout"] + EXPECTED[language]["404"]:
        assert text in page
    assert f'<html lang="{language}">' in response.content.decode()
    assert english_left(response.content.decode()) == []


def test_a_password_page(language, reader):
    _ana, client = reader
    response = client.get(reverse("accounts:password_change_done"))
    assert english_left(response.content.decode()) == []
    assert {"de": "Dein Passwort ist geändert", "es": "Tu contraseña está cambiada"}[
        language
    ] in visible(response.content.decode())


@pytest.mark.parametrize("template", ["500", "503", "offline"])
def test_the_pages_rendered_without_a_request(language, template):
    name = "pwa/offline.html" if template == "offline" else f"{template}.html"
    with translation.override(language):
        page = render_to_string(name)
    for text in EXPECTED[language][template]:
        assert text in visible(page)
    assert english_left(page) == []


def test_the_bare_outage_words(language):
    with translation.override(language):
        page = outage.bare_page()
    assert f"lang={language}" in page
    assert "I notice Duet can't answer" not in page and "emergency number" not in page


def test_the_password_reset_email(language, reader):
    ana, _client = reader
    context = {
        "user": ana,
        "protocol": "https",
        "domain": "duet.example.org",
        "uid": urlsafe_base64_encode(force_bytes(ana.pk)),
        "token": default_token_generator.make_token(ana),
    }
    with translation.override(language):
        body = render_to_string("registration/password_reset_email.txt", context)
        subject = render_to_string("registration/password_reset_subject.txt", context).strip()
    for text in EXPECTED[language]["email"]:
        assert text in body
    assert subject == EXPECTED[language]["subject"]
    assert english_left(body) == []
    assert "https://duet.example.org/" in body


def test_the_welcome_page_for_a_visitor(language, settings):
    # A visitor's language comes from the site's default here (the accounts app decides how
    # a visitor's browser language is honoured).
    settings.LANGUAGE_CODE = language
    response = Client().get(reverse("home"))
    assert english_left(response.content.decode()) == []
    assert {"de": "Konto erstellen", "es": "Crear una cuenta"}[language] in visible(
        response.content.decode()
    )


def test_the_day_outside_duets_span(language):
    from django import forms

    class DayForm(CarefulForm, forms.Form):
        day = forms.DateField()

    with translation.override(language):
        form = DayForm({"day": "1999-12-31"})
        assert form.errors["day"] == [EXPECTED[language]["out_of_range"]]


def test_dates_follow_the_readers_language(language):
    from datetime import date

    from django.utils.formats import date_format

    with translation.override(language):
        assert date_format(date(2026, 11, 18), "DATE_FORMAT") == EXPECTED[language]["date"]
    with translation.override("en"):
        assert date_format(date(2026, 11, 18), "DATE_FORMAT") == "18 November 2026"


def test_the_manifest_speaks_the_readers_language(language, reader):
    _ana, client = reader
    manifest = client.get(reverse("pwa:manifest")).json()
    assert manifest["lang"] == language
    assert manifest["shortcuts"][1]["name"] == {"de": "Heute", "es": "Hoy"}[language]
    assert "Your own rituals" not in manifest["description"]


def test_the_page_scripts_messages_come_translated(language, reader):
    _ana, client = reader
    page = client.get(reverse("accounts:password_change_done")).content.decode()
    kept = re.search(r'data-say-kept="([^"]*)"', page).group(1)
    copied = re.search(r'data-say-copied="([^"]*)"', page).group(1)
    assert "I've kept" not in html.unescape(kept) and kept
    assert "Copied" not in copied and copied


def test_the_english_sentences_are_found_in_an_english_page():
    # So the checks above can fail: in English, the sentences are found.
    with translation.override("en"):
        page = render_to_string("503.html")
    assert "I can't reach Duet's data just now" in english_left(page)
