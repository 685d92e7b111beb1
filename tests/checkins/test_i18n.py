"""Check-ins in each person's own language: pages, feeling words, what the partner reads,
and the texts the app sends. Feeling words are stored as English keys whatever the
language; each reader sees them in theirs."""

import html
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from checkins import services
from checkins.models import CheckIn
from notifications.catalogue import set_opt_in
from notifications.models import Notification
from rituals.models import PracticeLog
from tests.factories import CheckInFactory, RitualFactory, UserFactory, make_couple

pytestmark = pytest.mark.django_db

TONIGHT = date(2026, 11, 18)  # a Wednesday, see tests/conftest.py NOW
EVENING_URL = reverse("checkins:evening")
HISTORY_URL = reverse("checkins:history")
PATTERNS_URL = reverse("checkins:patterns")
PARTNER_URL = reverse("checkins:partner")


def page(client, url: str, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return html.unescape(response.text)


def person(client, language: str, name: str = "Ana"):
    someone = UserFactory(display_name=name, language=language)
    client.force_login(someone)
    return someone


# What each language must show, and English it must not.
FORM = {
    "de": [
        "Abend-Check-in",
        "Mittwoch, 18. November",
        "Wie angenehm fühlt sich dieser Abend an?",
        "Sehr unangenehm",
        "Wie viel Energie steckt in dem Gefühl?",
        "Gefühlswörter hinzufügen (optional)",
        "Munter und beschwingt",
        "voller Vorfreude",
        "Schlaf und Energie",
        "Wie war der Schlaf?",
        "Was würde dir heute Abend helfen?",
        "Einfach zuhören",
        "Lieber nicht sagen",
        "Nur du siehst diesen Check-in.",
        "Check-in speichern",
        # The words static/js/mood-meter.js and sharing-summary.js show, from the page.
        'data-pleasant-1="sehr unangenehm"',
        'data-energy-2="wenig Energie"',
        'data-axis-top="mehr Energie"',
        'data-list-end="{items} und {last}"',
    ],
    "es": [
        "Check-in de la noche",
        "miércoles 18 de noviembre",
        "¿Qué tan agradable se siente esta noche?",
        "Muy desagradable",
        "¿Cuánta energía hay en lo que sientes?",
        "Añadir palabras para lo que sientes (opcional)",
        "Con energía y alegría",
        "ilusión",
        "Sueño y energía",
        "¿Qué tal dormiste?",
        "¿Qué te ayudaría esta noche?",
        "Solo escuchar",
        "Prefiero no decirlo",
        "Solo tú verás este check-in.",
        "Guardar mi check-in",
        'data-pleasant-1="muy desagradable"',
        'data-energy-2="poca energía"',
        'data-axis-top="más energía"',
        'data-list-end="{items} y {last}"',
    ],
}
ENGLISH_FORM = [
    "Evening check-in",
    "Wednesday",
    "How pleasant does this evening feel?",
    "Very unpleasant",
    "Add words for the feeling",
    "Bright and lively",
    ">excited<",
    "Sleep and energy",
    "What would help tonight?",
    "Just listen",
    "Only you will see this check-in.",
    "Save my check-in",
    "more energy",
]


@pytest.mark.parametrize("language", ["de", "es"])
def test_the_check_in_form_is_in_the_persons_language(client, frozen_now, language):
    person(client, language)

    text = page(client, EVENING_URL)

    for phrase in FORM[language]:
        assert phrase in text, phrase
    for phrase in ENGLISH_FORM:
        assert phrase not in text, phrase


def test_the_sharing_summary_sentence_for_the_script_names_the_partner(client, frozen_now):
    ana, _bo = make_couple(UserFactory(display_name="Ana", language="de"), UserFactory())
    client.force_login(ana)

    text = page(client, EVENING_URL)

    assert 'data-will-see="Ana will see' not in text
    assert re.search(r'data-will-see="[^"]+ sieht: \{parts\}\."', text)
    assert 'data-words="dein Gefühl"' in text and 'data-words="was dir helfen würde"' in text


def chosen_values(form_html: str, labels: list[str]) -> list[str]:
    """The values of the feeling-word boxes the person would tick, found by their labels."""
    values = []
    for label in labels:
        found = re.search(
            r'<input type="checkbox" name="feeling_words" value="([^"]+)"[^>]*>\s*' + label + "<",
            form_html,
        )
        assert found, label
        values.append(found.group(1))
    return values


def test_the_german_form_saves_the_same_keys_as_the_english_one(client, frozen_now):
    english = person(client, "en", "Eve")
    form = page(client, EVENING_URL)
    client.post(
        EVENING_URL,
        {
            "pleasantness": "2",
            "feeling_energy": "2",
            "feeling_words": chosen_values(form, ["grateful", "tired"]),
        },
    )
    german = person(client, "de", "Gerd")
    form = page(client, EVENING_URL)
    client.post(
        EVENING_URL,
        {
            "pleasantness": "2",
            "feeling_energy": "2",
            "feeling_words": chosen_values(form, ["dankbar", "müde"]),
        },
    )

    saved = {c.owner_id: c.feeling_words for c in CheckIn.objects.all()}
    assert saved[german.pk] == saved[english.pk] == ["grateful", "tired"]


def test_saving_confirms_in_the_persons_language_what_the_partner_sees(client, frozen_now):
    ana, _bo = make_couple(
        UserFactory(display_name="Ana", language="de"), UserFactory(display_name="Bo")
    )
    client.force_login(ana)

    response = client.post(
        EVENING_URL,
        {
            "pleasantness": "4",
            "feeling_energy": "4",
            "share_feeling": "on",
            "share_sleep": "on",
            "share_wish": "on",
        },
        follow=True,
    )

    text = html.unescape(response.text)
    assert (
        "Danke für deinen Check-in. Er ist gespeichert. Bo sieht dein Gefühl, deinen Schlaf "
        "und was dir helfen würde; das kannst du unten ändern." in text
    )
    assert "Bo sieht: dein Gefühl, deinen Schlaf und was dir helfen würde." in text


def test_a_form_error_is_in_the_persons_language(client, frozen_now):
    person(client, "es")

    response = client.post(
        EVENING_URL,
        {
            "pleasantness": "2",
            "feeling_energy": "2",
            "feeling_words": ["sad", "tired", "lonely", "drained", "numb", "anxious", "restless"],
        },
    )

    assert response.status_code == 400
    assert "¿Eliges hasta 6 palabras, las que más se acerquen?" in html.unescape(response.text)


HISTORY = {
    "de": [
        "Meine Check-ins",
        "Mittwoch, 18. November 2026",
        "Gefühl: 4/5 angenehm, 2/5 Energie · dankbar, müde",
        "Schlaf: 7,5 Std. · Qualität 4/5",
        "Energie heute: 4/5",
        "Was helfen würde: Praktische Hilfe",
        "geteilt",
        "Was mein:e Partner:in von diesem Abend sieht",
        "Mein Gefühl",
    ],
    "es": [
        "Mis check-ins",
        "miércoles 18 de noviembre de 2026",
        "Ánimo: 4/5 agradable, 2/5 energía · gratitud, cansancio",
        "Sueño: 7,5 h · calidad 4/5",
        "Energía del día: 4/5",
        "Qué me ayudaría: Ayuda práctica",
        "compartido",
        "Lo que ve mi pareja de esta noche",
        "Cómo me siento",
    ],
}
ENGLISH_HISTORY = [
    "My check-ins",
    "Wednesday",
    "Feeling:",
    "grateful",
    "tired",
    "Sleep:",
    "quality",
    "Energy today",
    "What would help",
    "Practical help",
    ">shared<",
    "My feeling",
    "Save sharing",
]


@pytest.mark.parametrize("language", ["de", "es"])
def test_the_history_shows_the_stored_keys_as_words_of_the_persons_language(
    client, frozen_now, language
):
    ana = person(client, language)
    CheckInFactory(owner=ana, feeling_words=["grateful", "tired"], share_feeling=True)

    text = page(client, HISTORY_URL)

    for phrase in HISTORY[language]:
        assert phrase in text, phrase
    for phrase in ENGLISH_HISTORY:
        assert phrase not in text, phrase


PATTERNS = {
    "de": [
        "Meine Muster",
        "Nur für dich sichtbar. 10 Check-ins in den letzten 4 Wochen.",
        "3 Monate",
        "Energie heute",
        "im Schnitt 3,0 an 10 Abenden",
        "Energie heute in den letzten 4 Wochen; die Tabelle darunter enthält dieselben Werte",
        "Was mir auffällt",
        "An den 5 Abenden, an denen du „Morgenseiten“ geübt hattest, lag deine Energie im "
        "Schnitt bei 4,0 von 5; an den 5 anderen Abenden bei 2,0. Ein Muster, das auffällt – "
        "keine Ursache.",
        "Dasselbe als Tabelle",
        '<th scope="row">Mi, 18. Nov</th>',
        "<td>7,5 Std.</td>",
    ],
    "es": [
        "Mis patrones",
        "Solo lo ves tú. 10 check-ins en las últimas 4 semanas.",
        "3 meses",
        "Energía del día",
        "media de 3,0 en 10 noches",
        "Energía del día en las últimas 4 semanas; la tabla de abajo tiene los mismos valores",
        "Lo que noto",
        "En las 5 noches en que practicaste «Morgenseiten», tu energía fue de 4,0 sobre 5 de "
        "media; en las otras 5 noches, de 2,0. Un patrón para observar, no una causa.",
        "Lo mismo en una tabla",
        '<th scope="row">mié 18 nov</th>',
        "<td>7,5 h</td>",
    ],
}
ENGLISH_PATTERNS = [
    "My patterns",
    "Private to you",
    "4 weeks",
    "Energy today",
    "average",
    "over the last",
    "What I notice",
    "On the 5 evenings",
    "not a cause",
    "The same as a table",
    "Wed 18 Nov",
]


@pytest.mark.parametrize("language", ["de", "es"])
def test_patterns_and_their_insights_are_whole_sentences_in_the_persons_language(
    client, frozen_now, language
):
    ana = person(client, language)
    ritual = RitualFactory(owner=ana, title="Morgenseiten")
    for back in range(10):
        day = TONIGHT - timedelta(days=back)
        practised = back % 2 == 0
        CheckInFactory(owner=ana, evening=day, energy=4 if practised else 2)
        if practised:
            PracticeLog.objects.create(ritual=ritual, day=day, outcome="done")

    text = page(client, PATTERNS_URL)

    for phrase in PATTERNS[language]:
        assert phrase in text, phrase
    for phrase in ENGLISH_PATTERNS:
        assert phrase not in text, phrase


def test_the_sleep_insight_and_other_ranges_read_in_german(client, frozen_now):
    ana = person(client, "de")
    for back in range(6):
        CheckInFactory(
            owner=ana,
            evening=TONIGHT - timedelta(days=back),
            sleep_hours="8" if back % 2 else "5",
            pleasantness=4 if back % 2 else 2,
        )

    text = page(client, PATTERNS_URL, range="3m")

    assert "Nur für dich sichtbar. 6 Check-ins in den letzten 3 Monaten." in text
    assert (
        "Nach Nächten mit 7 Stunden Schlaf oder mehr (3 Abende) fühlten sich die Abende im "
        "Schnitt wie 4,0 von 5 an; nach kürzeren Nächten (3 Abende) wie 2,0." in text
    )
    assert "After nights" not in text


@pytest.fixture
def spanish_ana_and_german_bo(frozen_now):
    ana, bo = make_couple(
        UserFactory(display_name="Ana", language="es"),
        UserFactory(display_name="Bo", language="de"),
    )
    return ana, bo


def test_a_german_partner_reads_a_spanish_owners_shared_words_in_german(
    client, spanish_ana_and_german_bo
):
    ana, bo = spanish_ana_and_german_bo
    client.force_login(ana)
    client.post(
        EVENING_URL,
        {
            "pleasantness": "4",
            "feeling_energy": "5",
            "feeling_words": ["excited", "hopeful"],
            "wish": "listen",
            "share_feeling": "on",
            "share_wish": "on",
        },
    )
    assert CheckIn.objects.get(owner=ana).feeling_words == ["excited", "hopeful"]

    client.force_login(bo)
    text = page(client, PARTNER_URL)

    assert "Check-ins von Ana" in text
    assert "Ana · Mittwoch, 18. November" in text
    assert (
        "Gefühl: munter und beschwingt (4/5 angenehm, 5/5 Energie) · voller Vorfreude, "
        "zuversichtlich" in text
    )
    assert "Was heute Abend helfen würde: <strong>Einfach zuhören</strong>" in text
    assert "Nur das, was Ana teilen wollte." in text
    assert "Fühl dich umarmt" in text  # the answers Bo can give
    for phrase in [
        "ilusión",
        "esperanza",
        "Solo escuchar",
        "excited",
        "hopeful",
        "Feeling:",
        "pleasant",
        "What would help",
        "Just listen",
        "Sending warmth",
        "chose to share",
    ]:
        assert phrase not in text, phrase


def test_the_spanish_partner_page_before_anything_is_shared(client, spanish_ana_and_german_bo):
    ana, _bo = spanish_ana_and_german_bo
    client.force_login(ana)

    text = page(client, PARTNER_URL)

    assert "Bo aún no ha compartido ningún check-in." in text
    assert "Check-ins de Bo" in text
    assert "hasn't shared" not in text and "Bo's check-ins" not in text


def test_each_notification_is_written_in_its_readers_language(client, spanish_ana_and_german_bo):
    ana, bo = spanish_ana_and_german_bo
    set_opt_in(bo, Notification.Kind.CHECKIN_SHARED, True)
    client.force_login(ana)  # the Spanish owner shares...
    client.post(EVENING_URL, {"pleasantness": "3", "feeling_energy": "3", "share_feeling": "on"})
    checkin = CheckIn.objects.get(owner=ana)
    shared = Notification.objects.get(recipient=bo, kind=Notification.Kind.CHECKIN_SHARED)
    # Kept in English and worded when read, in the reader's language (not the sender's).
    assert shared.text == "{actor} shared tonight's check-in with you."
    assert read_by_recipient(shared) == "Ana hat den heutigen Check-in mit dir geteilt."

    client.force_login(bo)  # ...the German partner answers...
    client.post(reverse("checkins:acknowledge", args=[checkin.pk]), {"kind": "warmth"})
    answered = Notification.objects.get(recipient=ana, kind=Notification.Kind.ACKNOWLEDGEMENT)
    assert read_by_recipient(answered) == "Bo ha respondido a tu check-in: Te mando un abrazo."
    client.force_login(ana)
    inbox = html.unescape(client.get(reverse("notifications:inbox")).content.decode())
    assert "Bo ha respondido a tu check-in: Te mando un abrazo." in inbox


def read_by_recipient(notification: Notification) -> str:
    """The notification as its recipient reads it (the inbox runs in their language)."""
    with translation.override(notification.recipient.language):
        return notification.message


def test_the_evening_reminder_is_in_the_persons_language(frozen_now):
    german = UserFactory(language="de")
    spanish = UserFactory(language="es")

    for someone in (german, spanish):
        services.send_checkin_reminder(someone, TONIGHT, frozen_now())

    texts = {n.recipient_id: read_by_recipient(n) for n in Notification.objects.all()}
    assert texts[german.pk] == "Dein Abend ist da. Magst du kurz einchecken? Eine Minute reicht."
    assert texts[spanish.pk] == (
        "Ya es tu noche. ¿Te apetece hacer tu check-in? Basta con un minuto."
    )


@pytest.mark.parametrize(
    ("language", "phrases"),
    [
        ("de", ["Wenn es schwer wird", "Menschen, die du kennst", "jemandem aus deinem Netz"]),
        ("es", ["Cuando todo pesa", "Personas que conoces", "alguien de tu red de apoyo"]),
    ],
)
def test_the_support_and_sharing_pages_are_in_the_persons_language(
    client, frozen_now, language, phrases
):
    person(client, language)

    support = page(client, reverse("checkins:support"))
    sharing = page(client, reverse("checkins:sharing"))

    for phrase in phrases:
        assert phrase in support, phrase
    assert "When things feel heavy" not in support and "People you know" not in support
    assert {"de": "Voreinstellung speichern", "es": "Guardar mis preferencias"}[language] in sharing
    assert "What my check-ins share by default" not in sharing
    assert "Save my defaults" not in sharing


def test_the_heavy_evenings_card_is_gentle_in_german(client, frozen_now):
    ana = person(client, "de")
    for back in range(3):
        CheckInFactory(owner=ana, evening=TONIGHT - timedelta(days=back), pleasantness=1)

    text = page(client, EVENING_URL)

    assert "Mir fällt auf, dass sich die letzten Abende schwer angefühlt haben" in text
    assert "Würde es helfen, dich bei jemandem zu melden?" in text
    assert "felt heavy" not in text
