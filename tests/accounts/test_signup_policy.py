"""Who may sign up: open, invite-only and closed, through the client as a person would."""

import io
import os
import re
import runpy
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth import get_user
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.urls import reverse

import config.settings
from accounts import invites
from accounts.models import SignupInvitation, SignupSettings, User
from config.redact import redact
from couples import privacy
from couples import services as couples
from couples.models import Invitation
from tests.accounts.test_views import SIGNUP, confirmation_link, signup_data
from tests.conftest import NOW
from tests.factories import UserFactory
from tests.html import without_tokens

pytestmark = pytest.mark.django_db

CLOSED_WORDS = "isn't taking new people"
INVITE_WORDS = "welcomes new people by invitation"


@pytest.fixture
def policy(settings):
    """Set the server's DUET_SIGNUP for the test."""

    def choose(value: str) -> None:
        settings.SIGNUP_POLICY = value

    return choose


def host_invitation(**kwargs) -> tuple[SignupInvitation, str]:
    invitation, token = invites.create_invitation(**kwargs)
    return invitation, reverse("accounts:signup_invite", args=[token])


def partner_link() -> tuple[User, str]:
    fay = UserFactory(display_name="Fay", pronouns="she/her")
    _invitation, token = couples.create_invitation(couples.start_couple(fay), by=fay)
    return fay, reverse("couples:join", args=[token])


# The setting itself


def settings_with(tmp_path, **environment) -> dict:
    with mock.patch.dict(os.environ, {"DATA_DIR": str(tmp_path), **environment}):
        return runpy.run_path(str(Path(config.settings.__file__)))


def test_signup_is_open_unless_the_host_says_otherwise(tmp_path):
    assert settings_with(tmp_path)["SIGNUP_POLICY"] == "open"
    assert settings_with(tmp_path, DUET_SIGNUP="Invite")["SIGNUP_POLICY"] == "invite"
    assert settings_with(tmp_path, DUET_SIGNUP="closed")["SIGNUP_POLICY"] == "closed"


def test_an_unknown_signup_policy_stops_the_start(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="DUET_SIGNUP='invites'"):
        settings_with(tmp_path, DUET_SIGNUP="invites")


def test_the_admins_choice_wins_over_the_environment(client, policy):
    policy("open")
    SignupSettings.objects.update_or_create(pk=1, defaults={"policy": "closed"})
    assert CLOSED_WORDS in client.get(SIGNUP).text

    SignupSettings.objects.filter(pk=1).update(policy="")
    assert "Create your Duet account" in client.get(SIGNUP).text


# Closed


def test_closed_signup_explains_kindly_and_saves_nothing(client, policy, mailoutbox):
    policy("closed")
    UserFactory(email="ana@example.org")
    before = list(User.objects.values_list("pk", "email", "password"))

    page = client.get(SIGNUP)
    assert page.status_code == 200
    assert CLOSED_WORDS in page.text and "would you ask them?" in page.text
    assert "<form" not in page.text.split("<main", 1)[-1].split("</main>")[0]

    registered = client.post(SIGNUP, signup_data(email="ana@example.org"))
    unknown = client.post(SIGNUP, signup_data(email="new@example.org"))

    assert registered.status_code == unknown.status_code == 403
    # Nothing in the answer depends on the address typed: no one learns who is registered.
    assert without_tokens(registered.text) == without_tokens(unknown.text)
    assert list(User.objects.values_list("pk", "email", "password")) == before
    assert mailoutbox == []


def test_closed_signup_still_lets_a_partner_in_and_joins_the_couple(client, policy, mailoutbox):
    policy("closed")
    fay, join = partner_link()
    assert "Create my account" in client.get(join).text

    form = client.get(SIGNUP, {"next": join})
    assert form.status_code == 200 and "Create your Duet account" in form.text
    sent = client.post(SIGNUP, signup_data(next=join, email="bo@example.org"))
    assert sent["Location"] == reverse("accounts:signup_sent")

    link = confirmation_link(mailoutbox[0])
    confirm = client.get(link)
    assert "Finish and join Fay" in confirm.text
    joined = client.post(link)

    assert joined["Location"] == reverse("couples:home")
    bo = get_user(client)
    assert bo.email == "bo@example.org" and bo.is_active
    assert privacy.partner_of(bo) == fay
    assert Invitation.objects.get().accepted_by == bo


