"""Rituals in German and Spanish: each person reads their pages, schedules, reminders and
calendar in their own language, with weeks and weekday names as their language has them."""

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from goals.models import PersonalObjective, ProgressNote
from notifications.models import Notification
from rituals import calendar as ical
from rituals import services
from rituals.models import JointRitual, PracticeLog, Ritual
from rituals.weeks import start_of_week, week_order, week_start
from tests.factories import RitualFactory, UserFactory, make_couple
from tests.worker import run_worker

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 18)  # a Wednesday, see conftest.NOW
MONTH = date(2026, 11, 1)

# Phrases of each page, in each language; the English ones must be gone in de and es.
TODAY_PAGE = {
    "en": ["Planned for today", "What the little squares mean", "Add a ritual"],
    "de": ["Für heute geplant", "Was die kleinen Kästchen bedeuten", "Ein Ritual hinzufügen"],
    "es": ["Previsto para hoy", "Qué significan los cuadraditos", "Añadir un ritual"],
}
LIST_PAGE = {
    "en": ["Add a ritual", "Active</h2>", "Only me"],
    "de": ["Ein Ritual hinzufügen", "Aktiv</h2>", "Nur ich"],
    "es": ["Añadir un ritual", "Activo</h2>", "Solo yo"],
}
DETAIL_PAGE = {
    "en": ["Note or correct a day", "Who sees it:", "How did it go?", "Retire it"],
    "de": [
        "Einen Tag eintragen oder korrigieren",
        "Wer es sieht:",
        "Wie ist es gelaufen?",
        "Es beenden",
    ],
    "es": ["Anotar o corregir un día", "Quién lo ve:", "¿Cómo te fue?", "Retirarlo"],
}
FORM_PAGE = {
    "en": ["A new ritual", "Which days", "Reminders, just for me", "Add this ritual"],
    "de": [
        "Ein neues Ritual",
        "An welchen Tagen",
        "Erinnerungen, nur für mich",
        "Dieses Ritual hinzufügen",
    ],
    "es": ["Un ritual nuevo", "Qué días", "Recordatorios, solo para mí", "Añadir este ritual"],
}


def in_language(text: str, phrases: dict[str, list[str]], language: str) -> None:
    for phrase in phrases[language]:
        assert phrase in text, phrase
    for phrase in phrases["en"]:
        assert phrase not in text, phrase


@pytest.fixture
def couple(frozen_now):
    """Ana reads German, Bo Spanish; they are partners."""
    ana = UserFactory(display_name="Ana", language="de")
    bo = UserFactory(display_name="Bo", language="es", pronouns="he/him")
    make_couple(ana, bo)
    return ana, bo


@pytest.mark.parametrize("language", ["de", "es"])
def test_the_main_pages_are_in_the_readers_language(client, frozen_now, language):
    person = UserFactory(display_name="Uli", language=language)
    ritual = RitualFactory(
        owner=person,
        title="Abendspaziergang",
        started_on=TODAY - timedelta(days=30),
        schedule_kind="weekdays",
        weekdays=0b0010101,  # Monday, Wednesday and Friday
    )
    PracticeLog.objects.create(ritual=ritual, day=TODAY - timedelta(days=2), outcome="done")
    client.force_login(person)

    today = client.get(reverse("rituals:today")).text
    rituals = client.get(reverse("rituals:list")).text
    detail = client.get(reverse("rituals:detail", args=[ritual.pk])).text
    form = client.get(reverse("rituals:create")).text

    in_language(today, TODAY_PAGE, language)
    in_language(rituals, LIST_PAGE, language)
    in_language(detail, DETAIL_PAGE, language)
    in_language(form, FORM_PAGE, language)
    heading = {"de": "Heute <span", "es": "Hoy <span"}[language]
    date_words = {"de": "Mittwoch, 18. November", "es": "miércoles 18 de noviembre"}[language]
    assert heading in today and date_words in today
    practised = {
        "de": "An 1 der letzten 28 Tage geübt.",
        "es": "Practicado 1 día de los últimos 28.",
    }
    assert practised[language] in detail and "Practised on" not in detail
    # The squares' words, for screen readers and as titles, in the reader's language.
    square = {"de": 'title="Mo, 16. Nov: erledigt"', "es": 'title="lun 16 nov: hecho"'}[language]
    assert square in detail and ": done" not in detail
    schedule = {"de": "Mo, Mi und Fr", "es": "lun, mié y vie"}[language]
    assert schedule in rituals and "Mon, Wed, Fri" not in rituals
    sentence = {"de": "Jeden Montag, Mittwoch und Freitag", "es": "Cada lunes, miércoles y viernes"}
    assert sentence[language] in detail


