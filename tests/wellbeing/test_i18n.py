"""Wellbeing in each reader's own language: German and Spanish readers see the resources,
their network, their journal and the WHO-5 in their language (the WHO-5 in its published
official wording), and a partner answering a shared entry reads the answers, and is told
of them, in their own language, whatever the other partner reads."""

import html

import pytest
from django.urls import reverse
from django.utils import translation

from notifications.models import Notification
from tests.factories import ContactFactory, JournalEntryFactory, UserFactory, Who5Factory
from wellbeing import offline, services
from wellbeing.models import Resource

pytestmark = pytest.mark.django_db

RESOURCES = reverse("wellbeing:resources")
NETWORK = reverse("wellbeing:network")
JOURNAL = reverse("wellbeing:journal")
NEW = reverse("wellbeing:entry_create")
TOGETHER = reverse("wellbeing:revisit")
WHO5 = reverse("wellbeing:who5")


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.text)


def reader(client, language: str, **fields):
    person = UserFactory(language=language, **fields)
    client.force_login(person)
    return person


def assert_reads(text: str, present: list[str], absent: list[str]) -> None:
    for phrase in present:
        assert phrase in text, phrase
    for phrase in absent:
        assert phrase not in text, phrase


# Resources


RESOURCES_ENGLISH = [
    "Professional and crisis resources",
    "People trained to listen",
    "If you are in danger or thinking about harming yourself",
    "International directory",
    "An international directory of free, confidential helplines",
    "Emotional support centres around the world",
    "Shipped with Duet",
    "Directory of helplines",
]


@pytest.mark.parametrize(
    ("language", "present"),
    [
        (
            "de",
            [
                "Professionelle Hilfe und Krisenangebote",
                "Menschen, die fürs Zuhören ausgebildet sind",
                "ruf bitte jetzt die Notrufnummer deines Landes an",
                "Internationales Verzeichnis",
                "Ein internationales Verzeichnis kostenloser, vertraulicher Hilfetelefone",
                "IASP: Krisenzentren und Hilfetelefone",
                "Mit\u00a0Duet\u00a0mitgeliefert",
                "Verzeichnis von Hilfetelefonen",
            ],
        ),
        (
            "es",
            [
                "Recursos profesionales y de crisis",
                "Personas formadas para escuchar",
                "llama ahora, por favor, al número de emergencias de tu país",
                "Directorio internacional",
                "Un directorio internacional de líneas de ayuda gratuitas y confidenciales",
                "IASP: centros de crisis y líneas de ayuda",
                "Incluido\u00a0con\u00a0Duet",
                "Directorio de líneas de ayuda",
            ],
        ),
    ],
)
def test_the_resources_and_the_shipped_directories_read_in_the_readers_language(
    client, language, present
):
    reader(client, language)

    text = page(client, RESOURCES)

    assert_reads(text, present, RESOURCES_ENGLISH)
    # The organisations keep their own names.
    assert "Find A Helpline" in text and "Befrienders Worldwide" in text


def test_words_the_host_wrote_show_as_written_and_keep_their_phone_number(client):
    Resource.objects.filter(name="Befrienders Worldwide").update(
        description="Unsere Liste, vom Host gepflegt."
    )
    Resource.objects.create(
        name="TelefonSeelsorge", phone="0800 111 0 111", region="Deutschland", kind="crisis"
    )
    reader(client, "de")

    text = page(client, RESOURCES)

    assert "Unsere Liste, vom Host gepflegt." in text
    assert "TelefonSeelsorge" in text and 'href="tel:08001110111"' in text
    assert "Telefon: " in text and "Krisentelefon" in text and "Phone:" not in text


def test_the_kept_copy_of_the_resources_holds_no_readers_language():
    with translation.override("de"):
        german = offline.remember(Resource.objects.listed())
        german_kind = str(german[0]["get_kind_display"])
    with translation.override("en"):
        english = offline.remembered()
        english_kind = str(english[0]["get_kind_display"])

    assert german[0]["region"] == "Internationales Verzeichnis"
    assert german_kind == "Verzeichnis von Hilfetelefonen"
    assert english[0]["region"] == "International directory"
    assert english_kind == "Directory of helplines"


