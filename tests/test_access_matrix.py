"""Every URL of the project, requested by everyone the privacy rule distinguishes.

The URL list comes from the resolver, so a new URL without an entry in ROUTES fails
`test_every_url_has_an_entry`. Each entry says how to build the URL from realistic data
and who may reach its object; everyone else must get 404 (anonymous visitors: the login
page), and no response to anyone but Ana may contain one of her private markers.
"""

from __future__ import annotations

import io
import os
import runpy
import zipfile
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

import config.settings
from accounts import invites
from accounts.localtime import current_evening
from accounts.models import SessionRecord
from checkins import services as checkins_services
from checkins.models import CheckIn
from core.models import WorkerHeartbeat
from couples import privacy
from couples import services as couples
from couples.models import Boundary, Invitation
from goals import months
from goals import services as goals
from goals.models import MonthlyReview, Win
from goals.months import current_month
from notifications.models import Channel, Notification, PushSubscription
from rituals import calendar
from rituals import services as rituals
from rituals.models import JointRitual, PracticeLog, Ritual
from support import services as support
from support.models import SupportGrant
from tests.factories import CheckInFactory, RitualFactory, UserFactory, make_couple
from tests.moving.world import imports_of
from wellbeing import services as wellbeing_services
from wellbeing.models import Contact, JournalEntry
from words.models import OwnWord

pytestmark = pytest.mark.django_db

# Ana's private words: no one but Ana may ever receive them.
MARKERS = [
    "MARK-ritual-title",
    "MARK-intention",
    "MARK-log-note",
    "MARK-reflection",
    "MARK-checkin-note",
    "MARK-grant-ritual",
    "MARK-objective",
    "MARK-review",
    "MARK-win",
    "MARK-progress",
    "MARK-journal",
    "MARK-contact",
    "MARK-unshared-title",
    "MARK-joint-copy",
    "MARK-device",
    "MARK-channel",
    "MARK-daylio-mood",
    "MARK-daylio-activity",
    "MARK-daylio-note",
    "MARK-own-word",
]
ROLES = ["anonymous", "dee", "staff", "cy", "bo", "ana"]
SIGNED_IN = {"ana", "bo", "cy", "dee", "staff"}
# Namespaces tested by their own suites; listed so the exemption is explicit.
EXEMPT_NAMESPACES = {"admin": "tests/core/test_admin.py requests every admin page as staff"}


@dataclass
class Route:
    """How to request one URL. `kwargs` maps a URL argument to a key of the world."""

    kwargs: dict[str, str] = field(default_factory=dict)
    post_only: bool = False
    public: bool = False  # reachable without logging in
    # For a URL naming an object: the roles that may reach it; every other role gets 404.
    allowed: set[str] | None = None


