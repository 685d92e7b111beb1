"""The Us page, pairing and the shared vision in each reader's own language."""

import pytest
from django.urls import reverse
from django.utils import translation

from couples import services
from tests.factories import UserFactory, make_couple

pytestmark = pytest.mark.django_db

HOME = reverse("couples:home")
LEAVE = reverse("couples:leave")
VISION = reverse("couples:vision")
HISTORY = reverse("couples:vision_history")


@pytest.fixture(autouse=True)
def _english_afterwards():
    # A request through the client leaves its reader's language active in this thread.
    yield
    translation.activate("en")


def page(client, person, url, **kwargs) -> str:
    client.force_login(person)
    response = client.get(url, **kwargs)
    assert response.status_code == 200, response.status_code
    return response.text


def missing(text: str, phrases: list[str]) -> list[str]:
    return [phrase for phrase in phrases if phrase not in text]


def present(text: str, phrases: list[str]) -> list[str]:
    return [phrase for phrase in phrases if phrase in text]


@pytest.mark.parametrize(
    ("language", "known"),
    [
        (
            "de",
            [
                "<h1>Wir zwei</h1>",
                "Zwischen uns",
                "Unterstützung zwischen uns",
                "Wir als Paar",
                "Bo sieht nur, was du teilen möchtest, und du siehst nur, was Bo mit dir teilt.",
                "Dieses Paar verlassen …",
            ],
        ),
        (
            "es",
            [
                "<h1>Nosotros</h1>",
                "Entre nosotros",
                "Apoyo entre nosotros",
                "Nuestra pareja",
                "Bo solo ve lo que tú decides compartir, y tú solo ves lo que Bo comparte contigo.",
                "Dejar esta pareja…",
            ],
        ),
    ],
)
def test_the_us_page_with_a_partner_is_in_the_readers_language(client, language, known):
    ana = UserFactory(display_name="Ana", language=language)
    make_couple(ana, UserFactory(display_name="Bo", pronouns="she/her"))

    text = page(client, ana, HOME)

    assert not missing(text, known)
    assert not present(text, ["Between us", "Our couple", "she shares", "Leave this couple"])


def test_the_us_page_on_ones_own_and_waiting_is_german(client):
    ana = UserFactory(language="de")
    text = page(client, ana, HOME)
    assert not missing(text, ["Duet gemeinsam nutzen", "Unser Paar gründen"])
    assert not present(text, ["Use Duet together", "Start our couple"])

    response = client.post(reverse("couples:create"), follow=True)
    assert "Euer Paar ist bereit." in response.text
    assert not missing(
        response.text, ["Warten auf deine:n Partner:in", "Meine:n Partner:in einladen"]
    )

    invited = client.post(reverse("couples:invite"))
    assert not missing(invited.text, ["Dein Einladungslink", "Link kopieren", "Zurück zu Wir zwei"])
    text = page(client, ana, HOME)
    assert "Ein Einladungslink gilt bis" in text and "Diesen Link zurückziehen" in text
    assert "Your invitation link" not in invited.text and "is live until" not in text


def test_the_join_page_and_its_problems_are_spanish(client):
    ana = UserFactory(display_name="Ana")
    couple = services.start_couple(ana)
    _invitation, token = services.create_invitation(couple, by=ana)
    sol = UserFactory(language="es")

    text = page(client, sol, reverse("couples:join", args=[token]))
    assert not missing(text, ["Ana te invitó a Duet", "Unirme a Ana"])
    assert "invited you to Duet" not in text

    response = client.post(reverse("couples:join", args=[token]), follow=True)
    assert "Ahora sois pareja en Duet." in response.text
    again = client.get(reverse("couples:join", args=[token]))
    assert again.status_code == 409
    assert "Esta invitación ya se usó." in again.text
    assert "already been used" not in again.text


def test_leaving_is_asked_and_confirmed_in_german_without_english_pronouns(client):
    ana = UserFactory(display_name="Ana", language="de")
    make_couple(ana, UserFactory(display_name="Bo", pronouns="he/him"))

    text = page(client, ana, LEAVE)
    assert "Wenn du gehst, sieht Bo sofort nichts mehr von dir" in text
    assert not present(text, ["his", "Leave this couple?", "Yes, leave the couple"])

    response = client.post(LEAVE, follow=True)
    assert "Du hast das Paar verlassen." in response.text


@pytest.mark.parametrize(
    ("language", "known", "saved"),
    [
        (
            "de",
            [
                "Unsere Vision vom Wohlbefinden",
                "Gemeinsam mit Bo geschrieben.",
                "Wie Sicherheit für uns aussieht",
            ],
            "Als Fassung 1 gespeichert.",
        ),
        (
            "es",
            [
                "Nuestra visión de estar bien",
                "Escrita junto con Bo.",
                "Cómo es la seguridad para nosotros",
            ],
            "Guardada como versión 1.",
        ),
    ],
)
def test_the_vision_and_its_history_are_in_the_readers_language(client, language, known, saved):
    ana = UserFactory(display_name="Ana", language=language)
    make_couple(ana, UserFactory(display_name="Bo"))
    assert not missing(page(client, ana, VISION), known)

    response = client.post(
        VISION, {"based_on": 0, "safety": "calm", "predictability": "", "joy": ""}, follow=True
    )
    assert saved in response.text
    history = page(client, ana, HISTORY)
    version = {"de": "Fassung 1", "es": "Versión 1"}[language]
    assert version in history and "Version 1" not in history
    assert {"de": "Sicherheit", "es": "Seguridad"}[language] in history
    assert not present(response.text + history, ["Written together", "Every version of our"])


def test_an_empty_vision_is_explained_in_german(client):
    ana = UserFactory(language="de")
    make_couple(ana, UserFactory())
    client.force_login(ana)
    response = client.post(VISION, {"based_on": 0, "safety": "", "predictability": "", "joy": ""})
    assert response.status_code == 400
    assert "Mir fällt auf, dass alle drei Teile leer sind." in response.text
