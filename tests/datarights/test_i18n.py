"""The data page, its export's README and the deletion message, in the reader's language."""

import html
import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory, make_couple

pytestmark = pytest.mark.django_db


def client_of(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


@pytest.mark.parametrize(
    ("language", "phrases"),
    [
        (
            "de",
            [
                "Meine Daten",
                "Meine Daten herunterladen",
                "Dein Paar mit Bo endet; was Bo selbst eingetragen hat, bleibt bei Bo.",
                "Mein Passwort",
            ],
        ),
        (
            "es",
            [
                "Mis datos",
                "Descargar mis datos",
                "Tu pareja con Bo termina; las entradas propias de Bo se quedan con Bo.",
                "Mi contraseña",
            ],
        ),
    ],
)
def test_my_data_page_is_in_my_language_and_names_my_partner_without_english_pronouns(
    language, phrases
):
    ana = UserFactory(display_name="Ana", language=language)
    make_couple(ana, UserFactory(display_name="Bo", pronouns="he/him"))

    text = html.unescape(client_of(ana).get(reverse("datarights:my_data")).content.decode())

    for phrase in phrases:
        assert phrase in text
    for english in ["Download my data", "Delete my account", " his own", " him.", "My password"]:
        assert english not in text


def test_the_english_page_keeps_the_partners_own_pronouns():
    ana = UserFactory(display_name="Ana", language="en")
    make_couple(ana, UserFactory(display_name="Bo", pronouns="he/him"))

    text = html.unescape(client_of(ana).get(reverse("datarights:my_data")).content.decode())

    assert "Your couple with Bo ends; his own entries stay with him." in " ".join(text.split())


def test_the_exports_readme_is_written_in_my_language():
    ana = UserFactory(email="ana@example.org", language="es")

    response = client_of(ana).post(reverse("datarights:export"))

    readme = zipfile.ZipFile(io.BytesIO(response.content)).read("README.txt").decode()
    assert readme.startswith("Exportación de Duet para ana@example.org, hecha el ")
    assert "nunca incluye las entradas privadas de tu pareja" in readme
    assert "Each part of your data" not in readme


def test_the_goodbye_after_deleting_is_in_my_language(settings):
    ana = UserFactory(language="de", password="a long and careful passphrase")
    client = client_of(ana)

    response = client.post(
        reverse("datarights:delete"), {"password": "a long and careful passphrase"}, follow=True
    )

    assert "Dein Konto und alles, was du in Duet aufbewahrt hast, sind gelöscht." in (
        html.unescape(response.content.decode())
    )