@pytest.mark.parametrize(
    ("plan", "en", "de", "es"),
    [
        ({"schedule_kind": "daily"}, "Every day", "Jeden Tag", "Todos los días"),
        (
            {"schedule_kind": "per_week", "times_per_week": 1},
            "1× a week",
            "1× pro Woche",
            "1 vez por semana",
        ),
        (
            {"schedule_kind": "per_week", "times_per_week": 3},
            "3× a week",
            "3× pro Woche",
            "3 veces por semana",
        ),
        ({"schedule_kind": "weekdays", "weekdays": 0b0000001}, "Mon", "Mo", "lun"),
        (
            {"schedule_kind": "weekdays", "weekdays": 0b1000001},
            "Mon, Sun",
            "Mo und So",
            "lun y dom",
        ),
        (
            {"schedule_kind": "weekdays", "weekdays": 0b0101010},
            "Tue, Thu, Sat",
            "Di, Do und Sa",
            "mar, jue y sáb",
        ),
    ],
)
def test_schedule_labels_in_each_language(plan, en, de, es):
    ritual = Ritual(**plan)
    for language, expected in [("en", en), ("de", de), ("es", es)]:
        with translation.override(language):
            assert ritual.schedule_label == expected


@pytest.mark.parametrize(
    ("plan", "en", "de", "es"),
    [
        ({"schedule_kind": "daily"}, "Every day", "Jeden Tag", "Todos los días"),
        (
            {"schedule_kind": "per_week", "times_per_week": 1},
            "Once a week, on any day",
            "Einmal pro Woche, an einem beliebigen Tag",
            "Una vez por semana, cualquier día",
        ),
        (
            {"schedule_kind": "per_week", "times_per_week": 4},
            "4 times a week, on any days",
            "4-mal pro Woche, an beliebigen Tagen",
            "4 veces por semana, cualquier día",
        ),
        (
            {"schedule_kind": "weekdays", "weekdays": 0b0001000},
            "Every Thursday",
            "Jeden Donnerstag",
            "Cada jueves",
        ),
        (
            {"schedule_kind": "weekdays", "weekdays": 0b0001001},
            "Every Monday and Thursday",
            "Jeden Montag und Donnerstag",
            "Cada lunes y jueves",
        ),
        (
            {"schedule_kind": "weekdays", "weekdays": 0b1010001},
            "Every Monday, Friday and Sunday",
            "Jeden Montag, Freitag und Sonntag",
            "Cada lunes, viernes y domingo",
        ),
    ],
)
def test_schedule_sentences_in_each_language(plan, en, de, es):
    ritual = Ritual(**plan)
    for language, expected in [("en", en), ("de", de), ("es", es)]:
        with translation.override(language):
            assert ritual.schedule_sentence == expected


def test_weeks_begin_on_the_languages_first_day():
    # German and Spanish weeks begin on Monday; English keeps Duet's Monday; a language
    # whose weeks begin on Sunday (Brazilian Portuguese, in Django's formats) begins there.
    assert [week_start(language) for language in ("en", "de", "es", "pt-br")] == [0, 0, 0, 6]
    assert week_order("pt-br") == [6, 0, 1, 2, 3, 4, 5]
    assert start_of_week(TODAY, "de") == date(2026, 11, 16)
    assert start_of_week(TODAY, "pt-br") == date(2026, 11, 15)
    with translation.override("pt-br"):
        ritual = Ritual(schedule_kind="weekdays", weekdays=0b1000001)
        assert ritual.schedule_label.startswith("Dom")  # Sunday first


