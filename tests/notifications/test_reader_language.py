"""A notification reads in its RECIPIENT's language, whoever sent it and whenever it is read.

Ana reads Spanish and Bo German (each the other's partner). For every kind of partner news
(the catalogue's scenarios, one per kind, done through the pages as a person would), the one
who receives it opens their inbox and reads it in their own language: never in the sender's,
never in English. Then, app by app, the sentences a German reader should see, word for word:
support's permissions (given, changed, withdrawn, expired by the worker), goals' month names,
wellbeing's answers, check-ins' answers and rituals' joint news.
"""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from notifications.models import Notification
from notifications.wording import SLOT
from support.models import SupportGrant
from tests.conftest import NOW
from tests.factories import CheckInFactory, JournalEntryFactory, RitualFactory
from tests.notifications.test_catalogue import OWN_NUDGES, SCENARIOS, Stage
from tests.worker import run_worker

pytestmark = pytest.mark.django_db

Kind = Notification.Kind
LANGUAGE = {"ana": "es", "bo": "de"}
# Wordings with no words of their own to translate ("{actor}: {words} ({ritual})").
WORDLESS = {Kind.PARTNER_REMINDER}
# Each kind's app, so a failure names the app whose wording didn't travel.
APP_OF = {
    **dict.fromkeys([Kind.ACKNOWLEDGEMENT, Kind.CHECKIN_SHARED], "checkins"),
    **dict.fromkeys([Kind.JOURNAL_SHARED, Kind.JOURNAL_ANSWERED], "wellbeing"),
    **dict.fromkeys(
        [
            Kind.JOINT_RITUAL_PROPOSED,
            Kind.JOINT_RITUAL_ACCEPTED,
            Kind.JOINT_RITUAL_DECLINED,
            Kind.JOINT_RITUAL_STEPPED_OUT,
        ],
        "rituals",
    ),
    **dict.fromkeys(
        [
            Kind.JOINT_ACTIVITY_PROPOSED,
            Kind.JOINT_ACTIVITY_ACCEPTED,
            Kind.JOINT_ACTIVITY_DECLINED,
            Kind.JOINT_ACTIVITY_STEPPED_OUT,
            Kind.APPRECIATION,
            Kind.WIN_SHARED,
            Kind.REVIEW_SHARED,
        ],
        "goals",
    ),
    **dict.fromkeys(
        [
            Kind.PARTNER_REMINDER,
            Kind.OFFER,
            Kind.OFFER_ANSWERED,
            Kind.REQUEST_ANSWERED,
            Kind.GRANT,
            Kind.GRANT_CHANGED,
            Kind.GRANT_REVOKED,
            Kind.GRANT_EXPIRED,
        ],
        "support",
    ),
    Kind.VISION_EDITED: "couples",
}


@pytest.fixture
def stage(people, frozen_now) -> Stage:
    """Ana (she/her) reads Spanish, Bo (he/him) German."""
    for name, pronouns in (("ana", "she/her"), ("bo", "he/him")):
        person = getattr(people, name)
        person.language, person.pronouns = LANGUAGE[name], pronouns
        person.save(update_fields=["language", "pronouns"])
    return Stage(people, frozen_now)


def inbox(stage: Stage, person) -> str:
    response = stage.client(person).get(reverse("notifications:inbox"))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def worded(item: Notification, language: str) -> str:
    with translation.override(language):
        return item.message


def test_every_kind_of_news_has_an_app():
    assert set(Kind.values) - OWN_NUDGES == set(APP_OF)


@pytest.mark.parametrize("kind", sorted(SCENARIOS), ids=lambda kind: f"{APP_OF[kind]}-{kind}")
def test_the_recipient_reads_each_kind_in_their_own_language(stage, kind):
    scene = SCENARIOS[kind](stage)
    scene.act()
    (item,) = Notification.objects.filter(kind=kind)
    reader = scene.recipient
    own = reader.language
    sender = scene.actor.language

    text = inbox(stage, reader)

    mine, theirs, english = worded(item, own), worded(item, sender), worded(item, "en")
    assert mine in text
    if kind in WORDLESS:
        return
    assert mine != english, f"{APP_OF[kind]}: {english!r} has no {own} translation"
    assert english not in text
    assert theirs not in text, f"{APP_OF[kind]}: worded in the sender's language"


