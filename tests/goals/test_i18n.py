"""The month pages read in German and Spanish, and weeks as each language counts them."""

import html
import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from goals import nudges, services
from goals.models import Win
from goals.templatetags.goals_weeks import axis_labels, first_weekday
from tests.factories import RitualFactory, UserFactory, make_couple
from tests.support.catalogue_checks import shadowed

pytestmark = pytest.mark.django_db

MONTH = "2026-11"  # conftest freezes "now" on 18 November 2026
NOVEMBER = [date(2026, 11, day) for day in range(1, 31)]  # 1 November 2026 is a Sunday

ENGLISH_ON_THE_MONTH = [
    "Personal objectives",
    "Rituals this month",
    "Appreciations and wins",
    "Looking back",
    "Plan this month",
    "Write my review",
    "Note a win",
    "No objective yet",
    "To print this page",
    "Nudge me on the month's last evening",
]


@pytest.fixture
def ana_and_bo(db, frozen_now):
    """Ana reads German, Bo reads Spanish."""
    return make_couple(
        UserFactory(display_name="Ana", pronouns="she/her", language="de"),
        UserFactory(display_name="Bo", pronouns="he/him", language="es"),
    )


def read(client, person, name: str, *args) -> str:
    client.force_login(person)
    response = client.get(reverse(f"goals:{name}", args=args))
    assert response.status_code == 200
    return html.unescape(response.text)


def test_a_german_reader_sees_the_month_in_german(client, ana_and_bo):
    ana, bo = ana_and_bo
    services.note_win(Win(text="Früh ins Bett", shared=True), bo, date(2026, 11, 1))
    RitualFactory(owner=ana, title="Morgenseiten")

    text = read(client, ana, "month", MONTH)

    assert "<h1>November 2026</h1>" in text
    assert "Persönliche Ziele" in text and "Rituale in diesem Monat" in text
    assert "Diesen Monat planen" in text and "Meinen Rückblick schreiben" in text
    assert "Lichtblick von Bo: Früh ins Bett" in text
    assert "Erinnere mich am letzten Abend des Monats an meinen Rückblick" in text
    for sentence in ENGLISH_ON_THE_MONTH:
        assert sentence not in text, sentence


def test_a_spanish_reader_sees_the_month_in_spanish(client, ana_and_bo):
    ana, bo = ana_and_bo
    services.propose_activity(ana, date(2026, 11, 1), "Un paseo junto al mar")

    text = read(client, bo, "month", MONTH)

    assert "<h1>noviembre de 2026</h1>" in text
    assert "Objetivos personales" in text and "Agradecimientos y logros" in text
    assert "propuesto por Ana" in text and "Sí, vamos" in text and "No, gracias" in text
    assert "esperando respuesta" in text
    for sentence in ENGLISH_ON_THE_MONTH + ["proposed by", "Yes, let's"]:
        assert sentence not in text, sentence


@pytest.mark.parametrize(
    ("language", "phrases", "english"),
    [
        ("de", ["Plan für November 2026", "Mein persönliches Ziel"], "My personal objective"),
        ("es", ["Plan para noviembre de 2026", "Mi objetivo personal"], "My personal objective"),
    ],
)
def test_the_plan_page_in_each_language(client, ana_and_bo, language, phrases, english):
    person = ana_and_bo[0] if language == "de" else ana_and_bo[1]

    text = read(client, person, "plan", MONTH)

    for phrase in phrases:
        assert phrase in text
    assert english not in text


def test_the_review_win_and_appreciation_pages_in_german_and_spanish(client, ana_and_bo):
    ana, bo = ana_and_bo

    assert "Rückblick auf November" in read(client, ana, "review", MONTH)
    assert "Ein eigener Lichtblick" in read(client, ana, "win")
    assert "Bo Wertschätzung zeigen" in read(client, ana, "appreciation")
    spanish = read(client, bo, "appreciation")
    assert "Agradecerle algo a Ana" in spanish
    assert "qué hizo Ana y qué significó para ti" in spanish
    assert "Mirando atrás: noviembre" in read(client, bo, "review", MONTH)


def test_a_month_that_cannot_be_used_is_explained_in_the_readers_language(client, ana_and_bo):
    ana, _bo = ana_and_bo
    client.force_login(ana)

    text = html.unescape(client.get(reverse("goals:month", args=["2027-05"])).text)

    assert "Dieser Monat liegt noch weit voraus." in text
    assert "still far ahead" not in text


def test_english_keeps_the_months_own_seven_day_marks():
    with translation.override("en"):
        labels = axis_labels(NOVEMBER)

    assert [label for label in labels if label] == ["1 Nov", "8", "15", "22", "29"]


@pytest.mark.parametrize(
    ("language", "first"),
    [("de", "1. Nov"), ("es", "1 nov")],
)
def test_german_and_spanish_weeks_begin_on_monday(language, first):
    with translation.override(language):
        assert first_weekday() == 0  # Monday, the locale's FIRST_DAY_OF_WEEK
        labels = axis_labels(NOVEMBER)

    marked = [label for label in labels if label]
    assert marked[0].lower() == first.lower()
    # Each Monday of November 2026 begins a week: the 9th, 16th, 23rd and 30th are marked;
    # the 2nd would sit under "1 Nov", which stands for that week.
    assert marked[1:] == ["9", "16", "23", "30"]
    assert all(NOVEMBER[n].weekday() == 0 for n, label in enumerate(labels) if label and n)


def test_the_month_page_marks_a_german_readers_weeks(client, ana_and_bo):
    ana, _bo = ana_and_bo
    RitualFactory(owner=ana, title="Morgenseiten")

    text = read(client, ana, "month", MONTH)

    axis = text.split('<div class="day-axis" aria-hidden="true">', 1)[1].split("</div>", 1)[0]
    assert "<span>9</span>" in axis and "<span>16</span>" in axis
    assert "<span>8</span>" not in axis


@pytest.mark.parametrize(
    ("language", "one", "many"),
    [
        ("de", "1 Ruhetag", "3 Ruhetage"),
        ("es", "1 día de descanso", "3 días de descanso"),
    ],
)
def test_counted_phrases_take_each_languages_plural(language, one, many):
    with translation.override(language):
        worded = [
            ngettext("%(days)s rest day", "%(days)s rest days", n) % {"days": n} for n in (1, 3)
        ]

    assert worded == [one, many]


@pytest.mark.parametrize("language", ["de", "es"])
def test_no_translation_of_goals_is_hidden_behind_another_catalogues(language):
    assert shadowed("goals", language) == []


@pytest.mark.parametrize("language", ["de", "es"])
@pytest.mark.parametrize(
    "wording",
    [
        *services.ACTIVITY_NEWS.values(),
        nudges.TEXT,
        "{actor} shared a win with you. Would you like to see it?",
        "{actor} wrote you an appreciation. It's waiting for you on the month page.",
        "{actor} proposed something to do together in {month}. Would you like to see it?",
        "{actor} wrote a kind review of {month} and shared it with you.",
    ],
)
def test_each_notification_wording_has_a_translation_with_the_same_slots(language, wording):
    """Notifications keep the English wording and are worded for the reader when read
    (notifications/wording.py): each of goals' must be in its catalogue."""
    with translation.override(language):
        worded = translation.gettext(wording)

    assert worded != wording
    assert sorted(re.findall(r"\{\w+\}", worded)) == sorted(re.findall(r"\{\w+\}", wording))