OWN = {"ana"}
ROUTES: dict[str, Route] = {
    "home": Route(public=True),
    "health": Route(public=True),
    # Installable Duet: the same for everyone, nothing about the person asking.
    "pwa:manifest": Route(public=True),
    "pwa:service_worker": Route(public=True),
    "pwa:offline": Route(public=True),
    "admin_login": Route(public=True),
    # The host's counts and health: staff only, a 404 for everyone else.
    "admin_dashboard": Route(allowed={"staff"}),
    "accounts:signup": Route(public=True),
    "accounts:signup_sent": Route(public=True),
    # The host's one-time sign-up link: the same form for everyone not signed in.
    "accounts:signup_invite": Route({"token": "signup_invite"}, public=True),
    # Ana's reset token is no sign-up link: a kind 404 page for everyone.
    "accounts:signup_confirm": Route(
        {"uidb64": "uid", "token": "reset"}, public=True, allowed=set()
    ),
    "accounts:login": Route(public=True),
    "accounts:login_code": Route(public=True),
    # Single sign-on is off unless a host configures it: 404 for everyone, no trace of it.
    "accounts:oidc_login": Route(public=True, allowed=set()),
    "accounts:oidc_callback": Route(public=True, allowed=set()),
    # "Confirm it's you" at the provider: only for an account linked there, so 404 for
    # everyone (anonymous visitors included) while single sign-on is off.
    "accounts:oidc_confirm": Route(public=True, allowed=set()),
    "accounts:logout": Route(public=True, post_only=True),
    "accounts:profile": Route(),
    "accounts:sessions": Route(),
    "accounts:session_end": Route({"record_id": "session"}, post_only=True, allowed=OWN),
    "accounts:session_end_others": Route(post_only=True),
    "accounts:two_factor": Route(),
    "accounts:two_factor_disable": Route(post_only=True),
    "accounts:recovery_codes_new": Route(post_only=True),
    "accounts:password_change": Route(),
    "accounts:password_change_done": Route(),
    "accounts:password_reset": Route(public=True),
    "accounts:password_reset_done": Route(public=True),
    "accounts:password_reset_confirm": Route({"uidb64": "uid", "token": "reset"}, public=True),
    "accounts:password_reset_complete": Route(public=True),
    "couples:home": Route(),
    "couples:create": Route(post_only=True),
    "couples:invite": Route(post_only=True),
    "couples:revoke_invite": Route(
        {"invitation_id": "invitation"}, post_only=True, allowed={"ana", "bo"}
    ),
    "couples:join": Route({"token": "join_token"}, public=True),
    "couples:leave": Route(),
    "rituals:today": Route(),
    "rituals:list": Route(),
    "rituals:create": Route(),
    "rituals:detail": Route({"ritual_id": "ritual"}, allowed=OWN),
    "rituals:edit": Route({"ritual_id": "ritual"}, allowed=OWN),
    "rituals:log": Route({"ritual_id": "ritual"}, post_only=True, allowed=OWN),
    "rituals:pause": Route({"ritual_id": "ritual"}, allowed=OWN),
    "rituals:resume": Route({"ritual_id": "ritual"}, post_only=True, allowed=OWN),
    "rituals:retire": Route({"ritual_id": "ritual"}, post_only=True, allowed=OWN),
    "rituals:restore": Route({"ritual_id": "ritual"}, post_only=True, allowed=OWN),
    "rituals:reflect": Route({"ritual_id": "ritual"}, allowed=OWN),
    "rituals:step_out": Route({"ritual_id": "ritual"}, post_only=True, allowed=OWN),
    "rituals:propose_joint": Route(),
    "rituals:respond_joint": Route({"joint_id": "joint"}, post_only=True, allowed={"ana", "bo"}),
    "checkins:evening": Route(),
    "checkins:edit": Route({"evening": "evening"}),
    "checkins:history": Route(),
    "checkins:partner": Route(),
    "checkins:acknowledge": Route({"checkin_id": "checkin"}, post_only=True, allowed={"bo"}),
    "checkins:patterns": Route(),
    "checkins:sharing": Route(),
    "checkins:support": Route(),
    "checkins:change_sharing": Route({"checkin_id": "checkin"}, post_only=True, allowed=OWN),
    "goals:current": Route(),
    "goals:month": Route({"month_key": "month"}),
    "goals:plan": Route({"month_key": "month"}),
    "goals:review": Route({"month_key": "month"}),
    "goals:our_month": Route({"month_key": "month"}),
    "goals:objective_progress": Route(
        {"month_key": "month", "item_id": "objective"}, post_only=True, allowed=OWN
    ),
    "goals:activity_progress": Route(
        {"month_key": "month", "item_id": "activity"}, post_only=True, allowed={"ana", "bo"}
    ),
    "goals:toggle_done": Route({"activity_id": "activity"}, post_only=True, allowed={"ana", "bo"}),
    "goals:activity_answer": Route(
        {"activity_id": "activity"}, post_only=True, allowed={"ana", "bo"}
    ),
    "goals:appreciation": Route(),
    "goals:win": Route(),
    "goals:win_delete": Route({"win_id": "win"}, post_only=True, allowed=OWN),
    "goals:review_nudge": Route(post_only=True),
    "couples:vision": Route(),
    "couples:vision_history": Route(),
    "rituals:calendar": Route(),
    "rituals:calendar_issue": Route(post_only=True),
    "rituals:calendar_revoke": Route(post_only=True),
    # A revoked feed address: 404 for everyone, the owner included.
    "rituals:calendar_feed": Route({"token": "revoked_feed"}, public=True, allowed=set()),
    # Logged out, the badge answers 286 so HTMX stops polling; it shows nothing.
    "notifications:badge": Route(public=True),
    "notifications:email_preferences": Route(),
    "notifications:preferences": Route(),
    "notifications:email_redirect": Route(),
    "notifications:devices": Route(),
    "notifications:device_rename": Route(
        {"subscription_id": "device"}, post_only=True, allowed=OWN
    ),
    "notifications:device_test": Route({"subscription_id": "device"}, post_only=True, allowed=OWN),
    "notifications:device_remove": Route(
        {"subscription_id": "device"}, post_only=True, allowed=OWN
    ),
    "notifications:channels": Route(),
    "notifications:channel_test": Route({"channel_id": "channel"}, post_only=True, allowed=OWN),
    "notifications:channel_remove": Route({"channel_id": "channel"}, post_only=True, allowed=OWN),
    "wellbeing:home": Route(),
    "wellbeing:resources": Route(public=True),
    "wellbeing:network": Route(),
    "wellbeing:contact_edit": Route({"contact_id": "contact"}, allowed=OWN),
    "wellbeing:contact_delete": Route({"contact_id": "contact"}, post_only=True, allowed=OWN),
    "wellbeing:journal": Route(),
    "wellbeing:entry_create": Route(),
    "wellbeing:entry_edit": Route({"entry_id": "entry"}, allowed=OWN),
    "wellbeing:entry_delete": Route({"entry_id": "entry"}, post_only=True, allowed=OWN),
    "wellbeing:entry_share": Route({"entry_id": "entry"}, post_only=True, allowed=OWN),
    "wellbeing:entry_acknowledge": Route(
        {"entry_id": "shared_entry"}, post_only=True, allowed={"bo"}
    ),
    "wellbeing:revisit": Route(),
    "wellbeing:who5": Route(),
    "support:home": Route(),
    "support:grant_create": Route(),
    "support:grant_edit": Route({"grant_id": "grant"}, allowed=OWN),
    "support:grant_revoke": Route({"grant_id": "grant"}, post_only=True, allowed=OWN),
    "support:history": Route(),
    "support:boundary_add": Route(post_only=True),
    "support:boundary_delete": Route({"boundary_id": "boundary"}, post_only=True, allowed=OWN),
    "support:offer_create": Route(),
    "support:offer_answer": Route({"offer_id": "offer"}, post_only=True, allowed=OWN),
    "support:reminder_create": Route(),
    "support:reminder_cancel": Route({"reminder_id": "reminder"}, post_only=True, allowed={"bo"}),
    "support:reminder_snooze": Route({"reminder_id": "delivered"}, post_only=True, allowed=OWN),
    "support:reminder_stop": Route({"reminder_id": "delivered"}, post_only=True, allowed=OWN),
    "support:request_create": Route(),
    "support:request_answer": Route({"request_id": "request"}, post_only=True, allowed={"bo"}),
    "support:request_withdraw": Route({"request_id": "request"}, post_only=True, allowed=OWN),
    "support:coach": Route(post_only=True),
    "notifications:inbox": Route(),
    "notifications:mark_read": Route(
        {"notification_id": "notification"}, post_only=True, allowed=OWN
    ),
    "notifications:mark_all_read": Route(post_only=True),
    "notifications:opt_in": Route(post_only=True),
    "datarights:my_data": Route(),
    "datarights:export": Route(post_only=True),
    "datarights:delete": Route(post_only=True),
    # Bringing data in: each import (its file, choices and summary) is its owner's alone.
    "moving:home": Route(),
    "moving:duet_upload": Route(post_only=True),
    "moving:daylio_upload": Route(post_only=True),
    "moving:run": Route({"run_id": "import_run"}, allowed=OWN),
    "moving:daylio_map": Route({"run_id": "daylio_run"}, allowed=OWN),
    "moving:discard": Route({"run_id": "daylio_run"}, post_only=True, allowed=OWN),
    # My words: each person's own lists; a word of Ana's is hers alone to change (404 for
    # everyone else: the partner, a former partner and strangers act on their own lists).
    "words:home": Route(),
    "words:add": Route({"kind": "word_kind"}, post_only=True),
    "words:rename": Route({"kind": "word_kind", "key": "own_word"}, post_only=True, allowed=OWN),
    "words:hide": Route({"kind": "word_kind", "key": "own_word"}, post_only=True, allowed=OWN),
    "words:show": Route({"kind": "word_kind", "key": "own_word"}, post_only=True, allowed=OWN),
    "words:move": Route({"kind": "word_kind", "key": "own_word"}, post_only=True, allowed=OWN),
}


