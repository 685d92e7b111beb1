import importlib

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from couples.models import Couple
from rituals.models import JointRitual, PracticeLog, Ritual
from support import services as support
from support.models import Reminder, SupportGrant
from tests.factories import UserFactory, make_couple

pytestmark = pytest.mark.django_db

PROPOSAL = {
    "title": "Screen-free wind-down",
    "category": "sleep",
    "intention": "quiet evenings together",
    "schedule_kind": "daily",
    "anchor": "bedtime",
}


@pytest.fixture
def proposal(client, couple, frozen_now):
    ana, _bo = couple
    client.force_login(ana)
    client.post(reverse("rituals:propose_joint"), PROPOSAL)
    return JointRitual.objects.get()


def answer(client, person, joint, action):
    client.force_login(person)
    return client.post(reverse("rituals:respond_joint", args=[joint.pk]), {"action": action})


def test_a_proposal_exists_for_no_one_until_accepted(client, couple, proposal):
    ana, bo = couple

    assert not Ritual.objects.exists()
    client.force_login(bo)
    assert (
        "Ana would like to do “Screen-free wind-down” together"
        in client.get(reverse("rituals:today")).text
    )


def test_accepting_gives_each_partner_their_own_ritual_to_log(client, couple, proposal):
    ana, bo = couple

    answer(client, bo, proposal, "accept")

    anas, bos = Ritual.objects.get(owner=ana), Ritual.objects.get(owner=bo)
    assert anas.joint == bos.joint == proposal
    assert (anas.intention, bos.intention) == ("quiet evenings together", "")
    assert anas.visibility == bos.visibility == "private"
    client.post(reverse("rituals:log", args=[bos.pk]), {"outcome": "done"})
    assert PracticeLog.objects.get().ritual == bos


def test_declining_needs_no_reason_and_creates_nothing(client, couple, proposal):
    answer(client, couple[1], proposal, "decline")

    proposal.refresh_from_db()
    assert proposal.status == "declined"
    assert not Ritual.objects.exists()


def test_the_proposer_cannot_accept_for_the_partner(client, couple, proposal):
    response = answer(client, couple[0], proposal, "accept")

    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "proposed"


def test_a_proposal_is_answered_once(client, couple, proposal):
    answer(client, couple[1], proposal, "accept")
    response = answer(client, couple[1], proposal, "accept")

    assert "already been answered" in client.get(response["Location"]).text
    assert Ritual.objects.count() == 2


def test_the_proposer_can_withdraw(client, couple, proposal):
    answer(client, couple[0], proposal, "withdraw")

    proposal.refresh_from_db()
    assert proposal.status == "withdrawn"


def test_either_partner_can_step_out(client, couple, proposal):
    ana, bo = couple
    answer(client, bo, proposal, "accept")
    bos = Ritual.objects.get(owner=bo)

    client.post(reverse("rituals:step_out", args=[bos.pk]))

    bos.refresh_from_db()
    assert bos.status == "archived"
    assert Ritual.objects.get(owner=ana).status == "active"


def test_proposing_needs_a_partner(client, user):
    client.force_login(user)

    response = client.post(reverse("rituals:propose_joint"), PROPOSAL)

    assert response["Location"] == reverse("couples:home")
    assert not JointRitual.objects.exists()


def test_proposal_form_errors_are_shown(client, couple):
    client.force_login(couple[0])

    response = client.post(reverse("rituals:propose_joint"), {**PROPOSAL, "title": ""})

    assert "This field is required" in response.text
    assert not JointRitual.objects.exists()


def test_each_copy_of_a_joint_ritual_is_private_until_its_owner_shares_it(client, couple, proposal):
    ana, bo = couple
    answer(client, bo, proposal, "accept")
    anas = Ritual.objects.get(owner=ana)
    # Ana words her copy her own way, leaving who sees it as it came.
    client.force_login(ana)
    edit = {**PROPOSAL, "title": "Wind-down, her way", "visibility": anas.visibility}
    client.post(reverse("rituals:edit", args=[anas.pk]), {**edit, "reason": "mood"})

    assert Ritual.objects.get(owner=ana).title == "Wind-down, her way"
    assert {ritual.visibility for ritual in Ritual.objects.all()} == {"private"}
    client.force_login(bo)
    for page in ["couples:home", "goals:current", "support:reminder_create", "rituals:today"]:
        assert "her way" not in client.get(reverse(page), follow=True).text, page


def test_ending_the_couple_ends_the_joint_ritual_and_the_next_partner_sees_nothing_of_it(
    client, couple, proposal
):
    ana, fay = couple
    answer(client, fay, proposal, "accept")
    anas = Ritual.objects.get(owner=ana)
    # Even a copy Ana chose to share with Fay is not shared with whoever comes next.
    Ritual.objects.filter(pk=anas.pk).update(visibility="practice")
    client.force_login(ana)
    client.post(reverse("couples:leave"))
    bo = UserFactory(display_name="Bo")
    make_couple(ana, bo)
    support.grant_support(SupportGrant(kind="remind"), owner=ana)

    anas.refresh_from_db()
    assert (anas.joint, anas.visibility, anas.status) == (None, "private", "active")
    assert Ritual.objects.get(owner=fay).joint is None
    client = Client()  # Bo's own browser
    client.force_login(bo)
    for page in ["couples:home", "goals:current", "support:reminder_create", "support:home"]:
        assert "Screen-free wind-down" not in client.get(reverse(page), follow=True).text, page
    grant = SupportGrant.objects.get(partner=bo)
    response = client.post(
        reverse("support:reminder_create"),
        {"about": f"{grant.pk}-{anas.pk}", "text": "now?", "due": "2026-11-18T18:00"},
    )
    assert response.status_code == 400
    assert not Reminder.objects.exists()


def test_existing_copies_become_private_and_those_of_ended_couples_stand_alone(
    client, couple, proposal
):
    ana, bo = couple
    answer(client, bo, proposal, "accept")
    # As the old code left them: automatic "exists", and one shared on purpose.
    Ritual.objects.filter(owner=ana).update(visibility="exists")
    Ritual.objects.filter(owner=bo).update(visibility="practice")
    make_private = importlib.import_module(
        "rituals.migrations.0004_joint_copies_private"
    ).make_joint_copies_private

    make_private(apps, None)

    assert Ritual.objects.get(owner=ana).visibility == "private"
    assert Ritual.objects.get(owner=bo).visibility == "practice"
    Couple.objects.update(ended_at=timezone.now())
    make_private(apps, None)
    assert set(Ritual.objects.values_list("joint", "visibility")) == {(None, "private")}
