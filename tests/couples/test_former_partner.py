"""Once a couple ends, what one wrote or addressed to the other stays with its author.

Each test sees the item while the couple is current, ends the couple, and looks again as the
former partner: neither the author's words nor their name is shown, anywhere.
"""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.localtime import current_evening
from checkins import services as checkins
from couples import privacy
from couples import services as couples
from goals import months
from goals import services as goals
from notifications.models import FROM_FORMER_PARTNER, Notification
from notifications.services import set_email_kinds
from support import services as support
from support.models import SupportGrant
from tests.factories import CheckInFactory, RitualFactory, UserFactory, make_couple
from tests.worker import run_worker
from wellbeing import services as wellbeing
from wellbeing.models import JournalEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(db):
    """Quorra and Zebedee, a current couple."""
    return make_couple(UserFactory(display_name="Quorra"), UserFactory(display_name="Zebedee"))


def page(person, url: str, method: str = "get") -> str:
    client = Client()
    client.force_login(person)
    response = getattr(client, method)(url)
    assert response.status_code == 200, url
    return response.content.decode()


def export(person) -> dict[str, str]:
    client = Client()
    client.force_login(person)
    archive = zipfile.ZipFile(io.BytesIO(client.post(reverse("datarights:export")).content))
    return {name: archive.read(name).decode() for name in archive.namelist()}


def shows_zeb(text: str, words: str) -> bool:
    return words in text or "Zebedee" in text


def test_an_acknowledgement_on_my_check_in_goes_with_the_couple(pair):
    quorra, zeb = pair
    checkin = CheckInFactory(owner=quorra, evening=current_evening(quorra), share_note=True)
    checkins.acknowledge(checkin, zeb, "here", "ack-from-zeb")
    for url in (reverse("checkins:evening"), reverse("checkins:history")):
        assert "ack-from-zeb" in page(quorra, url)

    couples.leave_couple(zeb)

    for url in (reverse("checkins:evening"), reverse("checkins:history")):
        assert not shows_zeb(page(quorra, url), "ack-from-zeb"), url


def test_a_past_month_page_keeps_my_words_and_drops_the_former_partners(pair):
    quorra, zeb = pair
    previous = months.shift(months.current_month(quorra), -1)
    checkin = CheckInFactory(owner=quorra, evening=previous + timedelta(days=3), share_note=True)
    checkins.acknowledge(checkin, zeb, "warmth", "ack-from-zeb")
    goals.appreciate(zeb, previous, "thanks-from-zeb")
    goals.set_objective(quorra, previous, "quorra-objective", shared=True)
    url = reverse("goals:month", args=[months.key(previous)])
    assert "Zebedee" in page(quorra, url)

    couples.leave_couple(quorra)

    month_page = page(quorra, url)
    assert "quorra-objective" in month_page
    assert not shows_zeb(month_page, "thanks-from-zeb")
    assert "ack-from-zeb" not in month_page


def test_a_journal_answer_from_a_former_partner_stays_gone_with_a_new_partner(pair):
    quorra, zeb = pair
    entry = JournalEntry.objects.create(
        owner=quorra, written_on=timezone.localdate(), title="t", body="b", shared_at=timezone.now()
    )
    wellbeing.acknowledge_entry(entry, zeb, "hear", "answer-from-zeb")
    assert "answer-from-zeb" in page(quorra, reverse("wellbeing:revisit"))

    couples.leave_couple(zeb)
    make_couple(quorra, UserFactory(display_name="Nell"))

    assert not shows_zeb(page(quorra, reverse("wellbeing:revisit")), "answer-from-zeb")


def _offer(quorra, zeb):
    grant = support.grant_support(SupportGrant(kind="accompany"), owner=quorra)
    support.make_offer(grant, zeb, "words-from-zeb")


def _request(quorra, zeb):
    support.ask_for_support(zeb, "practical", "words-from-zeb")


