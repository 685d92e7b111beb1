"""The host's sign-up policy in a real browser: open, invite-only and closed."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts import invites
from accounts.models import SignupInvitation, User
from couples import privacy
from couples import services as couples
from tests.browser.conftest import send_signup
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def partner_invitation_link(live_server) -> str:
    fay = UserFactory(display_name="Fay", pronouns="she/her")
    _invitation, token = couples.create_invitation(couples.start_couple(fay), by=fay)
    return f"/us/join/{token}/"


@pytest.mark.parametrize("policy", ["invite", "closed"])
def test_a_partner_invitation_opens_a_shut_door(open_page, live_server, settings, policy):
    settings.SIGNUP_POLICY = policy
    stranger = open_page()
    stranger.goto("/accounts/signup/")
    expect(stranger.get_by_role("heading", level=1)).to_contain_text(
        "by invitation" if policy == "invite" else "isn't taking new people"
    )
    expect(stranger.get_by_role("button", name="Create my account")).to_have_count(0)

    bo = open_page()
    bo.goto(partner_invitation_link(live_server))
    expect(bo.get_by_role("heading", level=1)).to_have_text("Fay invited you to Duet")
    bo.get_by_role("link", name="Create my account").click()
    bo.goto(send_signup(bo, "Bo", "bo@example.org"))
    bo.get_by_role("button", name="Finish and join Fay").click()

    expect(bo.locator(".people")).to_contain_text("Fay")
    expect(bo.locator(".people")).to_contain_text("Bo")
    bo_user = User.objects.get(email="bo@example.org")
    assert privacy.partner_of(bo_user).display_name == "Fay"


def test_a_host_invitation_lets_one_person_in_once(open_page, settings):
    settings.SIGNUP_POLICY = "invite"
    _invitation, token = invites.create_invitation()
    link = f"/accounts/signup/invite/{token}/"

    ana = open_page()
    ana.goto(link)
    expect(ana.get_by_text("You're invited to this Duet")).to_be_visible()
    confirm = send_signup(ana, "Ana", "ana@example.org")
    ana.goto(confirm)
    ana.get_by_role("button", name="Finish and log in").click()
    expect(ana.get_by_role("heading", level=1)).to_contain_text("Today")

    again = open_page()
    again.goto(link)
    expect(again.get_by_role("heading", level=1)).to_have_text("This invitation can't be used")
    expect(again.get_by_text("already been used")).to_be_visible()


def test_two_tabs_with_one_host_invitation_make_one_account(open_page, settings):
    settings.SIGNUP_POLICY = "invite"
    _invitation, token = invites.create_invitation()
    link = f"/accounts/signup/invite/{token}/"
    first, second = open_page(), open_page()
    first.goto(link)
    second.goto(link)
    first_confirm = send_signup(first, "One", "one@example.org")
    second_confirm = send_signup(second, "Two", "two@example.org")

    first.goto(first_confirm)
    second.goto(second_confirm)
    first.get_by_role("button", name="Finish and log in").click()
    expect(first.get_by_role("heading", level=1)).to_contain_text("Today")
    second.get_by_role("button", name="Finish and log in").click()

    expect(second.get_by_role("alert")).to_contain_text("already been used")
    assert list(User.objects.filter(is_active=True).values_list("email", flat=True)) == [
        "one@example.org"
    ]


@pytest.mark.parametrize("spoil", ["tamper", "expire"])
def test_a_spoilt_host_invitation_says_so_kindly(open_page, settings, spoil):
    settings.SIGNUP_POLICY = "invite"
    invitation, token = invites.create_invitation()
    if spoil == "tamper":
        token = token[:-2] + ("xy" if not token.endswith("xy") else "yz")
    else:
        SignupInvitation.objects.filter(pk=invitation.pk).update(
            expires_at=timezone.now() - timedelta(minutes=1)
        )
    page = open_page(visits_404=spoil == "tamper")
    page.goto(f"/accounts/signup/invite/{token}/")

    expect(page.get_by_role("heading", level=1)).to_have_text("This invitation can't be used")
    expect(page.get_by_text("can't find" if spoil == "tamper" else "has expired")).to_be_visible()
    page.get_by_role("link", name="Go to sign-up").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("by invitation")


def test_open_signup_is_as_before(open_page, settings):
    settings.SIGNUP_POLICY = "open"
    page = open_page()
    page.goto("/accounts/signup/")
    page.goto(send_signup(page, "Cy", "cy@example.org"))
    page.get_by_role("button", name="Finish and log in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Today")