def url_names(resolver=None, namespace: str = "") -> list[str]:
    names = []
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            if inner in EXEMPT_NAMESPACES:
                continue
            prefix = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            names += url_names(pattern, prefix)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"Every URL needs a name to be covered: {pattern.pattern}"
            names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def test_every_url_has_an_entry():
    names = url_names()
    missing = sorted(set(names) - set(ROUTES))
    assert not missing, f"Add these URLs to ROUTES in tests/test_access_matrix.py: {missing}"
    assert not set(ROUTES) - set(names), "ROUTES lists URLs that no longer exist"


@pytest.fixture
def world(people, settings):
    """Ana's life with Bo, in realistic records, each carrying a private marker."""
    settings.LOGIN_FAILURES_PER_ADDRESS = 10_000
    ana, bo = people.ana, people.bo
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker_id="w", host="h", pid=1)  # /health/ answers 200
    ritual = RitualFactory(owner=ana, title="MARK-ritual-title", intention="MARK-intention")
    PracticeLog.objects.create(
        ritual=ritual, day=timezone.localdate(), outcome="adapted", note="MARK-log-note"
    )
    rituals.reflect(ritual, "energy", "keep", "MARK-reflection")
    walk = RitualFactory(owner=ana, visibility="exists", title="Evening walk")
    shared_checkin = CheckInFactory(
        owner=ana, note="MARK-checkin-note", share_feeling=True, share_note=False
    )
    remind = support.grant_support(SupportGrant(kind="remind", ritual=walk), owner=ana)
    accompany = support.grant_support(SupportGrant(kind="accompany"), owner=ana)
    # Granted while shared, then made private and renamed: the new title must not reach Bo.
    once_shared = RitualFactory(owner=ana, visibility="exists", title="Stretching")
    support.grant_support(SupportGrant(kind="reflect", ritual=once_shared), owner=ana)
    once_shared.visibility = "private"
    once_shared.title = "MARK-grant-ritual"
    once_shared.save()
    # Granted while shared, then made private as it was: Bo's inbox must not keep its title.
    unshared = RitualFactory(owner=ana, visibility="exists", title="MARK-unshared-title")
    support.grant_support(SupportGrant(kind="accompany", ritual=unshared), owner=ana)
    unshared.visibility = "private"
    unshared.save()
    reminder = support.schedule_reminder(remind, bo, walk, "see you", now + timedelta(hours=3))
    delivered = support.schedule_reminder(remind, bo, walk, "now?", now + timedelta(minutes=1))
    support.deliver_due_reminders(now=now + timedelta(minutes=2))
    # A joint ritual both accepted: Ana's copy, worded her way, is hers alone.
    together = rituals.propose_joint_ritual(
        JointRitual(title="Morning stretch", schedule_kind="daily", anchor="morning"), ana
    )
    rituals.respond_to_joint_ritual(together, bo, accept=True)
    Ritual.objects.filter(owner=ana, joint=together).update(title="MARK-joint-copy")
    joint = rituals.propose_joint_ritual(
        JointRitual(title="Sunday tea", schedule_kind="daily", anchor="morning"), ana
    )
    fay = UserFactory(display_name="Fay")
    _invitation, join_token = couples.create_invitation(couples.start_couple(fay), by=fay)
    yesterday = CheckInFactory(owner=ana, evening=current_evening(ana) - timedelta(days=1))
    month = current_month(ana)
    objective = goals.set_objective(ana, month, "MARK-objective", shared=False)
    goals.add_progress(ana, "MARK-progress", objective=objective)
    MonthlyReview.objects.create(owner=ana, month=month, went_well="MARK-review")
    win = Win.objects.create(owner=ana, month=month, text="MARK-win")
    activity = goals.propose_activity(ana, month, "Sunday walk together")
    contact = Contact.objects.create(owner=ana, name="MARK-contact", goes_for="MARK-contact")
    entry = JournalEntry.objects.create(
        owner=ana, written_on=timezone.localdate(), title="MARK-journal", body="MARK-journal"
    )
    shared_entry = JournalEntry.objects.create(
        owner=ana,
        written_on=timezone.localdate(),
        title="Brought to revisit",
        body="shown to Bo",
        shared_at=now,
    )
    OwnWord.objects.create(owner=ana, kind="feeling", key="own_a1a1a1", label="MARK-own-word")
    revoked_feed = calendar.issue_feed(ana)
    calendar.revoke_feed(ana)
    # Ana's browser and ntfy channel (on addresses the host's rule refuses: no network).
    device = PushSubscription.objects.create(
        owner=ana,
        name="MARK-device",
        endpoint="https://localhost/push/MARK-device",
        p256dh="BMARK-device",
        auth="MARK-device",
    )
    channel = Channel.objects.create(
        owner=ana, name="MARK-channel", url="json://localhost/MARK-channel"
    )
    ana_session = Client()
    ana_session.force_login(ana)
    return {
        "month": f"{month:%Y-%m}",
        "objective": objective.pk,
        "activity": activity.pk,
        "win": win.pk,
        "contact": contact.pk,
        "entry": entry.pk,
        "shared_entry": shared_entry.pk,
        "revoked_feed": revoked_feed,
        "ritual": ritual.pk,
        "joint": joint.pk,
        "checkin": shared_checkin.pk,
        "evening": yesterday.evening.isoformat(),
        "grant": remind.pk,
        "offer": support.make_offer(accompany, bo, "tonight?").pk,
        "reminder": reminder.pk,
        "delivered": delivered.pk,
        "request": support.ask_for_support(ana, "practical", "a hug").pk,
        "boundary": Boundary.objects.create(owner=ana, kind="welcome", text="walks").pk,
        "device": device.pk,
        "word_kind": "feeling",
        "own_word": "own_a1a1a1",
        "channel": channel.pk,
        "notification": Notification.objects.filter(recipient=ana).first().pk,
        "invitation": Invitation.objects.filter(created_by=ana).latest("pk").pk,
        "join_token": join_token,
        "signup_invite": invites.create_invitation()[1],
        "session": SessionRecord.objects.filter(user=ana).latest("pk").pk,
        "uid": urlsafe_base64_encode(force_bytes(ana.pk)),
        "reset": default_token_generator.make_token(ana),
        **imports_of(ana),
    }