def post(stage: Stage, person, name: str, *args, data: dict | None = None) -> None:
    stage.post(person, reverse(name, args=args), data)


# Support: each step of a permission Bo is given, in German, with Ana named, not "sie".


def test_support_a_permission_given_changed_and_withdrawn_reads_in_german(stage):
    ana, bo = stage.ana, stage.bo
    walk = RitualFactory(owner=ana, title="Abendspaziergang", visibility="exists")
    post(stage, ana, "support:grant_create", data={"kind": "remind", "ritual": walk.pk})
    grant = SupportGrant.objects.get()
    assert "Ana heißt deine Erinnerungen an „Abendspaziergang“ willkommen." in inbox(stage, bo)

    post(
        stage,
        ana,
        "support:grant_edit",
        grant.pk,
        data={
            "kind": "remind",
            "ritual": walk.pk,
            "weekly_cap": "2",
            "quiet_from": "22:00",
            "quiet_until": "07:00",
            "expires_on": "2026-12-03",
        },
    )
    text = inbox(stage, bo)
    assert (
        "Ana hat die Erlaubnis für deine Erinnerungen an „Abendspaziergang“ geändert. "
        "Sie gilt bis zum 3. Dezember 2026. Höchstens 2-mal pro Woche. "
        "Ruhezeiten 22:00–07:00 nach der Uhr von Ana."
    ) in text

    post(stage, ana, "support:grant_revoke", grant.pk)
    text = inbox(stage, bo)
    assert (
        "Ana hat die Erlaubnis für deine Erinnerungen an „Abendspaziergang“ zurückgenommen. "
        "Darunter wird nichts mehr verschickt."
    ) in text
    # The earlier welcome and change no longer read as live, in German too.
    assert (
        text.count(
            "Ana hatte deine Erinnerungen an „Abendspaziergang“ willkommen geheißen. "
            "Diese Erlaubnis ist beendet."
        )
        == 2
    )
    for english in ("welcomes you", "had welcomed", "withdrawn", "Nothing more"):
        assert english not in text, english
    # Ana is named, never given a pronoun her own field doesn't hold in German.
    for item in Notification.objects.filter(recipient=bo):
        assert " sie " not in worded(item, "de") and " her " not in worded(item, "de")


def test_support_a_permission_reaching_its_end_date_is_told_in_german_by_the_worker(stage):
    ana, bo = stage.ana, stage.bo
    post(stage, ana, "support:grant_create", data={"kind": "reflect"})
    grant = SupportGrant.objects.get()
    grant.expires_at = NOW + timedelta(hours=1)
    grant.save(update_fields=["expires_at"])
    stage.frozen_now(NOW + timedelta(hours=2))

    run_worker()

    text = inbox(stage, bo)
    assert (
        "Die Erlaubnis von Ana für gemeinsames Nachdenken mit dir ganz allgemein hat das "
        "Enddatum erreicht, mit dem sie gegeben wurde."
    ) in text
    assert (
        "Ana hatte gemeinsames Nachdenken mit dir ganz allgemein willkommen geheißen. "
        "Diese Erlaubnis hat ihr Enddatum erreicht."
    ) in text


def test_support_a_spanish_reader_reads_a_german_senders_permission_in_spanish(stage):
    ana, bo = stage.ana, stage.bo
    post(stage, bo, "support:grant_create", data={"kind": "practical"})

    assert "Bo acepta con gusto tu ayuda práctica en general." in inbox(stage, ana)


# Goals: the month is named in the reader's language, not the sender's or English.


def test_goals_a_month_is_named_in_german(stage):
    ana, bo = stage.ana, stage.bo
    post(stage, ana, "goals:plan", "2026-11", data={"activity-text": "Picknick"})
    post(
        stage,
        ana,
        "goals:review",
        "2026-11",
        data={"went_well": "Spaziergänge", "learned": "", "adjust": "", "shared": "on"},
    )

    text = inbox(stage, bo)

    assert (
        "Ana hat etwas für den November vorgeschlagen, das ihr gemeinsam machen könntet. "
        "Möchtest du es sehen?"
    ) in text
    assert (
        "Ana hat einen freundlichen Rückblick auf den November geschrieben und mit dir geteilt."
    ) in text
    assert "noviembre" not in text


