"""Deleting an account takes the person's words out of everything the other person keeps,
and the export holds everything the person wrote, wherever it is stored."""

import io
import json
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from couples import privacy
from couples.models import VisionVersion
from couples.services import save_vision
from goals import services as goals
from goals.models import MonthlyPlan
from goals.months import current_month
from notifications.models import Notification
from rituals import services as rituals
from rituals.models import JointRitual, PracticeLog, Ritual
from support import services as support
from support.models import SupportGrant
from tests.factories import PASSWORD
from tests.html import without_tokens

pytestmark = pytest.mark.django_db


def browser(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def export_files(person) -> dict[str, str]:
    response = browser(person).post(reverse("datarights:export"))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return {name: archive.read(name).decode() for name in archive.namelist()}


def vision(safety: str) -> dict[str, str]:
    return {"safety": safety, "predictability": "", "joy": ""}


@pytest.fixture
def together(couple):
    """Ana's words in what she and Bo share, and in what she addressed to Bo."""
    ana, bo = couple
    us = privacy.current_couple(ana)
    save_vision(us, ana, 0, vision("ana-vision-first"))
    save_vision(us, bo, 1, vision("bo-vision-later, with ana-vision-first in it"))
    save_vision(us, ana, 2, vision("ana-vision-last"))
    plan = goals.plan_for(us, current_month(ana))
    goals.save_our_month(plan, bo, "bo-our-month", based_on=plan.version)
    plan.refresh_from_db()
    goals.save_our_month(plan, ana, "ana-our-month", based_on=plan.version)
    support.grant_support(SupportGrant(kind="accompany"), owner=ana)
    support.ask_for_support(ana, "practical", "ana-request")
    joint = rituals.propose_joint_ritual(
        JointRitual(title="ana-joint-title", schedule_kind="daily", anchor="morning"), ana
    )
    rituals.respond_to_joint_ritual(joint, bo, accept=True)
    bos_copy = Ritual.objects.get(owner=bo, joint=joint)
    PracticeLog.objects.create(ritual=bos_copy, day=bos_copy.started_on, outcome="done")
    before = {"title": "ana-joint-title", "schedule": "Every day"}
    rituals.adjust_ritual(bos_copy, before, {**before, "schedule": "Mon"}, "mood", "bo-note")
    return couple


def test_deleting_my_account_takes_my_words_out_of_what_my_partner_keeps(together):
    ana, bo = together
    assert "Ana" in browser(bo).get(reverse("notifications:inbox")).text

    response = browser(ana).post(reverse("datarights:delete"), {"password": PASSWORD})

    assert response.status_code == 302
    versions = {version.number: version for version in VisionVersion.objects.all()}
    for number in (1, 3):
        assert versions[number].author is None
        assert versions[number].texts() == vision("")
    # Bo's later version is his own writing (with what they wrote together): it stays.
    assert versions[2].author == bo and versions[2].safety.startswith("bo-vision-later")
    plan = MonthlyPlan.objects.get()
    assert (plan.our_month, plan.updated_by) == ("", None)
    assert not Notification.objects.filter(recipient=bo).exists()
    inbox = without_tokens(browser(bo).get(reverse("notifications:inbox")).text)
    assert "Ana" not in inbox and "ana-request" not in inbox
    bos_copy = Ritual.objects.get(owner=bo)
    assert bos_copy.title == "A ritual from a former member"
    assert (bos_copy.status, bos_copy.logs.count()) == ("active", 1)
    adjustment = bos_copy.adjustments.get()
    assert adjustment.note == "bo-note"
    assert adjustment.before["title"] == adjustment.after["title"] == bos_copy.title
    everything = "\n".join(export_files(bo).values())
    for word in ["ana-vision-last", "ana-our-month", "ana-request", "ana-joint-title", "Ana "]:
        assert word not in everything, word


def test_what_the_partner_saved_last_in_our_month_stays_theirs(couple):
    ana, bo = couple
    plan = goals.plan_for(privacy.current_couple(ana), current_month(ana))
    goals.save_our_month(plan, ana, "first draft", based_on=plan.version)
    plan.refresh_from_db()
    goals.save_our_month(plan, bo, "bo-our-month, built on the first draft", based_on=plan.version)

    browser(ana).post(reverse("datarights:delete"), {"password": PASSWORD})

    plan.refresh_from_db()
    assert plan.our_month == "bo-our-month, built on the first draft"
    assert plan.updated_by == bo


def test_my_export_holds_my_answer_to_my_partners_request(couple):
    ana, bo = couple
    request = support.ask_for_support(ana, "practical", "ana-asks")
    support.answer_request(request, bo, yes=False, answer="bo-answer")

    files = export_files(bo)

    answers = json.loads(files["support_request_answers.json"])
    assert [answer["answer"] for answer in answers] == ["bo-answer"]
    assert "ana-asks" not in files["support_request_answers.json"]
