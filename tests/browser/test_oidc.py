"""Single sign-on in a real browser, against a real OpenID provider on 127.0.0.1."""

import re

import pytest
from playwright.sync_api import expect

from accounts.models import SingleSignOnLink, User
from tests.factories import UserFactory
from tests.oidc import running_provider

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def provider(live_server):
    with running_provider(f"{live_server.url}/accounts/oidc/callback/") as running:
        yield running


@pytest.fixture
def sso(provider, settings):
    return provider.configure(settings)


@pytest.fixture
def open_sso_page(open_page, live_server, sso):
    """A page whose browser reaches only Duet and the provider on this machine.

    The provider's development login page asks for a web font and a favicon it hasn't got;
    both are answered here with nothing, so no request leaves the machine.
    """

    def answer_empty(route):
        route.fulfill(status=200, body="")

    def open_():
        page = open_page()
        local = (live_server.url, sso.issuer)
        page.route(lambda url: not url.startswith(local), answer_empty)
        page.route(f"{sso.issuer}/favicon.ico", answer_empty)
        return page

    return open_


def sign_in_at_provider(page, login: str) -> None:
    """The provider's own (development) login page: any listed login, any password."""
    page.get_by_placeholder("Enter any login").fill(login)
    page.get_by_placeholder("and password").fill("anything")
    page.get_by_role("button", name="Sign-in").click()


def test_logging_in_with_the_provider_links_ana_and_opens_her_today(open_sso_page):
    ana = UserFactory(email="ana@example.org", display_name="Ana")
    page = open_sso_page()

    page.goto("/accounts/login/")
    page.get_by_role("link", name="Log in with Example ID").click()
    expect(page.get_by_role("button", name="Sign-in")).to_be_visible()
    sign_in_at_provider(page, "ana")

    expect(page).to_have_url(re.compile(r"/today/$"))
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    assert SingleSignOnLink.objects.filter(user=ana, subject="ana").exists()


def test_an_unverified_email_is_told_why_nothing_opened(open_sso_page):
    UserFactory(email="una@example.org")
    page = open_sso_page()

    page.goto("/accounts/login/")
    page.get_by_role("link", name="Log in with Example ID").click()
    sign_in_at_provider(page, "una")

    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.get_by_text("Example ID hasn't confirmed your email address")).to_be_visible()
    assert not SingleSignOnLink.objects.exists()


def test_with_password_login_off_the_button_is_the_way_in(open_sso_page, settings):
    settings.PASSWORD_LOGIN = False
    page = open_sso_page()

    page.goto("/accounts/login/")
    expect(page.get_by_label("Password:")).to_have_count(0)
    page.get_by_role("link", name="Log in with Example ID").click()
    sign_in_at_provider(page, "nia")

    expect(page).to_have_url(re.compile(r"/today/$"))


def test_someone_without_a_password_confirms_at_the_provider_and_deletes(open_sso_page, settings):
    settings.SIGNUP_POLICY = "open"
    page = open_sso_page()
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Log in with Example ID").click()
    sign_in_at_provider(page, "nia")
    expect(page).to_have_url(re.compile(r"/today/$"))

    page.goto("/my-data/")
    expect(page.get_by_role("button", name="Delete my account")).to_have_count(0)
    page.get_by_role("link", name="Confirm it's me at Example ID").click()
    sign_in_at_provider(page, "nia")  # asked again, though the provider knows this browser

    expect(page).to_have_url(re.compile(r"/my-data/$"))
    expect(page.get_by_text("Example ID confirmed it's you")).to_have_count(2)
    page.get_by_role("button", name="Delete my account").click()

    expect(
        page.get_by_text("Your account and everything you kept in Duet are deleted.")
    ).to_be_visible()
    assert not User.objects.filter(email="nia@example.org").exists()
