"""Notifications in each reader's own language: the pages, and every copy of a notification,
which is written in its RECIPIENT's language, never its sender's."""

from datetime import UTC, date, datetime
from email.header import decode_header, make_header

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy, gettext_noop

from notifications import wording
from notifications.models import Notification
from notifications.services import KindSetting, notify, set_kind_settings
from tests.factories import UserFactory, make_couple
from tests.worker import run_worker

pytestmark = pytest.mark.django_db

INBOX = reverse("notifications:inbox")
PREFERENCES = reverse("notifications:preferences")
DEVICES = reverse("notifications:devices")
CHANNELS = reverse("notifications:channels")
VISION = reverse("couples:vision")

VISION_NEWS = {
    "en": "Sol wrote a new version of your shared vision of being well.",
    "de": "Sol hat eine neue Fassung eurer gemeinsamen Vision vom Wohlbefinden geschrieben.",
    "es": "Sol escribió una nueva versión de la visión compartida de estar bien.",
}
VISION_KIND = {
    "en": "Our shared vision edited",
    "de": "Unsere gemeinsame Vision wurde bearbeitet",
    "es": "Se editó nuestra visión compartida",
}


@pytest.fixture(autouse=True)
def _midday(frozen_now):
    """Noon on the test clock: no evening reminder joins the copies counted here."""


@pytest.fixture(autouse=True)
def _english_afterwards():
    # A request through the client leaves its reader's language active in this thread.
    yield
    translation.activate("en")


@pytest.fixture
def lena_and_sol():
    """Lena reads German (in Berlin), Sol reads Spanish: a couple."""
    lena = UserFactory(display_name="Lena", language="de", time_zone="Europe/Berlin")
    sol = UserFactory(display_name="Sol", language="es", time_zone="Europe/Madrid")
    return make_couple(sol, lena)


def sol_saves_the_vision(client, sol) -> None:
    """Sol, reading Spanish, writes a new version through the page (a Spanish request)."""
    client.force_login(sol)
    response = client.post(
        VISION, {"based_on": 0, "safety": "calma", "predictability": "", "joy": ""}
    )
    assert response.status_code == 302


def page(client, person, url) -> str:
    client.force_login(person)
    response = client.get(url)
    assert response.status_code == 200
    return response.text


@pytest.mark.parametrize("language", ["de", "es"])
def test_the_inbox_reads_in_the_readers_language_whoever_sent_it(client, lena_and_sol, language):
    sol, lena = lena_and_sol
    sol_saves_the_vision(client, sol)
    lena.language = language
    lena.save(update_fields=["language"])

    text = page(client, lena, INBOX)

    assert VISION_NEWS[language] in text
    known = {
        "de": ["Eingang", "Alles als gelesen markieren", "Wir zwei", "Öffnen"],
        "es": ["Avisos", "Marcar todo como leído", "Nosotros", "Abrir"],
    }[language]
    assert all(phrase in text for phrase in known), [p for p in known if p not in text]
    others = [news for lang, news in VISION_NEWS.items() if lang != language]
    assert not any(news in text for news in others)
    for english in ["Mark all as read", "Would you like some of these by email"]:
        assert english not in text


def test_the_same_item_reads_in_english_for_an_english_reader(client, lena_and_sol):
    sol, lena = lena_and_sol
    sol_saves_the_vision(client, sol)
    lena.language = "en"
    lena.save(update_fields=["language"])

    text = page(client, lena, INBOX)

    assert VISION_NEWS["en"] in text and "Mark all as read" in text


def test_an_empty_inbox_and_its_question_are_german(client):
    lena = UserFactory(language="de")
    text = page(client, lena, INBOX)
    assert "Hier ist nichts. Ruhe tut auch gut." in text
    assert "Würde es helfen, in deinem Eingang zu erfahren" in text
    assert "Nothing here" not in text and "Would it help to hear" not in text