def test_one_partner_link_makes_one_account_while_signup_is_closed(client, policy, mailoutbox):
    policy("closed")
    _fay, join = partner_link()
    client.post(SIGNUP, signup_data(next=join, email="bo@example.org"))
    client.post(SIGNUP, signup_data(next=join, email="mallory@example.org"))
    first, second = (confirmation_link(message) for message in mailoutbox)

    assert client.post(first).status_code == 302
    client.logout()
    refused = client.post(second)

    assert refused.status_code == 403
    assert "couldn't finish this account" in refused.text
    assert not User.objects.get(email="mallory@example.org").is_active
    assert get_user(client).is_anonymous


@pytest.mark.parametrize("ending", ["revoke", "expire"])
def test_a_withdrawn_or_expired_partner_link_opens_nothing_while_closed(
    client, policy, frozen_now, ending, mailoutbox
):
    policy("closed")
    _fay, join = partner_link()
    if ending == "revoke":
        Invitation.objects.update(revoked_at=NOW)
    else:
        frozen_now(NOW + timedelta(days=8))

    assert CLOSED_WORDS in client.get(SIGNUP, {"next": join}).text
    assert client.post(SIGNUP, signup_data(next=join)).status_code == 403
    assert not User.objects.filter(email="ana@example.org").exists()


def test_a_look_alike_next_is_no_partner_invitation(client, policy):
    policy("closed")
    for next_url in ["/us/join/made-up/", "/us/", "https://evil.example/us/join/x/"]:
        assert client.post(SIGNUP, signup_data(next=next_url)).status_code == 403
    assert not User.objects.exists()


# Invite-only


def test_invite_only_without_an_invitation_explains_and_saves_nothing(client, policy, mailoutbox):
    policy("invite")
    page = client.get(SIGNUP)
    assert page.status_code == 200 and INVITE_WORDS in page.text

    assert client.post(SIGNUP, signup_data()).status_code == 403
    assert not User.objects.exists() and mailoutbox == []


def test_a_host_invitation_signs_one_person_up(client, policy, mailoutbox):
    policy("invite")
    invitation, link = host_invitation()

    page = client.get(link)
    assert page.status_code == 200 and "You're invited to this Duet" in page.text
    assert f'action="{link}"' in page.text
    assert client.post(link, signup_data())["Location"] == reverse("accounts:signup_sent")
    invitation.refresh_from_db()
    assert invitation.used_at is None  # used up only when the emailed link is opened

    confirm = confirmation_link(mailoutbox[0])
    assert "invite=" in confirm
    assert client.post(confirm)["Location"] == reverse("home")

    ana = get_user(client)
    assert ana.email == "ana@example.org" and ana.is_active
    invitation.refresh_from_db()
    assert invitation.used_by == ana and invitation.state == "used"
    client.logout()
    used = client.get(link)
    assert used.status_code == 409 and "already been used" in used.text


def test_an_invitation_answers_alike_for_a_registered_address_and_stays_unused(
    client, policy, mailoutbox
):
    policy("invite")
    UserFactory(email="ana@example.org")
    invitation, link = host_invitation()

    registered = client.post(link, signup_data(email="ana@example.org"))
    new = client.post(link, signup_data(email="new@example.org"))

    assert registered["Location"] == new["Location"] == reverse("accounts:signup_sent")
    invitation.refresh_from_db()
    assert invitation.state == "live"  # nothing its holder sees tells the two apart
    assert "Someone tried to sign up" in mailoutbox[0].subject
    assert "/accounts/signup/confirm/" in mailoutbox[1].body