def client_for(role: str, people) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(getattr(people, role))
    return client


def production_settings(tmp_path) -> dict:
    """The security settings config/settings.py chooses with DUET_PRODUCTION=true."""
    environment = {
        "DUET_PRODUCTION": "true",
        "SECRET_KEY": "production-run-" + "x" * 50,
        "ALLOWED_HOSTS": "testserver",
        "DATA_DIR": str(tmp_path),
    }
    with mock.patch.dict(os.environ, environment):
        module = runpy.run_path(str(Path(config.settings.__file__)))
    prefixes = ("SECURE_", "SESSION_COOKIE_", "CSRF_COOKIE_")
    chosen = {key: value for key, value in module.items() if key.startswith(prefixes)}
    assert chosen["SECURE_HSTS_SECONDS"] and chosen["SESSION_COOKIE_SECURE"]
    return {**chosen, "DEBUG": module["DEBUG"]}


@pytest.fixture(params=["embedded", "production"])
def mode(request, settings, tmp_path) -> str:
    """The whole matrix runs with the embedded default's settings and with production's."""
    if request.param == "production":
        for key, value in production_settings(tmp_path).items():
            setattr(settings, key, value)
    return request.param


def assert_production_protections(response, where: str) -> None:
    assert response["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    ), where
    for cookie in response.cookies.values():
        if cookie.value:  # a deleted cookie (logging out) needs no flags
            assert cookie["secure"], f"{where}: cookie {cookie.key} is not Secure"
            assert cookie["httponly"] and cookie["samesite"] == "Lax", f"{where}: {cookie.key}"


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_access_matrix(name, mode, world, people):
    route = ROUTES[name]
    url = reverse(name, kwargs={arg: world[key] for arg, key in route.kwargs.items()})
    method = "post" if route.post_only else "get"
    login_url = reverse("accounts:login")
    production = mode == "production"
    if production and name != "health":  # load balancers probe /health/ over plain HTTP
        # Plain HTTP is sent to HTTPS before anything else happens.
        insecure = getattr(client_for("ana", people), method)(url)
        assert insecure.status_code == 301, url
        assert insecure["Location"] == f"https://testserver{url}", url
    # The owner last: what others do first (leaving, revoking) must not hide a leak from them.
    for role in ROLES:
        response = getattr(client_for(role, people), method)(url, secure=production)
        where = f"{method.upper()} {url} as {role} ({mode})"
        assert response.status_code < 500, where
        if production:
            assert_production_protections(response, where)
        if role in SIGNED_IN:
            # Nothing a signed-in person is shown may be kept by a browser or a proxy.
            assert response["Cache-Control"] == "private, no-store", where
        body = response.content.decode(errors="replace")
        if role != "ana":
            leaked = [marker for marker in MARKERS if marker in body]
            assert not leaked, f"{where} leaked {leaked}"
        if role == "anonymous":
            if not route.public:
                assert response.status_code == 302, where
                assert response["Location"].startswith(login_url), where
            if production and response.status_code == 302:
                assert response["Location"].startswith(("/", "https://")), where
            continue
        if route.allowed is not None:
            if role in route.allowed:
                assert response.status_code != 404, where
            else:
                assert response.status_code == 404, where


@pytest.mark.parametrize("name", sorted(name for name, r in ROUTES.items() if not r.post_only))
def test_get_pages_show_ana_her_own_words(name, world, people):
    """The owner's pages work (no 404 for her objects), so the matrix is not vacuous."""
    route = ROUTES[name]
    if route.public or (route.allowed is not None and "ana" not in route.allowed):
        return
    url = reverse(name, kwargs={arg: world[key] for arg, key in route.kwargs.items()})
    response = client_for("ana", people).get(url)
    assert response.status_code in {200, 302}, url


def test_the_owner_sees_her_markers_where_they_belong(world, people):
    client = client_for("ana", people)
    detail = client.get(reverse("rituals:detail", args=[world["ritual"]])).content.decode()
    assert "MARK-ritual-title" in detail and "MARK-intention" in detail
    checkin = CheckIn.objects.get(pk=world["checkin"])
    history = client.get(reverse("checkins:history")).content.decode()
    assert checkin.note in history


# A couple that has ended: Quorra and Zebedee addressed each other everything Duet lets
# partners address (answers, offers, requests, grants, reminders, appreciations, inbox
# items), each carrying a marker naming its author. Once they part, neither may see the
# other's name or words anywhere; each keeps their own.
FORMER = {"quorra": "Quorra", "zeb": "Zebedee"}


def _address(author, recipient, tag: str, month, previous) -> None:
    """Everything `author` can write or address to `recipient` while they are a couple."""
    now = timezone.now()
    evening = current_evening(recipient)
    for day in (evening, previous + timedelta(days=9)):
        checkin = CheckInFactory(
            owner=recipient, evening=day, share_feeling=True, share_note=True, note="own note"
        )
        checkins_services.acknowledge(checkin, author, "here", f"{tag}-ack-note")
    entry = JournalEntry.objects.create(
        owner=recipient, written_on=timezone.localdate(), title="mine", body="mine", shared_at=now
    )
    wellbeing_services.acknowledge_entry(entry, author, "hear", f"{tag}-journal-answer")
    shared = RitualFactory(owner=recipient, visibility="exists", title="Walk")
    remind = support.grant_support(SupportGrant(kind="remind", ritual=shared), owner=recipient)
    accompany = support.grant_support(SupportGrant(kind="accompany"), owner=recipient)
    support.make_offer(accompany, author, f"{tag}-offer")
    support.schedule_reminder(remind, author, shared, f"{tag}-reminder", now + timedelta(minutes=1))
    support.deliver_due_reminders(now=now + timedelta(minutes=2))
    support.grant_support(SupportGrant(kind="reflect"), owner=author)
    support.ask_for_support(author, "practical", f"{tag}-request")
    asked = support.ask_for_support(recipient, "practical", "my own request")
    support.answer_request(asked, author, yes=True, answer=f"{tag}-request-answer")
    for when in (month, previous):
        goals.appreciate(author, when, f"{tag}-appreciation")
        goals.set_objective(author, when, f"{tag}-objective", shared=True)
        Win.objects.create(owner=author, month=when, text=f"{tag}-win", shared=True)
    RitualFactory(owner=author, visibility="practice", title=f"{tag}-ritual")
    # An accepted joint ritual's copy is the acceptor's own ritual, worded as proposed.
    joint = rituals.propose_joint_ritual(
        JointRitual(title="Tea together", schedule_kind="daily", anchor="morning"), author
    )
    rituals.respond_to_joint_ritual(joint, recipient, accept=True)
    # The couple's own writing: the month's activities, its note and the shared vision.
    activity = goals.propose_activity(author, previous, f"{tag}-activity")
    goals.add_progress(author, f"{tag}-activity-progress", activity=activity)
    plan = goals.plan_for(privacy.current_couple(author), previous)
    goals.save_our_month(plan, author, f"{tag}-our-month", based_on=plan.version)
    couple = privacy.current_couple(author)
    latest = couple.vision_versions.latest_first().first()
    couples.save_vision(
        couple, author, latest.number if latest else 0, {"safety": f"{tag}-vision", "joy": ""}
    )


@pytest.fixture
def former_world(settings):
    quorra = UserFactory(display_name=FORMER["quorra"])
    zeb = UserFactory(display_name=FORMER["zeb"])
    make_couple(quorra, zeb)
    month = current_month(quorra)
    previous = months.shift(month, -1)
    _address(zeb, quorra, "FROM-ZEB", month, previous)
    _address(quorra, zeb, "FROM-QUORRA", month, previous)
    couples.leave_couple(zeb)
    # Quorra pairs again (her pages then have a partner's sections); Zebedee stays on his own.
    make_couple(quorra, UserFactory(display_name="Nell"))
    return {"quorra": quorra, "zeb": zeb, "months": [month, previous]}


def _former_partner_pages(person, months_seen) -> list[tuple[str, str]]:
    """Every page a person can open without naming an object, and the month pages."""
    pages = [
        ("get", reverse(name))
        for name, route in ROUTES.items()
        if not route.kwargs and not route.post_only and not route.public
    ]
    for month in months_seen:
        for name in ("goals:month", "goals:plan", "goals:review", "goals:our_month"):
            pages.append(("get", reverse(name, args=[f"{month:%Y-%m}"])))
    for checkin in CheckIn.objects.owned_by(person):
        pages.append(("get", reverse("checkins:edit", args=[checkin.evening.isoformat()])))
    for ritual in Ritual.objects.owned_by(person):
        for name in ("rituals:detail", "rituals:edit", "rituals:reflect", "rituals:pause"):
            pages.append(("get", reverse(name, args=[ritual.pk])))
    for entry in JournalEntry.objects.owned_by(person):
        pages.append(("get", reverse("wellbeing:entry_edit", args=[entry.pk])))
    pages.append(("post", reverse("datarights:export")))
    return pages


def _everything_in(response) -> str:
    if response.get("Content-Type") == "application/zip":
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        return "\n".join(archive.read(name).decode() for name in archive.namelist())
    return response.content.decode(errors="replace")


@pytest.mark.parametrize(("viewer", "other"), [("quorra", "zeb"), ("zeb", "quorra")])
def test_a_former_partner_sees_nothing_the_other_wrote_or_addressed_to_them(
    viewer, other, former_world
):
    person = former_world[viewer]
    client = Client()
    client.force_login(person)
    theirs = f"FROM-{other.upper()}"
    crawled, leaks, own = 0, [], set()
    for method, url in _former_partner_pages(person, former_world["months"]):
        response = getattr(client, method)(url)
        where = f"{method.upper()} {url} as {viewer}"
        assert response.status_code < 500, where
        if response.status_code != 200:
            continue
        crawled += 1
        body = _everything_in(response)
        leaks += [f"{where}: {found}" for found in (theirs, FORMER[other]) if found in body]
        if url.startswith("/month/"):
            own.update(
                mine for mine in ("objective", "win") if f"FROM-{viewer.upper()}-{mine}" in body
            )
    assert not leaks, "The former partner's words or name are shown:\n" + "\n".join(leaks)
    assert crawled > 30
    # What each wrote for themselves stays on their own month pages, past months included.
    assert own == {"objective", "win"}


def test_what_each_wrote_stays_in_their_own_export(former_world):
    client = Client()
    client.force_login(former_world["zeb"])
    exported = _everything_in(client.post(reverse("datarights:export")))
    for written in ["ack-note", "journal-answer", "offer", "reminder", "request", "appreciation"]:
        assert f"FROM-ZEB-{written}" in exported
