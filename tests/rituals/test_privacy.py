"""Every ritual URL, from the owner's, partner's, former partner's, stranger's and
anonymous side: nothing of Ana's is reachable or changeable by anyone else."""

import pytest
from django.urls import reverse

from rituals.models import JointRitual, PracticeLog, Ritual
from tests.factories import RitualFactory

pytestmark = pytest.mark.django_db

RITUAL_URLS = [
    ("get", "rituals:detail"),
    ("get", "rituals:edit"),
    ("post", "rituals:edit"),
    ("post", "rituals:log"),
    ("get", "rituals:pause"),
    ("post", "rituals:pause"),
    ("post", "rituals:resume"),
    ("post", "rituals:retire"),
    ("post", "rituals:restore"),
    ("get", "rituals:reflect"),
    ("post", "rituals:reflect"),
    ("post", "rituals:step_out"),
]
FORM = {
    "title": "Taken over",
    "category": "rest",
    "schedule_kind": "daily",
    "anchor": "morning",
    "visibility": "practice",
    "outcome": "done",
    "what_changed": "work",
    "choice": "retire",
    "reason": "other",
}


def snapshot(ritual):
    ritual.refresh_from_db()
    return (ritual.title, ritual.status, ritual.visibility, ritual.logs.count())


@pytest.mark.parametrize(("method", "name"), RITUAL_URLS)
@pytest.mark.parametrize("visibility", ["private", "exists", "practice"])
@pytest.mark.parametrize("viewer", ["bo", "cy", "dee", "staff"])
def test_no_one_but_the_owner_reaches_a_ritual(client, people, method, name, visibility, viewer):
    ritual = RitualFactory(owner=people.ana, visibility=visibility, title="Ana's pages")
    before = snapshot(ritual)
    client.force_login(getattr(people, viewer))

    response = getattr(client, method)(reverse(name, args=[ritual.pk]), FORM)

    assert response.status_code == 404
    assert "Ana&#x27;s pages" not in response.text
    assert snapshot(ritual) == before


@pytest.mark.parametrize(("method", "name"), RITUAL_URLS)
def test_anonymous_visitors_are_sent_to_log_in(client, people, method, name):
    ritual = RitualFactory(owner=people.ana)
    before = snapshot(ritual)

    response = getattr(client, method)(reverse(name, args=[ritual.pk]), FORM)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert snapshot(ritual) == before


@pytest.mark.parametrize(("method", "name"), RITUAL_URLS)
def test_the_owner_reaches_every_ritual_url(client, people, method, name):
    ritual = RitualFactory(owner=people.ana, joint=None)
    client.force_login(people.ana)

    response = getattr(client, method)(reverse(name, args=[ritual.pk]), FORM)

    assert response.status_code in {200, 302}


def partner_view(client, viewer) -> str:
    client.force_login(viewer)
    return client.get(reverse("couples:home")).text


@pytest.fixture
def anas_rituals(people):
    made = {}
    for visibility in ["private", "exists", "practice"]:
        ritual = RitualFactory(
            owner=people.ana,
            visibility=visibility,
            title=f"{visibility}-ritual",
            intention=f"{visibility}-intention",
        )
        PracticeLog.objects.create(
            ritual=ritual, day=ritual.started_on, outcome="done", note=f"{visibility}-note"
        )
        made[visibility] = ritual
    return made


def test_partner_sees_each_ritual_at_its_level_of_sharing(client, people, anas_rituals):
    text = partner_view(client, people.bo)

    assert "private-ritual" not in text
    exists_part = text.split("exists-ritual", 1)[1].split("partner-ritual", 1)[0]
    assert "exists-ritual" in text and 'class="rhythm"' not in exists_part
    practice_part = text.split("practice-ritual", 1)[1]
    assert 'class="rhythm"' in practice_part
    for secret in ["intention", "note"]:
        for visibility in ["private", "exists", "practice"]:
            assert f"{visibility}-{secret}" not in text


@pytest.mark.parametrize("viewer", ["cy", "dee", "staff"])
def test_former_partners_and_strangers_see_none_of_anas_rituals(
    client, people, anas_rituals, viewer
):
    text = partner_view(client, getattr(people, viewer))

    for visibility in ["private", "exists", "practice"]:
        assert f"{visibility}-ritual" not in text


def test_un_sharing_hides_a_ritual_on_the_next_request(client, people, anas_rituals):
    """Made private the way Ana does it, through her own page: the partner's Us page keeps
    what it drew only until one of the two changes something."""
    from tests.rituals.test_views import make_private

    assert "practice-ritual" in partner_view(client, people.bo)

    ritual = anas_rituals["practice"]
    client.force_login(people.ana)
    made_private = make_private(client, ritual)
    assert made_private.status_code == 302
    assert Ritual.objects.get(pk=ritual.pk).visibility == "private"

    assert "practice-ritual" not in partner_view(client, people.bo)


def test_leaving_the_couple_hides_everything_at_once(client, people, anas_rituals):
    from couples import services

    services.leave_couple(people.ana)

    text = partner_view(client, people.bo)
    assert "exists-ritual" not in text and "practice-ritual" not in text


def test_the_partner_never_sees_the_owners_setback_prompt(client, people):
    from datetime import date

    RitualFactory(owner=people.ana, visibility="practice", started_on=date(2026, 1, 1))

    assert "Would it help to take a moment" not in partner_view(client, people.bo)
    client.force_login(people.ana)
    assert "Would it help to take a moment" in client.get(reverse("rituals:today")).text


@pytest.mark.parametrize("viewer", ["cy", "dee"])
def test_outsiders_cannot_answer_a_joint_proposal(client, people, viewer):
    from couples import privacy

    joint = JointRitual.objects.create(
        couple=privacy.current_couple(people.ana),
        proposed_by=people.ana,
        invitee=people.bo,
        title="Wind-down",
    )
    client.force_login(getattr(people, viewer))

    response = client.post(reverse("rituals:respond_joint", args=[joint.pk]), {"action": "accept"})

    assert response.status_code == 404
    joint.refresh_from_db()
    assert joint.status == "proposed"