def test_two_tabs_with_one_invitation_make_one_account(client, policy, mailoutbox):
    policy("invite")
    _invitation, link = host_invitation()
    client.post(link, signup_data(email="one@example.org"))
    client.post(link, signup_data(email="two@example.org"))
    first, second = (confirmation_link(message) for message in mailoutbox)
    assert client.get(second).status_code == 200  # both look fine until one is finished

    assert client.post(first).status_code == 302
    client.logout()
    refused = client.post(second)

    assert refused.status_code == 409
    assert "already been used" in refused.text
    assert list(User.objects.filter(is_active=True).values_list("email", flat=True)) == [
        "one@example.org"
    ]


def test_a_confirmation_without_its_invitation_is_refused(client, policy, mailoutbox):
    policy("invite")
    _invitation, link = host_invitation()
    client.post(link, signup_data())
    stripped = confirmation_link(mailoutbox[0]).split("?")[0]

    assert client.post(stripped).status_code == 403
    assert not User.objects.get().is_active


@pytest.mark.parametrize(
    ("spoil", "status", "words"),
    [
        ("tamper", 404, "can&#x27;t find this invitation"),
        ("expire", 409, "has expired"),
        ("withdraw", 409, "was withdrawn"),
    ],
)
def test_a_spoilt_invitation_shows_a_kind_page_and_no_form(
    client, policy, frozen_now, spoil, status, words
):
    policy("invite")
    invitation, link = host_invitation(days=2)
    if spoil == "tamper":
        link = link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:]
    elif spoil == "expire":
        frozen_now(NOW + timedelta(days=2, seconds=1))
    else:
        invites.revoke(invitation)

    page = client.get(link)
    posted = client.post(link, signup_data())

    assert page.status_code == posted.status_code == status
    assert words in page.text and "Create my account" not in page.text
    assert not User.objects.exists()


def test_an_invitation_expiring_before_the_email_is_opened_is_refused(
    client, policy, frozen_now, mailoutbox
):
    policy("invite")
    _invitation, link = host_invitation(days=1)
    client.post(link, signup_data())
    frozen_now(NOW + timedelta(days=1, minutes=1))

    refused = client.post(confirmation_link(mailoutbox[0]))
    assert refused.status_code == 409 and "has expired" in refused.text
    assert not User.objects.get().is_active


def test_an_invitation_for_one_address_refuses_another_and_saves_nothing(
    client, policy, mailoutbox
):
    policy("invite")
    _invitation, link = host_invitation(email="bo@example.org")
    assert 'value="bo@example.org"' in client.get(link).text

    refused = client.post(link, signup_data(email="ana@example.org"))

    assert refused.status_code == 400
    assert "made for another email address" in refused.text
    assert not User.objects.exists() and mailoutbox == []
    assert client.post(link, signup_data(email="BO@example.org")).status_code == 302


def test_invite_only_still_lets_a_partner_in(client, policy, mailoutbox):
    policy("invite")
    fay, join = partner_link()
    client.post(SIGNUP, signup_data(next=join, email="bo@example.org"))

    assert client.post(confirmation_link(mailoutbox[0]))["Location"] == reverse("couples:home")
    assert privacy.partner_of(get_user(client)) == fay


def test_closing_signup_before_the_email_is_opened_keeps_the_account_closed(
    client, policy, mailoutbox
):
    policy("open")
    client.post(SIGNUP, signup_data())
    policy("closed")

    assert client.post(confirmation_link(mailoutbox[0])).status_code == 403
    assert not User.objects.get().is_active


def test_open_signup_keeps_its_partner_flow_through_the_join_page(client, policy, mailoutbox):
    policy("open")
    _fay, join = partner_link()
    client.post(SIGNUP, signup_data(next=join))

    assert client.post(confirmation_link(mailoutbox[0]))["Location"] == join


# The host's tools