@pytest.mark.parametrize("language", ["de", "es"])
def test_the_weekday_picker_and_the_rhythm_follow_the_readers_week(client, frozen_now, language):
    person = UserFactory(language=language)
    ritual = RitualFactory(owner=person, started_on=TODAY - timedelta(days=40))
    client.force_login(person)

    form = client.get(reverse("rituals:create")).text
    names = {
        "de": ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"],
        "es": ["Lunes", "Martes", "Miércoles", "Jueves", "Viernes", "Sábado", "Domingo"],
    }[language]
    positions = [form.index(f"> {name}</label>") for name in names]
    assert positions == sorted(positions)
    assert "Monday" not in form

    # Four whole weeks from a Monday: this week's days after today are still to come.
    detail = client.get(reverse("rituals:detail", args=[ritual.pk])).text
    strip = detail[detail.index('<ol class="rhythm"') : detail.index("</ol>")]
    titles = re.findall(r'title="([^"]+)"', strip)
    first = {"de": "Mo, 26. Okt: ", "es": "lun 26 oct: "}[language]
    ahead = {"de": "So, 22. Nov: kommt noch", "es": "dom 22 nov: aún por llegar"}[language]
    assert len(titles) == 28
    assert titles[0].startswith(first) and titles[-1] == ahead


def test_a_reminder_to_a_german_speaker_is_german(frozen_now, client):
    ana = UserFactory(display_name="Ana", language="de", time_zone="Europe/Berlin")
    RitualFactory(
        owner=ana,
        title="Morgenseiten",
        anchor="at_time",
        anchor_time=time(7, 15),
        remind_me=True,
        started_on=date(2026, 1, 1),
    )
    frozen_now(datetime(2026, 11, 18, 6, 15, tzinfo=UTC))  # 07:15 in Berlin

    with translation.override("es"):  # whatever the worker's own language
        run_worker()

    reminder = Notification.objects.get(recipient=ana, kind="ritual_reminder")
    # Kept in English, worded when Ana reads it: in German, the title in German quotes.
    assert reminder.text == "It's time for {quoted_ritual}. Would a few minutes help?"
    assert read_by_recipient(reminder) == (
        "Zeit für „Morgenseiten“. Würden dir ein paar Minuten guttun?"
    )


def read_by_recipient(notification: Notification) -> str:
    """The notification as its recipient reads it (the inbox runs in their language)."""
    with translation.override(notification.recipient.language):
        return notification.message


def test_joint_ritual_notices_are_in_each_recipients_language(couple, client):
    ana, bo = couple
    client.force_login(ana)  # Ana's request is German; Bo reads Spanish
    client.post(
        reverse("rituals:propose_joint"),
        {"title": "Paseo", "category": "movement", "schedule_kind": "daily", "anchor": "evening"},
    )
    proposal = Notification.objects.get(recipient=bo)
    assert read_by_recipient(proposal) == (
        "A Ana le gustaría hacer un ritual contigo. ¿Quieres verlo?"
    )

    client.force_login(bo)
    today = client.get(reverse("rituals:today")).text
    assert "A Ana le gustaría hacer «Paseo» contigo" in today
    assert "Todos los días" in today and "Every day" not in today
    client.post(
        reverse("rituals:respond_joint", args=[JointRitual.objects.get().pk]),
        {"action": "accept"},
    )
    accepted = Notification.objects.get(recipient=ana)
    assert read_by_recipient(accepted) == (
        "Bo hat Ja zu deinem vorgeschlagenen Ritual gesagt: Jetzt gehört es euch beiden."
    )
    client.force_login(ana)  # and in Ana's inbox, in German, though Bo's request was Spanish
    inbox = client.get(reverse("notifications:inbox")).content.decode()
    assert "Bo hat Ja zu deinem vorgeschlagenen Ritual gesagt" in inbox