def _grant(quorra, zeb):
    ritual = RitualFactory(owner=zeb, visibility="exists", title="words-from-zeb")
    support.grant_support(SupportGrant(kind="reflect", ritual=ritual), owner=zeb)


def _reminder(quorra, zeb):
    ritual = RitualFactory(owner=quorra, visibility="exists", title="Walk")
    grant = support.grant_support(SupportGrant(kind="remind", ritual=ritual), owner=quorra)
    now = timezone.now()
    support.schedule_reminder(grant, zeb, ritual, "words-from-zeb", now + timedelta(minutes=1))
    support.deliver_due_reminders(now=now + timedelta(minutes=2))


def _acknowledgement(quorra, zeb):
    checkin = CheckInFactory(owner=quorra, share_note=True)
    checkins.acknowledge(checkin, zeb, "thanks", "")


@pytest.mark.parametrize("send", [_offer, _request, _grant, _reminder, _acknowledgement])
def test_an_inbox_item_from_a_former_partner_keeps_only_a_neutral_trace(pair, send):
    quorra, zeb = pair
    send(quorra, zeb)
    assert "Zebedee" in page(quorra, reverse("notifications:inbox"))

    couples.leave_couple(zeb)

    inbox = page(quorra, reverse("notifications:inbox"))
    assert not shows_zeb(inbox, "words-from-zeb")
    assert FROM_FORMER_PARTNER.replace("'", "&#x27;") in inbox
    # No "Snooze" or "Stop" for reminders the former partner can no longer send or see.
    assert "Snooze an hour" not in inbox
    assert not shows_zeb(json.dumps(export(quorra)), "words-from-zeb")


def test_a_queued_email_from_a_former_partner_is_not_sent(pair, frozen_now):
    quorra, zeb = pair
    set_email_kinds(quorra, ["offer"])
    _request(quorra, zeb)
    couples.leave_couple(quorra)

    run_worker()

    assert mail.outbox == []
    assert Notification.objects.get(recipient=quorra).email_status == "skipped"


def test_my_export_drops_what_the_former_partner_wrote_and_theirs_keeps_it(pair):
    quorra, zeb = pair
    checkin = CheckInFactory(owner=quorra, share_note=True)
    checkins.acknowledge(checkin, zeb, "here", "ack-from-zeb")
    entry = JournalEntry.objects.create(
        owner=quorra, written_on=timezone.localdate(), title="t", body="b", shared_at=timezone.now()
    )
    wellbeing.acknowledge_entry(entry, zeb, "hear", "answer-from-zeb")
    goals.appreciate(zeb, months.current_month(zeb), "thanks-from-zeb")
    asked = support.ask_for_support(quorra, "practical", "quorra-asks")
    support.answer_request(asked, zeb, yes=True, answer="reply-from-zeb")
    written = ["ack-from-zeb", "answer-from-zeb", "thanks-from-zeb", "reply-from-zeb"]
    before = json.dumps(export(quorra))
    assert all(words in before for words in written)

    couples.leave_couple(zeb)

    mine = json.dumps(export(quorra))
    assert "quorra-asks" in mine
    assert not any(words in mine for words in written)
    theirs = json.dumps(export(zeb))
    assert all(words in theirs for words in written)


def test_an_our_month_note_of_an_ended_couple_stays_with_who_saved_it_last(pair):
    quorra, zeb = pair
    previous = months.shift(months.current_month(quorra), -1)
    plan = goals.plan_for(privacy.current_couple(quorra), previous)
    goals.save_our_month(plan, quorra, "draft-by-quorra", based_on=0)
    goals.save_our_month(plan, zeb, "note-by-zeb", based_on=1)
    assert "note-by-zeb" in export(quorra)["our_months.json"]

    couples.leave_couple(quorra)

    assert "note-by-zeb" not in json.dumps(export(quorra))
    assert "note-by-zeb" in export(zeb)["our_months.json"]
