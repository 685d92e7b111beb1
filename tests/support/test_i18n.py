"""Support read in German and Spanish: each person sees the support pages in their own
language (user.language), with each partner named rather than given an English pronoun."""

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from support import services
from support.models import SupportGrant
from tests.factories import RitualFactory, UserFactory, make_couple
from tests.support.catalogue_checks import shadowed

pytestmark = pytest.mark.django_db

# Sentences a page would show in English; none may remain for a German or Spanish reader.
ENGLISH_ON_SUPPORT = [
    "Support between us",
    "What I welcome from",
    "welcomes my support",
    "Requests and offers",
    "Upcoming reminders",
    "My boundaries",
    "What the four kinds of support mean",
    "could send you a gentle reminder",
    "welcomes you to",
    "None scheduled.",
    "Welcome a kind of support",
]


@pytest.fixture
def ana_and_bo(db):
    """Ana reads German, Bo reads Spanish; Ana welcomes reminders from Bo."""
    ana, bo = make_couple(
        UserFactory(display_name="Ana", pronouns="she/her", language="de"),
        UserFactory(display_name="Bo", pronouns="he/him", language="es"),
    )
    services.grant_support(SupportGrant(kind="remind", weekly_cap=2), owner=ana)
    return ana, bo


def read(client, person, name: str, **params) -> str:
    client.force_login(person)
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    return html.unescape(response.text)


def assert_no_english(text: str, sentences: list[str]) -> None:
    for sentence in sentences:
        assert sentence not in text, sentence


def test_a_german_reader_sees_the_support_page_in_german(client, ana_and_bo):
    ana, _bo = ana_and_bo

    text = read(client, ana, "support:home")

    assert '<html lang="de"' in text
    assert "Unterstützung zwischen uns" in text
    assert "Was ich von Bo willkommen heiße" in text
    assert "Erinnere mich" in text and "höchstens 2 pro Woche" in text
    assert "Bo könnte dich sanft erinnern, innerhalb der Grenzen und Ruhezeiten" in text
    assert "Meine Grenzen" in text and "Keine geplant." in text
    assert_no_english(text, ENGLISH_ON_SUPPORT)


def test_a_spanish_reader_sees_the_support_page_in_spanish_with_the_owner_named(client, ana_and_bo):
    _ana, bo = ana_and_bo

    text = read(client, bo, "support:home")

    assert '<html lang="es"' in text
    assert "Apoyo entre nosotros" in text
    assert "Dónde acepta Ana mi apoyo" in text
    assert "Recordarle cosas a Ana" in text
    assert "Ana agradece un recordatorio amable de tu parte" in text
    assert "Programar un recordatorio" in text
    assert_no_english(text, ENGLISH_ON_SUPPORT)
    # The English pronoun field never leaks into a Spanish sentence.
    assert " her " not in text and " she " not in text


def test_the_grant_form_asks_in_the_readers_language(client, ana_and_bo):
    ana, bo = ana_and_bo

    german = read(client, ana, "support:grant_create")
    spanish = read(client, bo, "support:grant_create")

    assert "Wie möchtest du unterstützt werden?" in german
    assert "Welche Art von Unterstützung ist willkommen?" in german
    assert "Begleite mich" in german and "Denk mit mir gemeinsam nach" in german
    assert "Bo könnte dich begleiten oder dir Gesellschaft leisten" in german
    assert "Bo sieht das jedes Mal, wenn Bo diese Erlaubnis nutzt." in german
    assert "¿Cómo te gustaría que te apoyaran?" in spanish
    assert "Acompáñame" in spanish and "Ayuda práctica" in spanish
    assert "Ana podría echarte una mano con algo concreto" in spanish
    for text in (german, spanish):
        assert_no_english(
            text,
            ["How would you like support?", "What kind of support is welcome?", "could join you"],
        )
        assert "Accompany me" not in text and "Welcome it" not in text


def test_the_reminder_form_names_the_person_it_reaches(client, ana_and_bo):
    ana, bo = ana_and_bo
    RitualFactory(owner=ana, title="Abendspaziergang", visibility="practice")

    text = read(client, bo, "support:reminder_create")

    assert "Un recordatorio amable para Ana" in text
    assert "Le llegará a Ana en Duet a esa hora, fuera de sus horas de silencio." in text
    assert "Cuándo, según la hora de Ana" in text
    assert "It reaches" not in text and "snooze it" not in text