def test_an_anonymous_visitor_still_reads_the_resources_in_english(client):
    text = page(client, RESOURCES)

    assert "Professional and crisis resources" in text and "International directory" in text


# Network


def test_a_german_reader_keeps_their_network_in_german(client, couple):
    ana, bo = couple
    ana.language = "de"
    ana.save()
    client.force_login(ana)
    ContactFactory(owner=ana, name="Mia", kind="friend", goes_for="Spaziergänge")
    ContactFactory(owner=bo, name="Lou", kind="helpline", goes_for="Nachts", shared=True)

    text = page(client, NETWORK)

    assert_reads(
        text,
        [
            "Mein Netz",
            "Menschen, an die ich mich wenden kann",
            "Wer (ein Name genügt)",
            "Erreichbar über (optional)",
            "Freundeskreis",
            "Therapie oder Beratung",
            "Wofür ich mich dort melde: Spaziergänge",
            "Das Netz von Bo",
            "Wofür sich Bo dort meldet: Nachts",
            "Hilfetelefon",
            "Zu meinem Netz hinzufügen",
        ],
        [
            "My support network",
            "People I can turn to",
            "Who (a name is enough)",
            "I go to them for",
            "Bo's network",
            "goes to them for",
            "Therapist or counsellor",
            "Add to my network",
        ],
    )


def test_a_spanish_reader_adds_a_contact_and_is_answered_in_spanish(client):
    reader(client, "es")

    refused = html.unescape(client.post(NETWORK, {"name": "", "kind": "friend"}).text)
    added = client.post(NETWORK, {"name": "Ana", "kind": "family"}, follow=True)
    text = html.unescape(added.text)

    assert "¿Quieres ponerle un nombre, aunque sea solo el de pila?" in refused
    assert "Would you give them a name" not in refused
    assert_reads(
        text,
        ["Añadido a tu red de apoyo.", "Mi red de apoyo", "Personas a las que puedo acudir"],
        ["Added to your support network.", "People I can turn to"],
    )
    assert "Familia" in text


# Journal


@pytest.mark.parametrize(
    ("language", "present", "day"),
    [
        (
            "de",
            ["Mein Tagebuch", "Einen Eintrag schreiben", "In meinem Tagebuch suchen", "Auslöser"],
            "18. November 2026",
        ),
        (
            "es",
            ["Mi diario", "Escribir una entrada", "Buscar en mi diario", "Detonante"],
            "18 de noviembre de 2026",
        ),
    ],
)
def test_the_journal_reads_in_the_readers_language_with_their_dates(client, language, present, day):
    owner = reader(client, language)
    entry = JournalEntryFactory(owner=owner, title="")
    services.save_entry(entry, ["trigger"])

    text = page(client, JOURNAL)

    assert_reads(
        text,
        [*present, day],
        ["My journal", "Write an entry", "Search my journal", "Bring to revisit together"],
    )
    # The untitled entry is headed by its day, in the reader's words too.
    assert text.count(day) == 2
    assert "18 November 2026" not in text


def test_writing_editing_and_bringing_an_entry_in_german(client):
    owner = reader(client, "de")

    form = page(client, NEW)
    empty = html.unescape(client.post(NEW, {"title": "", "body": ""}).text)
    written = html.unescape(client.post(NEW, {"body": "ein Tag"}, follow=True).text)
    entry = owner.journal_entries.get()
    edit = page(client, reverse("wellbeing:entry_edit", args=[entry.pk]))
    brought = client.post(reverse("wellbeing:entry_share", args=[entry.pk]), follow=True)

    assert_reads(
        form,
        ["Ein neuer Tagebucheintrag", "Ein Titel (optional)", "Eintrag speichern", "Lichtblick"],
        ["A new journal entry", "A title (optional)", "Save entry"],
    )
    assert "Mir fällt auf, dass der Eintrag leer ist. Was möchtest du festhalten?" in empty
    assert "Aufgeschrieben. Das gehört nur dir" in written
    assert_reads(
        edit,
        ["Diesen Eintrag bearbeiten", "Diesen Eintrag löschen", "Zurück zu meinem Tagebuch"],
        ["Edit this entry", "Delete this entry"],
    )
    assert "Zum gemeinsamen Anschauen mitgebracht. Du kannst ihn jederzeit zurücknehmen." in (
        html.unescape(brought.text)
    )