def test_createinvite_prints_a_link_that_works_once(client, policy, mailoutbox, settings):
    policy("invite")
    settings.SITE_URL = "https://duet.example.org"
    out, err = io.StringIO(), io.StringIO()
    arguments = ["--email", "ana@example.org", "--days", "3"]
    call_command("createinvite", *arguments, stdout=out, stderr=err)

    link = out.getvalue().strip()
    assert link.startswith("https://duet.example.org/accounts/signup/invite/")
    assert "ana@example.org" in err.getvalue() and "invite" in err.getvalue()
    invitation = SignupInvitation.objects.get()
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert token not in invitation.token_hash  # only a hash is kept
    assert invitation.email == "ana@example.org"
    assert (invitation.expires_at - invitation.created_at) == timedelta(days=3)
    assert client.post(link.removeprefix(settings.SITE_URL), signup_data()).status_code == 302


@pytest.mark.parametrize(
    ("arguments", "error"),
    [(["--days", "0"], "between 1 and 365"), (["--email", "not-an-address"], "not an email")],
)
def test_createinvite_refuses_bad_input(arguments, error):
    with pytest.raises(CommandError, match=error):
        call_command("createinvite", *arguments, stdout=io.StringIO())
    assert not SignupInvitation.objects.exists()


def test_the_host_makes_and_withdraws_invitations_in_the_admin(client, people, policy):
    policy("invite")
    client.force_login(people.staff)
    add = reverse("admin:accounts_signupinvitation_add")
    assert client.get(add).status_code == 200

    made = client.post(add, {"email": "", "days": "5"})

    assert made.status_code == 200 and "no-store" in made["Cache-Control"]
    link = re.search(r'value="https?://[^/"]+(/accounts/signup/invite/[^"]+)"', made.text)[1]
    invitation = SignupInvitation.objects.get()
    assert invitation.created_by == people.staff
    listing = client.get(reverse("admin:accounts_signupinvitation_changelist"))
    assert link not in listing.text  # shown once, never again
    client.logout()
    assert client.get(link).status_code == 200

    client.force_login(people.staff)
    client.post(
        reverse("admin:accounts_signupinvitation_changelist"),
        {"action": "withdraw", "_selected_action": [invitation.pk]},
    )
    client.logout()
    assert client.get(link).status_code == 409


def test_the_admin_sets_the_policy(client, people, policy):
    policy("open")
    client.force_login(people.staff)
    SignupSettings.objects.current()
    change = reverse("admin:accounts_signupsettings_change", args=[1])
    assert client.post(change, {"policy": "invite"}).status_code == 302
    client.logout()

    assert INVITE_WORDS in client.get(SIGNUP).text


def test_invitation_links_stay_out_of_logs():
    assert "secret" not in redact("GET /accounts/signup/invite/secret-token/ 200")
    assert "secret" not in redact("GET /accounts/signup/confirm/uid/tok/?invite=secret 200")


def test_two_confirmations_racing_for_one_invitation_make_one_account(policy):
    """Both tabs passed every check before either finished: the conditional update decides."""
    policy("invite")
    invitation, _link = host_invitation()
    one, two = UserFactory(is_active=False), UserFactory(is_active=False)
    User.objects.update(email_confirmed=False)
    both = [invites.admission(invitation, "") for _ in range(2)]
    assert all(admitted.admitted for admitted in both)

    invites.finish(one, both[0])
    with pytest.raises(invites.SignupRefused, match="already been used"):
        invites.finish(two, both[1])

    two.refresh_from_db()
    assert not two.is_active and not two.email_confirmed
    assert SignupInvitation.objects.get().used_by == one


def test_a_pending_sign_up_cant_spend_an_invitation_made_for_someone_else(
    client, policy, mailoutbox
):
    policy("open")
    client.post(SIGNUP, signup_data())  # ana@example.org, waiting for her email
    policy("invite")
    invitation, link = host_invitation(email="bo@example.org")
    token = link.rstrip("/").rsplit("/", 1)[-1]

    response = client.post(confirmation_link(mailoutbox[0]) + f"?invite={token}")

    assert response.status_code == 403
    assert not User.objects.get(email="ana@example.org").is_active
    invitation.refresh_from_db()
    assert invitation.used_at is None  # still Bo's