# Wellbeing, check-ins and rituals: whole sentences in German, the answer's words included.


def test_wellbeing_news_of_an_entry_and_its_answer_reads_in_german(stage):
    ana, bo = stage.ana, stage.bo
    entry = JournalEntryFactory(owner=bo, body="Ein langer Tag")
    post(stage, bo, "wellbeing:entry_share", entry.pk, data={"share": "yes"})

    post(stage, ana, "wellbeing:entry_acknowledge", entry.pk, data={"kind": "hear", "note": ""})

    text = inbox(stage, bo)
    assert (
        "Ana hat auf den Eintrag geantwortet, den du zum gemeinsamen Anschauen mitgebracht "
        "hast: Ich höre dich."
    ) in text
    assert "answered the entry" not in text


def test_checkins_an_answer_reads_in_german_with_the_answer_in_german(stage):
    ana, bo = stage.ana, stage.bo
    checkin = CheckInFactory(owner=bo, share_feeling=True)

    post(stage, ana, "checkins:acknowledge", checkin.pk, data={"kind": "warmth", "note": ""})

    text = inbox(stage, bo)
    (item,) = Notification.objects.filter(recipient=bo, kind=Kind.ACKNOWLEDGEMENT)
    assert item.text == "{actor} answered your check-in: {answer}."
    assert worded(item, "de").startswith("Ana hat auf deinen Check-in geantwortet: ")
    assert worded(item, "de") in text
    assert "Sending warmth" not in text and worded(item, "es") not in text


def test_rituals_a_joint_proposal_and_its_withdrawal_read_in_german(stage):
    ana, bo = stage.ana, stage.bo
    SCENARIOS[Kind.JOINT_RITUAL_PROPOSED](stage).act()
    (item,) = Notification.objects.filter(recipient=bo, kind=Kind.JOINT_RITUAL_PROPOSED)
    assert worded(item, "de") in inbox(stage, bo)
    assert worded(item, "de") != worded(item, "es") != worded(item, "en")

    post(stage, ana, "rituals:respond_joint", item.subject_id, data={"action": "withdraw"})

    item.refresh_from_db()
    assert item.text.startswith("{actor} had proposed a ritual")  # its msgid, not Spanish
    assert worded(item, "de") in inbox(stage, bo)
    assert worded(item, "de") != worded(item, "en")


# The English pronoun slots a German or Spanish wording may leave out (it names the person).
PRONOUN_SLOTS = {"them"}


def msgids_of(text: str, params: dict) -> list[str]:
    """The wording's msgid and every msgid nested in its params (sentences, plurals, labels)."""
    found = [text]

    def walk(value):
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            if "text" in value:
                found.extend(msgids_of(value["text"], value.get("params") or {}))
            elif "plural" in value:
                found.extend(value["plural"])
                walk_params(value.get("params") or {})
            elif not {"date", "datetime", "time"} & set(value):
                walk_params(value)

    def walk_params(values: dict):
        for name, value in values.items():
            if name not in PRONOUN_SLOTS:  # an English pronoun, never shown in de or es
                walk(value)

    walk_params(params)
    return found


def slots(text: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", text))


@pytest.mark.parametrize("language", ["de", "es"])
@pytest.mark.parametrize("kind", sorted(SCENARIOS), ids=lambda kind: f"{APP_OF[kind]}-{kind}")
def test_each_msgid_of_each_kind_is_translated_with_its_slots(stage, kind, language):
    """Every msgid a notification of this kind stores, nested ones included, is in the
    catalogues, and its translation fills the same slots (or leaves out an English pronoun)."""
    SCENARIOS[kind](stage).act()
    (item,) = Notification.objects.filter(kind=kind)

    for msgid in msgids_of(item.text, item.params):
        if not re.search(r"[A-Za-z]", SLOT.sub("", msgid)):
            continue  # slots and punctuation only: "{changed} {changes}"
        with translation.override(language):
            translated = translation.gettext(msgid)
        assert translated != msgid, f"{APP_OF[kind]}: no {language} translation of {msgid!r}"
        assert slots(translated) <= slots(msgid), (msgid, translated)
        assert slots(msgid) - slots(translated) <= PRONOUN_SLOTS, (msgid, translated)