def test_partner_news_names_the_partner_in_german_without_english_pronouns(couple, client):
    ana, bo = couple
    bos_walk = RitualFactory(owner=bo, title="Paseo", visibility="practice")
    PracticeLog.objects.create(ritual=bos_walk, day=TODAY, outcome="done")
    objective = PersonalObjective.objects.create(owner=bo, month=MONTH, text="x", shared=True)
    ProgressNote.objects.create(owner=bo, objective=objective, text="dos veces")
    client.force_login(ana)

    text = client.get(reverse("rituals:today")).text

    assert "Bo hat „Paseo“ geübt" in text
    assert "Bo hat einen Fortschritt beim eigenen Ziel notiert" in text
    assert "his objective" not in text and "practised" not in text
    assert 'aria-label="Mehr von Bo in letzter Zeit"' in text
    # Bo's Us page: Ana's shared rituals in Spanish.
    RitualFactory(owner=ana, title="Yoga", visibility="exists")
    client.force_login(bo)
    us = client.get(reverse("couples:home")).text
    assert "Rituales de Ana" in us and "Ana's rituals" not in us


def test_the_calendar_feed_is_in_its_owners_language(couple, client):
    ana, _bo = couple
    RitualFactory(owner=ana, title="Anrufen", schedule_kind="per_week", times_per_week=3)
    token = ical.issue_feed(ana)
    response = client.get(reverse("rituals:calendar_feed", args=[token]))  # no one signed in

    calendar = Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]) == "Meine Rituale (Duet)"
    event = calendar.walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "Anrufen"
    assert str(event["DESCRIPTION"]) == "3× pro Woche, an beliebigen Tagen"


def test_a_spanish_persons_messages_and_errors_are_spanish(client, frozen_now):
    person = UserFactory(language="es")
    ritual = RitualFactory(owner=person, started_on=TODAY - timedelta(days=3))
    client.force_login(person)

    client.post(reverse("rituals:log", args=[ritual.pk]), {"outcome": "rest"})
    assert (
        "Anotado para el 18 de noviembre: día de descanso."
        in client.get(reverse("rituals:today")).text
    )

    refused = client.post(
        reverse("rituals:log", args=[ritual.pk]),
        {"outcome": "done", "day": (TODAY - timedelta(days=10)).isoformat(), "note": ""},
    ).text
    assert "Este ritual empezó el 15 de noviembre de 2026" in refused

    services.pause_ritual(ritual)
    assert "En pausa por ahora" in client.get(reverse("rituals:today")).text


def test_a_rituals_story_is_told_in_german(client, frozen_now):
    person = UserFactory(language="de")
    ritual = RitualFactory(owner=person, title="Walk", intention="air", anchor="morning")
    client.force_login(person)
    data = {
        "title": "Walk",
        "category": "movement",
        "intention": "air and light",
        "schedule_kind": "per_week",
        "times_per_week": "3",
        "anchor": "morning",
        "visibility": "private",
    }

    refused = client.post(reverse("rituals:edit", args=[ritual.pk]), data).text
    assert "Magst du notieren, was hinter dieser Änderung steckt?" in refused

    client.post(reverse("rituals:edit", args=[ritual.pk]), data | {"reason": "season"})
    client.post(
        reverse("rituals:reflect", args=[ritual.pk]), {"what_changed": "work", "choice": "pause"}
    )
    detail = client.get(reverse("rituals:detail", args=[ritual.pk])).text

    assert "18. Nov 2026: geändert (Eine neue Jahreszeit)." in detail
    assert "Rhythmus: „Jeden Tag“ → „3× pro Woche“." in detail
    assert "Pausiert seit 18. Nov 2026: Nachgedacht: Arbeit." in detail
    assert "entschieden, es eine Weile zu pausieren." in detail
    assert "changed" not in detail and "reflected" not in detail
