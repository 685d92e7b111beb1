"""The notification catalogue: every partner-facing event, done through the pages as a person
would, leaves exactly one inbox item for the right person and none for anyone else (the
actor, a former partner, a stranger), however often it is posted; the item says nothing
private, and its copies stop at delivery once consent has ended.

SCENARIOS has a row per kind of `Notification.Kind` (a test fails for a kind without one):
`setup` prepares what the event needs and returns the Scene, whose `act` is the event itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from checkins.models import CheckIn
from goals import months
from goals.models import JointActivity, Win
from notifications.models import GROUPS, Notification
from notifications.services import set_email_kinds
from rituals import services as rituals
from rituals.models import JointRitual, Ritual
from support import services as support
from support.models import SupportGrant
from tests.conftest import NOW, People
from tests.factories import CheckInFactory, JournalEntryFactory, RitualFactory
from tests.notifications.test_read_time import make_private
from tests.worker import run_worker
from wellbeing import services as wellbeing

pytestmark = pytest.mark.django_db

Kind = Notification.Kind
# Written into every private text of the scenarios: no notification may ever carry it.
SECRET = "zebra-lantern"
# The person's own nudges, not partner events: their own tests cover them.
OWN_NUDGES = {"checkin_reminder", "ritual_reminder", "review_nudge"}
PROPOSAL = {
    "title": "Screen-free wind-down",
    "category": "sleep",
    "intention": f"quiet evenings {SECRET}",
    "schedule_kind": "daily",
    "anchor": "bedtime",
}


@dataclass
class Scene:
    actor: User
    recipient: User
    act: Callable[[], object]
    # What the actor wrote *to* the recipient, which the item may quote ({words}).
    words: str = ""
    # Undoes consent for the item's subject, for the delivery tests: name -> change.
    withdraw: dict[str, Callable[[], object]] = field(default_factory=dict)


class Stage:
    """The people and a logged-in client for each of them."""

    def __init__(self, people: People, frozen_now):
        self.people, self.frozen_now = people, frozen_now
        self.ana, self.bo = people.ana, people.bo

    def client(self, person: User) -> Client:
        client = Client()
        client.force_login(person)
        return client

    def post(self, person: User, url: str, data: dict | None = None) -> int:
        response = self.client(person).post(url, data or {})
        assert response.status_code < 400, (url, response.status_code)
        return response.status_code

    def walk(self) -> Ritual:
        return RitualFactory(owner=self.ana, title="Evening walk", visibility="exists")

    def grant(self, kind="remind", ritual=None, **limits) -> SupportGrant:
        return support.grant_support(SupportGrant(kind=kind, ritual=ritual, **limits), self.ana)

    def leave(self, person: User):
        return lambda: self.post(person, reverse("couples:leave"))


SCENARIOS: dict[str, Callable[[Stage], Scene]] = {}


def scenario(kind: str):
    def register(setup):
        SCENARIOS[kind] = setup
        return setup

    return register


@scenario(Kind.ACKNOWLEDGEMENT)
def _(s: Stage) -> Scene:
    checkin = CheckInFactory(owner=s.bo, share_feeling=True, note=f"a note {SECRET}")
    url = reverse("checkins:acknowledge", args=[checkin.pk])
    return Scene(
        s.ana,
        s.bo,
        lambda: s.post(s.ana, url, {"kind": "here", "note": SECRET}),
        withdraw={"leave": s.leave(s.ana)},
    )


@scenario(Kind.CHECKIN_SHARED)
def _(s: Stage) -> Scene:
    s.post(s.ana, reverse("notifications:opt_in"), {"kind": "checkin_shared", "wanted": "yes"})
    data = {
        "pleasantness": "4",
        "feeling_energy": "2",
        "note": f"tired {SECRET}",
        "share_feeling": "on",
    }

    def stop():
        s.post(s.ana, reverse("notifications:opt_in"), {"kind": "checkin_shared", "wanted": "no"})

    def unshare():
        checkin = CheckIn.objects.get(owner=s.bo)
        s.post(s.bo, reverse("checkins:change_sharing", args=[checkin.pk]), {})

    return Scene(
        s.bo,
        s.ana,
        lambda: s.post(s.bo, reverse("checkins:evening"), data),
        withdraw={"unshare": unshare, "leave": s.leave(s.bo), "stop": stop},
    )


@scenario(Kind.PARTNER_REMINDER)
def _(s: Stage) -> Scene:
    walk = s.walk()
    grant = s.grant(ritual=walk)
    data = {
        "about": f"{grant.pk}-{walk.pk}",
        "text": "Fancy a walk?",
        "due": "2026-11-18T18:00",
    }
    s.post(s.bo, reverse("support:reminder_create"), data)
    s.frozen_now(NOW + timedelta(hours=7))
    return Scene(s.bo, s.ana, run_worker, words="Fancy a walk?")


@scenario(Kind.OFFER)
def _(s: Stage) -> Scene:
    grant = s.grant(kind="accompany")
    data = {"grant": grant.pk, "text": "Walk together at 7?"}
    return Scene(
        s.bo,
        s.ana,
        lambda: s.post(s.bo, reverse("support:offer_create"), data),
        words="Walk together at 7?",
        withdraw={
            "revoke": lambda: s.post(s.ana, reverse("support:grant_revoke", args=[grant.pk])),
            "leave": s.leave(s.bo),
        },
    )


@scenario(Kind.OFFER_ANSWERED)
def _(s: Stage) -> Scene:
    offer = support.make_offer(s.grant(kind="accompany"), s.bo, "Tea later?")
    url = reverse("support:offer_answer", args=[offer.pk])
    return Scene(s.ana, s.bo, lambda: s.post(s.ana, url, {"answer": "not_now"}))


@scenario(Kind.REQUEST_ANSWERED)
def _(s: Stage) -> Scene:
    asked = support.ask_for_support(s.ana, "accompany", f"Join my walk? {SECRET}")
    url = reverse("support:request_answer", args=[asked.pk])
    data = {"answer": "not_this_time", "alternative": "Sunday instead?"}
    return Scene(s.bo, s.ana, lambda: s.post(s.bo, url, data), words="Sunday instead?")


@scenario(Kind.GRANT)
def _(s: Stage) -> Scene:
    walk = s.walk()
    data = {"kind": "remind", "ritual": walk.pk, "phrasing": f"gently {SECRET}"}

    def private():
        make_private(s.client(s.ana), walk)

    def revoke():
        s.post(s.ana, reverse("support:grant_revoke", args=[SupportGrant.objects.get().pk]))

    return Scene(
        s.ana,
        s.bo,
        lambda: s.post(s.ana, reverse("support:grant_create"), data),
        withdraw={"revoke": revoke, "private": private, "leave": s.leave(s.ana)},
    )


@scenario(Kind.GRANT_CHANGED)
def _(s: Stage) -> Scene:
    walk = s.walk()
    grant = s.grant(ritual=walk)
    url = reverse("support:grant_edit", args=[grant.pk])
    data = {"kind": "remind", "ritual": walk.pk, "weekly_cap": "2", "phrasing": SECRET}
    revoke_url = reverse("support:grant_revoke", args=[grant.pk])
    return Scene(
        s.ana,
        s.bo,
        lambda: s.post(s.ana, url, data),
        withdraw={
            "revoke": lambda: s.post(s.ana, revoke_url),
            "private": lambda: make_private(s.client(s.ana), walk),
            "leave": s.leave(s.bo),
        },
    )


@scenario(Kind.GRANT_REVOKED)
def _(s: Stage) -> Scene:
    grant = s.grant(ritual=s.walk())
    url = reverse("support:grant_revoke", args=[grant.pk])
    return Scene(s.ana, s.bo, lambda: s.post(s.ana, url), withdraw={"leave": s.leave(s.ana)})


@scenario(Kind.GRANT_EXPIRED)
def _(s: Stage) -> Scene:
    s.grant(kind="reflect", expires_at=NOW + timedelta(hours=1))
    s.frozen_now(NOW + timedelta(hours=2))
    return Scene(s.ana, s.bo, run_worker)


@scenario(Kind.JOINT_RITUAL_PROPOSED)
def _(s: Stage) -> Scene:
    def withdraw():
        joint = JointRitual.objects.get()
        s.post(s.ana, reverse("rituals:respond_joint", args=[joint.pk]), {"action": "withdraw"})

    return Scene(
        s.ana,
        s.bo,
        lambda: s.post(s.ana, reverse("rituals:propose_joint"), PROPOSAL),
        withdraw={"withdraw": withdraw},
    )


def _proposed(s: Stage) -> JointRitual:
    plan = JointRitual(**PROPOSAL)
    return rituals.propose_joint_ritual(plan, s.ana)


@scenario(Kind.JOINT_RITUAL_ACCEPTED)
def _(s: Stage) -> Scene:
    url = reverse("rituals:respond_joint", args=[_proposed(s).pk])
    return Scene(s.bo, s.ana, lambda: s.post(s.bo, url, {"action": "accept"}))


@scenario(Kind.JOINT_RITUAL_DECLINED)
def _(s: Stage) -> Scene:
    url = reverse("rituals:respond_joint", args=[_proposed(s).pk])
    return Scene(s.bo, s.ana, lambda: s.post(s.bo, url, {"action": "decline"}))


@scenario(Kind.JOINT_RITUAL_STEPPED_OUT)
def _(s: Stage) -> Scene:
    joint = _proposed(s)
    rituals.respond_to_joint_ritual(joint, s.bo, accept=True)
    bos = Ritual.objects.get(owner=s.bo)
    return Scene(s.bo, s.ana, lambda: s.post(s.bo, reverse("rituals:step_out", args=[bos.pk])))


def _month_key(person: User) -> str:
    return months.key(months.current_month(person))


@scenario(Kind.JOINT_ACTIVITY_PROPOSED)
def _(s: Stage) -> Scene:
    url = reverse("goals:plan", args=[_month_key(s.ana)])
    return Scene(
        s.ana,
        s.bo,
        lambda: s.post(s.ana, url, {"activity-text": f"Picnic {SECRET}"}),
        withdraw={"leave": s.leave(s.bo)},
    )


def _activity(s: Stage, answer: str | None = None) -> JointActivity:
    from goals import services as goals

    activity = goals.propose_activity(s.ana, months.current_month(s.ana), f"Picnic {SECRET}")
    if answer:
        goals.answer_activity(activity, s.bo, answer)
    return activity


@scenario(Kind.JOINT_ACTIVITY_ACCEPTED)
def _(s: Stage) -> Scene:
    url = reverse("goals:activity_answer", args=[_activity(s).pk])
    return Scene(s.bo, s.ana, lambda: s.post(s.bo, url, {"action": "accept"}))


@scenario(Kind.JOINT_ACTIVITY_DECLINED)
def _(s: Stage) -> Scene:
    url = reverse("goals:activity_answer", args=[_activity(s).pk])
    return Scene(s.bo, s.ana, lambda: s.post(s.bo, url, {"action": "decline"}))


@scenario(Kind.JOINT_ACTIVITY_STEPPED_OUT)
def _(s: Stage) -> Scene:
    url = reverse("goals:activity_answer", args=[_activity(s, "accept").pk])
    return Scene(s.bo, s.ana, lambda: s.post(s.bo, url, {"action": "step_out"}))


@scenario(Kind.APPRECIATION)
def _(s: Stage) -> Scene:
    data = {"text": f"Thank you for the soup last night, it meant a lot {SECRET}"}
    return Scene(
        s.ana,
        s.bo,
        lambda: s.post(s.ana, reverse("goals:appreciation"), data),
        withdraw={"leave": s.leave(s.ana)},
    )


@scenario(Kind.WIN_SHARED)
def _(s: Stage) -> Scene:
    def delete():
        s.post(s.ana, reverse("goals:win_delete", args=[Win.objects.get().pk]))

    return Scene(
        s.ana,
        s.bo,
        lambda: s.post(s.ana, reverse("goals:win"), {"text": f"Ran 5k {SECRET}", "shared": "on"}),
        withdraw={"delete": delete, "leave": s.leave(s.bo)},
    )


@scenario(Kind.REVIEW_SHARED)
def _(s: Stage) -> Scene:
    url = reverse("goals:review", args=[_month_key(s.ana)])
    data = {"went_well": f"walks {SECRET}", "learned": "", "adjust": "", "shared": "on"}

    def unshare():
        s.post(s.ana, url, {**data, "shared": ""})

    return Scene(s.ana, s.bo, lambda: s.post(s.ana, url, data), withdraw={"unshare": unshare})


@scenario(Kind.VISION_EDITED)
def _(s: Stage) -> Scene:
    data = {"based_on": "0", "safety": f"we say not tonight {SECRET}", "predictability": ""}
    return Scene(
        s.ana,
        s.bo,
        lambda: s.post(s.ana, reverse("couples:vision"), {**data, "joy": ""}),
        withdraw={"leave": s.leave(s.bo)},
    )


@scenario(Kind.JOURNAL_SHARED)
def _(s: Stage) -> Scene:
    entry = JournalEntryFactory(owner=s.ana, title=f"Title {SECRET}", body=f"Body {SECRET}")
    url = reverse("wellbeing:entry_share", args=[entry.pk])
    return Scene(
        s.ana,
        s.bo,
        lambda: s.post(s.ana, url, {"share": "yes"}),
        withdraw={"unshare": lambda: s.post(s.ana, url, {"share": "no"})},
    )


@scenario(Kind.JOURNAL_ANSWERED)
def _(s: Stage) -> Scene:
    entry = JournalEntryFactory(owner=s.ana, body=f"Body {SECRET}")
    wellbeing.share_entry(entry)
    url = reverse("wellbeing:entry_acknowledge", args=[entry.pk])
    return Scene(
        s.bo,
        s.ana,
        lambda: s.post(s.bo, url, {"kind": "hear", "note": SECRET}),
        withdraw={"leave": s.leave(s.bo)},
    )


@pytest.fixture
def stage(people, frozen_now) -> Stage:
    return Stage(people, frozen_now)


def _items(kind: str):
    return Notification.objects.filter(kind=kind)


def test_every_kind_has_a_scenario_and_a_group():
    kinds = set(Kind.values)
    assert kinds - OWN_NUDGES - set(SCENARIOS) == set(), "a kind without a catalogue scenario"
    grouped = [kind for _label, members in GROUPS for kind in members]
    assert sorted(grouped) == sorted(set(grouped)), "a kind in two groups"
    assert kinds - {"ritual_reminder", "review_nudge"} <= set(grouped), "a kind without a group"


@pytest.mark.parametrize("kind", sorted(SCENARIOS))
def test_the_event_leaves_one_item_for_the_partner_and_none_for_anyone_else(stage, people, kind):
    scene = SCENARIOS[kind](stage)

    scene.act()

    (item,) = _items(kind)
    assert item.recipient == scene.recipient
    assert item.actor == scene.actor
    for other in (scene.actor, people.cy, people.dee, people.staff):
        assert not Notification.objects.filter(recipient=other, kind=kind).exists()
    assert SECRET not in item.message and SECRET not in item.text
    if scene.words:
        assert scene.words in item.message
    inbox = stage.client(scene.recipient).get(reverse("notifications:inbox"))
    assert inbox.status_code == 200
    assert item.group in inbox.text
    assert SECRET not in inbox.text
    assert scene.actor.display_name in inbox.text


@pytest.mark.parametrize("kind", sorted(SCENARIOS))
def test_a_double_submit_still_leaves_one_item(stage, kind):
    scene = SCENARIOS[kind](stage)

    scene.act()
    scene.act()

    assert _items(kind).count() == 1


# Each consent change a scenario offers, for the kind it must silence at delivery.
WITHDRAWALS = [
    ("checkin_shared", "unshare"),
    ("checkin_shared", "leave"),
    ("checkin_shared", "stop"),
    ("grant", "revoke"),
    ("grant", "private"),
    ("grant", "leave"),
    ("grant_changed", "revoke"),
    ("grant_changed", "private"),
    ("grant_changed", "leave"),
    ("grant_revoked", "leave"),
    ("offer", "revoke"),
    ("offer", "leave"),
    ("joint_ritual_proposed", "withdraw"),
    ("joint_activity_proposed", "leave"),
    ("appreciation", "leave"),
    ("win_shared", "delete"),
    ("win_shared", "leave"),
    ("review_shared", "unshare"),
    ("vision_edited", "leave"),
    ("journal_shared", "unshare"),
    ("acknowledgement", "leave"),
    ("journal_answered", "leave"),
]


@pytest.mark.parametrize(("kind", "change"), WITHDRAWALS)
def test_a_consent_change_before_delivery_stops_the_email(
    stage, settings, mail_server, kind, change
):
    settings.MAILERS = mail_server.mailers()
    mail_server.start()
    scene = SCENARIOS[kind](stage)
    set_email_kinds(scene.recipient, [kind])
    scene.act()
    assert _items(kind).get().email_status == "queued"

    scene.withdraw[change]()
    run_worker()

    assert mail_server.received == []
    assert _items(kind).get().email_status == "skipped"


@pytest.mark.parametrize("kind", sorted(SCENARIOS))
def test_while_consent_holds_the_email_goes_out_once_and_says_nothing_private(
    stage, settings, mail_server, kind
):
    settings.MAILERS = mail_server.mailers()
    mail_server.start()
    scene = SCENARIOS[kind](stage)
    set_email_kinds(scene.recipient, [kind])

    scene.act()
    run_worker()

    (message,) = mail_server.received
    body = message.get_payload(decode=True).decode()
    assert scene.actor.display_name in body
    assert SECRET not in body


def test_after_a_revocation_the_welcome_no_longer_reads_as_live(stage):
    ana, bo = stage.ana, stage.bo
    walk = stage.walk()
    stage.post(ana, reverse("support:grant_create"), {"kind": "remind", "ritual": walk.pk})
    grant = SupportGrant.objects.get()

    stage.post(ana, reverse("support:grant_revoke", args=[grant.pk]))

    welcome = Notification.objects.get(recipient=bo, kind="grant")
    assert "welcomes you" not in welcome.message
    assert welcome.message == (
        "Ana had welcomed you to remind them, for “Evening walk”. That permission has ended."
    )
    assert welcome.read_at is not None
    revoked = Notification.objects.get(recipient=bo, kind="grant_revoked")
    assert "why" not in revoked.message.lower() and "reason" not in revoked.message.lower()
    inbox = stage.client(bo).get(reverse("notifications:inbox")).text
    assert "Ana welcomes you" not in inbox


def test_an_expired_permission_is_told_once_even_when_two_workers_look(stage):
    stage.grant(kind="reflect", expires_at=NOW + timedelta(hours=1))
    stage.frozen_now(NOW + timedelta(hours=2))

    assert support.notice_expired_grants() == 1
    assert support.notice_expired_grants() == 0

    (item,) = _items("grant_expired")
    assert item.recipient == stage.bo
    assert "reached the end date" in item.message
    welcome = Notification.objects.get(kind="grant")
    assert welcome.read_at is not None and "welcomes you" not in welcome.message


def test_a_permission_that_ended_with_the_couple_is_not_told_as_expired(stage, people):
    stage.grant(kind="reflect", expires_at=NOW + timedelta(hours=1))
    stage.leave(people.bo)()
    stage.frozen_now(NOW + timedelta(hours=2))

    assert support.notice_expired_grants() == 0


def test_a_withdrawn_proposal_stops_asking_for_an_answer(stage):
    scene = SCENARIOS[Kind.JOINT_RITUAL_PROPOSED](stage)
    scene.act()

    scene.withdraw["withdraw"]()

    item = _items("joint_ritual_proposed").get()
    assert "taken the proposal back" in item.message
    assert item.read_at is not None


def test_the_check_in_news_comes_only_to_a_partner_who_asked(stage):
    data = {"pleasantness": "4", "feeling_energy": "2", "share_feeling": "on"}
    stage.post(stage.bo, reverse("checkins:evening"), data)
    assert not _items("checkin_shared").exists()

    stage.post(
        stage.ana, reverse("notifications:opt_in"), {"kind": "checkin_shared", "wanted": "no"}
    )
    assert not _items("checkin_shared").exists()


def test_a_check_in_shared_with_no_one_tells_no_one(stage):
    stage.post(
        stage.ana, reverse("notifications:opt_in"), {"kind": "checkin_shared", "wanted": "yes"}
    )

    stage.post(stage.bo, reverse("checkins:evening"), {"pleasantness": "4", "feeling_energy": "2"})

    assert not _items("checkin_shared").exists()


def test_asking_for_an_unknown_kind_changes_nothing(stage):
    response = stage.client(stage.ana).post(
        reverse("notifications:opt_in"), {"kind": "appreciation", "wanted": "yes"}
    )

    assert response.status_code == 400
    assert "I couldn&#x27;t tell what you&#x27;d like, so nothing changed." in response.text
    assert not stage.ana.notification_opt_ins.exists()


def test_a_joint_activity_is_answered_once_and_only_by_the_other(stage):
    activity = _activity(stage)
    url = reverse("goals:activity_answer", args=[activity.pk])

    stage.client(stage.ana).post(url, {"action": "accept"})  # her own proposal
    activity.refresh_from_db()
    assert activity.answer == "proposed"
    assert not _items("joint_activity_accepted").exists()

    stage.post(stage.bo, url, {"action": "decline"})
    stage.post(stage.bo, url, {"action": "accept"})  # already answered
    activity.refresh_from_db()
    assert activity.answer == "declined"
    assert not _items("joint_activity_accepted").exists()


def test_the_inbox_shows_every_kind_for_one_person(stage, people):
    ana = people.ana
    for kind in sorted(SCENARIOS):
        Notification.objects.create(
            recipient=ana, kind=kind, text="{actor} did something.", actor=people.bo
        )

    response = stage.client(ana).get(reverse("notifications:inbox"))

    assert response.status_code == 200
    assert response.text.count("Bo did something.") == len(SCENARIOS)
    for label, kinds in GROUPS:
        if set(kinds) & set(SCENARIOS):
            assert label in response.text


@pytest.mark.parametrize(
    ("pronouns", "wording"),
    [
        ("she/her", "remind her"),
        ("he/him", "remind him"),
        ("they/them", "remind them"),
        ("", "remind them"),
        ("He/They", "remind him"),
        ("fae/faer", "remind faer"),
        ("ze/zir", "remind zir"),
    ],
)
def test_the_wording_names_each_person_by_their_own_pronouns(stage, pronouns, wording):
    stage.ana.pronouns = pronouns
    stage.ana.save(update_fields=["pronouns"])

    stage.post(stage.ana, reverse("support:grant_create"), {"kind": "remind"})

    assert _items("grant").get().message == f"Ana welcomes you to {wording}, in general."


def test_a_change_of_kind_or_ritual_is_saved_and_told(stage):
    walk, pages = stage.walk(), RitualFactory(owner=stage.ana, title="Pages", visibility="exists")
    grant = stage.grant(ritual=walk)
    url = reverse("support:grant_edit", args=[grant.pk])

    stage.post(stage.ana, url, {"kind": "accompany", "ritual": pages.pk})

    grant.refresh_from_db()
    assert (grant.kind, grant.ritual) == ("accompany", pages)
    assert _items("grant_changed").get().message == (
        "Ana changed your welcome to remind them. It welcomes you to accompany them now. "
        "It is for “Pages” now."
    )


def test_a_change_of_limits_says_what_changed(stage):
    grant = stage.grant(kind="reflect")
    url = reverse("support:grant_edit", args=[grant.pk])

    stage.post(
        stage.ana,
        url,
        {"kind": "reflect", "weekly_cap": "3", "quiet_from": "22:00", "quiet_until": "07:00"},
    )

    assert _items("grant_changed").get().message == (
        "Ana changed your welcome to reflect with them, in general. At most 3 a week. "
        "Quiet hours 22:00–07:00 on Ana's clock."
    )