@pytest.mark.parametrize(
    ("language", "known", "english"),
    [
        (
            "de",
            [
                "Wo mich Benachrichtigungen erreichen",
                "Antworten auf meine Check-ins",
                "Gemeinsame Rituale",
                "Ruhezeiten",
                "Meine Auswahl speichern",
                "E-Mail: Antworten auf meine Check-ins",
            ],
            ["Where notifications reach me", "Answers to my check-ins", "Save my choices"],
        ),
        (
            "es",
            [
                "Dónde me llegan las notificaciones",
                "Respuestas a mis check-ins",
                "Rituales juntos",
                "Horas de silencio",
                "Guardar mis preferencias",
            ],
            ["Where notifications reach me", "Answers to my check-ins", "Quiet hours"],
        ),
    ],
)
def test_the_preferences_page_is_in_the_readers_language(client, language, known, english):
    text = page(client, UserFactory(language=language), PREFERENCES)
    assert all(phrase in text for phrase in known), [p for p in known if p not in text]
    assert not any(phrase in text for phrase in english)


def test_a_german_preference_error_and_confirmation(client):
    lena = UserFactory(language="de")
    client.force_login(lena)
    response = client.post(PREFERENCES, {"quiet_starts": "22:00"})
    assert "Ruhezeiten brauchen beide Uhrzeiten" in response.text
    response = client.post(PREFERENCES, {"quiet_starts": "", "quiet_ends": ""}, follow=True)
    assert "Deine Auswahl ist gespeichert." in response.text


@pytest.mark.parametrize(
    ("language", "known", "english"),
    [
        (
            "de",
            [
                "Meine Geräte",
                "Browser, die Benachrichtigungen bekommen",
                "Ich frage diesen Browser",
            ],
            ["My devices", "Browsers that get notifications", "Asking this browser"],
        ),
        (
            "es",
            ["Mis dispositivos", "Navegadores que reciben notificaciones", "Preguntando a este"],
            ["My devices", "Browsers that get notifications", "Asking this browser"],
        ),
    ],
)
def test_the_devices_page_and_its_script_texts_are_in_the_readers_language(
    client, language, known, english
):
    text = page(client, UserFactory(language=language), DEVICES)
    assert all(phrase in text for phrase in known), [p for p in known if p not in text]
    assert not any(phrase in text for phrase in english)


def test_the_channels_page_is_spanish_for_a_spanish_reader(client):
    text = page(client, UserFactory(language="es"), CHANNELS)
    assert "Otros canales" in text and "Añadir un canal" in text
    assert "Add a channel" not in text and "None yet." not in text


def test_an_email_and_a_push_to_a_german_partner_from_a_spanish_sender_are_german(
    client, settings, lena_and_sol, mail_server, push_service
):
    from tests.notifications.test_push import subscribe

    settings.CHANNEL_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.MAILERS = mail_server.mailers()
    mail_server.start()
    sol, lena = lena_and_sol
    browser = push_service.browser()
    subscribe(client, lena, browser)
    set_kind_settings(lena, {"vision_edited": KindSetting(True, True, False, False)})

    sol_saves_the_vision(client, sol)
    # The worker may start in whatever language the last work left active: the sender's here.
    translation.activate(sol.language)
    run_worker()

    (email,) = mail_server.received
    subject = str(make_header(decode_header(email["Subject"])))
    body = email.get_payload(decode=True).decode()
    assert subject == f"Duet: {VISION_KIND['de']}"
    assert body.startswith("Hallo Lena,")
    assert VISION_NEWS["de"] in body
    assert "Unter http" in body and "kannst du das jederzeit ändern" in body
    for foreign in [VISION_NEWS["es"], VISION_NEWS["en"], "Hello", "Hola", "You chose"]:
        assert foreign not in body
    (received,) = push_service.received
    payload = browser.decrypt(received.body)
    assert payload["title"] == VISION_KIND["de"]
    assert payload["body"].startswith("Sol hat eine neue Fassung")