def test_a_search_counts_what_it_found_in_the_readers_language(client):
    owner = reader(client, "es")
    for body in ["una noche larga", "otra noche"]:
        JournalEntryFactory(owner=owner, body=body)

    text = page(client, JOURNAL + "?q=noche")
    one = page(client, JOURNAL + "?q=larga")

    assert "Se encontraron 2 entradas." in text and "entries found" not in text
    assert "Se encontró 1 entrada." in one


# Revisit together: each partner in their own language


@pytest.fixture
def ana_de_bo_es(couple):
    ana, bo = couple
    ana.language, bo.language = "de", "es"
    ana.save()
    bo.save()
    return ana, bo


def test_a_partner_answering_a_shared_entry_reads_the_answers_in_their_own_language(
    client, ana_de_bo_es
):
    ana, bo = ana_de_bo_es
    entry = JournalEntryFactory(owner=ana, title="Ein schwerer Tag")
    services.share_entry(entry)
    client.force_login(bo)

    text = page(client, TOGETHER)

    assert_reads(
        text,
        [
            "Mirar juntos",
            "Lo que trajo Ana",
            "Gracias por traer esto",
            "Te escucho",
            "Me alegra que lo hayas compartido",
            "Responder con",
            "Unas palabras tuyas (opcional)",
        ],
        [
            "Thank you for bringing this",
            "I hear you",
            "I'm glad you shared this",
            "Danke, dass du das mitgebracht hast",
            "What Ana brought",
        ],
    )


def test_each_partner_is_told_in_their_own_language(client, ana_de_bo_es):
    ana, bo = ana_de_bo_es
    entry = JournalEntryFactory(owner=ana)
    client.force_login(ana)  # the sender reads German; Bo is told in Spanish
    client.post(reverse("wellbeing:entry_share", args=[entry.pk]))
    client.force_login(bo)  # Bo answers in a Spanish session; Ana is told in German

    client.post(reverse("wellbeing:entry_acknowledge", args=[entry.pk]), {"kind": "hear"})

    # Each item is worded when read, in its reader's language (notifications/wording.py).
    shared = Notification.objects.get(recipient=bo)
    answered = Notification.objects.get(recipient=ana)
    with translation.override(bo.language):
        assert shared.message == (
            "Ana ha traído una entrada del diario para mirarla juntos, cuando haya un momento "
            "para los dos."
        )
    with translation.override(ana.language):
        assert answered.message == (
            "Bo hat auf den Eintrag geantwortet, den du zum gemeinsamen Anschauen mitgebracht "
            "hast: Ich höre dich."
        )


def test_the_owner_reads_the_partners_answer_in_the_owners_language(client, ana_de_bo_es):
    ana, bo = ana_de_bo_es
    entry = JournalEntryFactory(owner=ana)
    services.share_entry(entry)
    services.acknowledge_entry(entry, bo, "thanks", "")
    client.force_login(ana)

    text = page(client, TOGETHER)

    assert "Bo: Danke, dass du das mitgebracht hast" in text
    assert "Gracias por traer esto" not in text and "Thank you for bringing this" not in text


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("de", "Bo hat keinen Eintrag mitgebracht. Das entscheidet Bo ganz allein."),
        ("es", "Bo no ha traído ninguna entrada. Eso lo decide Bo."),
    ],
)
def test_a_sentence_about_the_partner_names_them_instead_of_an_english_pronoun(
    client, couple, language, sentence
):
    ana, bo = couple
    ana.language = language
    ana.save()
    bo.pronouns = "she/her"
    bo.save()
    client.force_login(ana)

    text = page(client, TOGETHER)

    assert sentence in text
    assert "hers" not in text and "That's" not in text


# WHO-5: the published official wording of each language