def test_messages_and_refusals_come_in_the_writers_language(client, ana_and_bo, frozen_now):
    ana, bo = ana_and_bo
    ritual = RitualFactory(owner=ana, title="Abendspaziergang", visibility="practice")
    grant = SupportGrant.objects.get(owner=ana)
    client.force_login(bo)

    past = (timezone.now() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    refused = client.post(
        reverse("support:reminder_create"),
        {"about": f"{grant.pk}-{ritual.pk}", "text": "Un paseo corto", "due": past},
    )
    client.force_login(ana)
    granted = client.post(
        reverse("support:grant_create"), {"kind": "accompany"}, follow=True
    ).content.decode()

    assert "Esa hora ya ha pasado. Elige una hora más adelante." in refused.content.decode()
    assert "Erlaubt. Du kannst das jederzeit mit einem Tipp ändern oder zurücknehmen." in granted


def test_the_coach_note_after_sending_is_in_the_writers_language(client, ana_and_bo):
    ana, bo = ana_and_bo
    services.grant_support(SupportGrant(kind="accompany"), owner=bo)
    accompany = SupportGrant.objects.get(owner=bo, kind="accompany")
    client.force_login(ana)

    sent = client.post(
        reverse("support:offer_create"),
        {"grant": accompany.pk, "text": "Du solltest mal raus, ich komme mit."},
        follow=True,
    ).content.decode()

    assert "Angeboten." in sent
    assert "Gesendet. Ein Gedanke fürs nächste Mal: „Du solltest“" in sent
    assert "Würde es helfen, wenn …" in sent
    assert "A thought for next time" not in sent


def test_the_history_reads_in_german(client, ana_and_bo):
    ana, _bo = ana_and_bo

    text = read(client, ana, "support:history")

    assert "Verlauf der Erlaubnisse" in text
    assert "Erlaubnis von Ana <strong>gegeben</strong>" in text
    assert "Erinnere mich allgemein, höchstens 2 pro Woche" in text
    assert "History of permissions" not in text and "permission given" not in text


def test_each_partner_reads_the_history_in_their_own_language(client, ana_and_bo):
    """The history keeps a permission's limits and words them when read: Ana's German
    reading and Bo's Spanish one of the same event."""
    ana, bo = ana_and_bo

    german, spanish = read(client, ana, "support:history"), read(client, bo, "support:history")

    assert "Erinnere mich allgemein, höchstens 2 pro Woche" in german
    assert "Recuérdame en general, como máximo 2 por semana" in spanish
    assert "Remind me in general" not in german + spanish


@pytest.mark.parametrize("language", ["de", "es"])
def test_no_translation_of_supports_is_hidden_behind_another_catalogues(language):
    assert shadowed("support", language) == []


NOTIFICATION_WORDINGS = [
    *services.OFFER_ANSWERS.values(),
    "{actor} offers: {words}",
    "{actor} asks: {words}",
    "{actor}: {words} ({ritual})",
    "{actor} said yes to what you asked for.",
    "{actor} said not this time.",
    "{actor} said not this time, and suggests: {words}",
    # A permission's news: each kind and scope (support/services.py's tables)…
    *services._WELCOMES.values(),
    *services._HAD_WELCOMED.values(),
    *services._WITHDRAWN.values(),
    *services._EXPIRED.values(),
    *services._CHANGED.values(),
    *services._NOW_WELCOMES.values(),
    *services._ENDED.values(),
    # …and each change, a sentence of its own.
    "It is for {quoted_ritual} now.",
    "It is in general now.",
    "It lasts until {day}.",
    "It has no end date now.",
    "At most {count} a week.",
    "No weekly limit now.",
    "Quiet hours {start}–{end} on {actor}'s clock.",
    "No quiet hours now.",
    "New words for how {actor} would like it phrased.",
    "Nothing more will go out under it.",
]
# An English pronoun a German or Spanish wording leaves out: it names the person instead.
PRONOUN_SLOTS = ["{them}"]


@pytest.mark.parametrize("language", ["de", "es"])
@pytest.mark.parametrize("wording", NOTIFICATION_WORDINGS)
def test_each_notification_wording_has_a_translation_with_the_same_slots(language, wording):
    """Notifications keep the English wording and are worded for the reader when read
    (notifications/wording.py): each of support's must be in its catalogue, with the same
    slots, except the English pronoun, which German and Spanish replace by the name."""
    slots = sorted(re.findall(r"\{\w+\}", wording))

    with translation.override(language):
        worded = translation.gettext(wording)

    assert worded != wording or wording == "{actor}: {words} ({ritual})"
    assert sorted(re.findall(r"\{\w+\}", worded)) == [
        slot for slot in slots if slot not in PRONOUN_SLOTS
    ]