def test_a_channel_message_is_worded_in_the_recipients_language(settings, webhook):
    from notifications.models import Channel

    settings.CHANNEL_ALLOWED_HOSTS = ["127.0.0.1"]
    lena = UserFactory(display_name="Lena", language="de")
    Channel.objects.create(owner=lena, name="Hook", url=webhook.url())
    with translation.override("es"):
        notify(
            lena,
            "vision_edited",
            gettext_noop(
                "{actor} wrote a new version of your shared "
                "vision of being well. Would you like to read it together?"
            ),
        )
        run_worker()

    (message,) = webhook.messages()
    assert message["title"] == "Duet: Unsere gemeinsame Vision wurde bearbeitet"
    assert "Ein früheres Mitglied hat eine neue Fassung" in message["message"]


def test_a_wording_passed_lazily_in_the_senders_language_is_kept_as_its_english_msgid(
    lena_and_sol,
):
    sol, lena = lena_and_sol
    with translation.override("es"):
        item = notify(
            lena,
            "vision_edited",
            gettext_lazy(
                "{actor} wrote a new version of your shared vision of being well. "
                "Would you like to read it together?"
            ),
            actor=sol,
        )
    item.refresh_from_db()
    assert item.text.startswith("{actor} wrote a new version")
    with translation.override("de"):
        assert item.message.startswith(VISION_NEWS["de"])


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", "Bis 18. März 2027 15:30 im März"),
        ("es", "Bis 18 de marzo de 2027 a las 15:30 im marzo"),
        ("en", "Bis 18 March 2027, 15:30 im March"),
    ],
)
def test_dates_in_a_notification_follow_the_readers_language_and_clock(
    client, lena_and_sol, language, expected
):
    """A moment is shown on the recipient's own clock (Berlin: UTC+1 in March), a month by
    its name in the reader's language, whatever language the sender used."""
    sol, lena = lena_and_sol
    with translation.override("es"):
        notify(
            lena,
            "grant_changed",
            "Bis {until} im {month}",
            params={
                "until": wording.moment(datetime(2027, 3, 18, 14, 30, tzinfo=UTC)),
                "month": wording.month(date(2027, 3, 1)),
            },
            actor=sol,
        )
    lena.language = language
    lena.save(update_fields=["language"])

    assert expected in page(client, lena, INBOX)


def test_plural_and_nested_sentences_are_worded_when_read(lena_and_sol):
    sol, lena = lena_and_sol
    item = notify(
        lena,
        "grant_changed",
        "{actor} changed something. {changes}",
        params={
            "changes": [
                wording.count("At most {count} a week.", "At most {count} a week.", 3),
                wording.sentence(
                    "Quiet from {start}.", start=wording.clock(datetime(2026, 1, 1, 22).time())
                ),
            ]
        },
        actor=sol,
    )
    assert item.message == "Sol changed something. At most 3 a week. Quiet from 22:00."
    assert Notification.objects.get().params["changes"][1]["text"] == "Quiet from {start}."


def test_a_sentence_translated_too_early_in_the_senders_language_is_kept_as_its_msgid(
    lena_and_sol,
):
    """A safety net: an app that words a notification with gettext() in Sol's Spanish
    request still reaches Lena in German."""
    sol, lena = lena_and_sol
    with translation.override("es"):
        spanish = translation.gettext(
            "{actor} wrote a new version of your shared vision of being well. "
            "Would you like to read it together?"
        )
        assert spanish.startswith("{actor} escribió")
        item = notify(lena, "vision_edited", spanish, actor=sol)
    item.refresh_from_db()
    assert item.text.startswith("{actor} wrote a new version")
    with translation.override("de"):
        assert item.message.startswith(VISION_NEWS["de"])
    with translation.override("es"):
        unknown = notify(lena, "vision_edited", "Algo que nadie tradujo.", actor=sol)
    assert unknown.text == "Algo que nadie tradujo."