WHO5_OFFICIAL = {
    # WHO-5-Fragebogen zum Wohlbefinden, German version (Psychiatric Research Unit, WHO
    # Collaborating Centre in Mental Health, Hillerød; psykiatri-regionh.dk/who-5).
    "de": {
        "name": "WHO-5-Fragebogen zum Wohlbefinden",
        "lead": "In den letzten zwei Wochen …",
        "items": [
            "… war ich froh und guter Laune",
            "… habe ich mich ruhig und entspannt gefühlt",
            "… habe ich mich energisch und aktiv gefühlt",
            "… habe ich mich beim Aufwachen frisch und ausgeruht gefühlt",
            "… war mein Alltag voller Dinge, die mich interessieren",
        ],
        "scale": [
            "Die ganze Zeit",
            "Meistens",
            "Etwas mehr als die Hälfte der Zeit",
            "Etwas weniger als die Hälfte der Zeit",
            "Ab und zu",
            "Zu keinem Zeitpunkt",
        ],
    },
    # Índice de Bienestar WHO-5, Spanish version (same source).
    "es": {
        "name": "Índice de Bienestar WHO-5",
        "lead": "Durante las últimas dos semanas…",
        "items": [
            "Me he sentido alegre y de buen humor",
            "Me he sentido tranquilo y relajado",
            "Me he sentido activo y enérgico",
            "Me he despertado fresco y descansado",
            "Mi vida cotidiana ha estado llena de cosas que me interesan",
        ],
        "scale": [
            "Todo el tiempo",
            "La mayor parte del tiempo",
            "Más de la mitad del tiempo",
            "Menos de la mitad del tiempo",
            "De vez en cuando",
            "Nunca",
        ],
    },
}
WHO5_ENGLISH = [
    "Well-Being Index",
    "Over the last two weeks",
    "I have felt cheerful and in good spirits",
    "I have felt calm and relaxed",
    "I have felt active and vigorous",
    "I woke up feeling fresh and rested",
    "My daily life has been filled with things that interest me",
    "All of the time",
    "Most of the time",
    "More than half of the time",
    "Less than half of the time",
    "Some of the time",
    "At no time",
    "Save my self-check",
]


@pytest.mark.parametrize("language", ["de", "es"])
def test_the_who5_asks_the_official_items_and_scale_of_the_readers_language(client, language):
    reader(client, language)
    official = WHO5_OFFICIAL[language]

    text = page(client, WHO5)

    assert_reads(text, [official["name"], official["lead"]], WHO5_ENGLISH)
    for item in official["items"]:
        assert text.count(item) == 1, item  # once: each item is its own question's label
    for answer in official["scale"]:
        assert text.count(f"{answer}</label>") == 5, answer


def test_the_who5_items_are_the_field_labels_word_for_word():
    from wellbeing.forms import Who5Form

    for language, official in WHO5_OFFICIAL.items():
        with translation.override(language):
            form = Who5Form()
            labels = [str(field.label) for field in form.item_fields()]
            answers = [str(label) for _value, label in form.fields["item1"].choices]
        assert labels == official["items"], language
        assert answers == official["scale"], language


@pytest.mark.parametrize(
    ("language", "thanks", "low", "row"),
    [
        (
            "de",
            "Danke. Dein Wert diesen Monat: 5 von 25 (20\u00a0%).",
            "Mir fällt auf, dass dein Wert diesen Monat niedrig ist. Würde es helfen",
            "5 von 25",
        ),
        (
            "es",
            "Gracias. Tu puntuación de este mes: 5 de 25 (20\u00a0%).",
            "Noto que tu puntuación de este mes es baja. ¿Te ayudaría",
            "5 de 25",
        ),
    ],
)
def test_the_who5_results_and_their_explanation_read_in_the_readers_language(
    client, language, thanks, low, row
):
    reader(client, language)
    answers = {f"item{n}": 1 for n in range(1, 6)}

    text = html.unescape(client.post(WHO5, answers, follow=True).text)

    assert_reads(
        text,
        [thanks, low, row, "20\u00a0%"],
        ["Thank you. This month's score", "I notice this month's score", "of 25", "Scoring:"],
    )


def test_a_partners_shared_who5_reads_in_the_viewers_language(client, couple):
    ana, bo = couple
    bo.language = "es"
    bo.save()
    Who5Factory(owner=ana, shared=True)  # 15 of 25 in November 2026
    client.force_login(bo)

    text = page(client, WHO5)

    assert_reads(
        text,
        ["Compartido conmigo por mi pareja", "noviembre de 2026: 15 de 25 (60\u00a0%)"],
        ["Shared with me by my partner", "November 2026"],
    )
