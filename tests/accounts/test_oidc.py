"""Single sign-on against a real OpenID provider (tests/oidc.py), through Duet's client."""

import pytest
from django.contrib.auth import get_user
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from accounts import twofactor
from accounts.models import SessionRecord, SingleSignOnLink, TwoFactor, User
from audit.models import AuditEvent
from notifications.models import PushSubscription
from tests.factories import PASSWORD, UserFactory
from tests.oidc import running_provider, sign_in, with_param

pytestmark = pytest.mark.django_db

CALLBACK = "http://testserver/accounts/oidc/callback/"


@pytest.fixture(scope="module")
def provider():
    with running_provider(CALLBACK) as running:
        yield running


@pytest.fixture
def sso(provider, settings):
    return provider.configure(settings)


def log_in_through_provider(client, provider, login: str, tamper=None, next_url: str = ""):
    """Press the button, log in at the provider, and come back: Duet's answer."""
    query = f"?next={next_url}" if next_url else ""
    start = client.get(reverse("accounts:oidc_login") + query)
    assert start.status_code == 302
    authorize_url = start["Location"]
    assert authorize_url.startswith(provider.issuer)
    if tamper:
        authorize_url = tamper(authorize_url)
    back = sign_in(authorize_url, login, provider.issuer)
    assert back.startswith(CALLBACK), back
    return client.get(back.removeprefix("http://testserver"))


def logged_in_as(client) -> User | None:
    """Who the client's session opens, as Django decides it on the next request."""
    request = HttpRequest()
    request.session = client.session
    user = get_user(request)
    return user if user.is_authenticated else None


def test_single_sign_on_is_off_until_a_host_configures_it(client):
    page = client.get(reverse("accounts:login")).content.decode()

    assert "Log in with" not in page
    assert client.get(reverse("accounts:oidc_login")).status_code == 404
    assert client.get(reverse("accounts:oidc_callback") + "?code=x&state=y").status_code == 404


def test_the_login_page_offers_the_provider_by_its_name(client, sso):
    page = client.get(reverse("accounts:login")).content.decode()

    assert "Log in with Example ID" in page
    assert 'name="password"' in page  # password login stays on unless switched off


def test_a_verified_email_links_the_existing_account_once(client, sso):
    ana = UserFactory(email="ana@example.org", display_name="Ana")

    response = log_in_through_provider(client, sso, "ana")

    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert logged_in_as(client) == ana
    link = SingleSignOnLink.objects.get(user=ana)
    assert (link.issuer, link.subject) == (sso.issuer, "ana")
    assert "duet_device" in response.cookies  # this browser is now one Ana logs in from

    # A new way into her account: Ana finds it among her security events.
    linked = AuditEvent.objects.get(kind=AuditEvent.Kind.SSO_LINKED)
    assert (linked.user, linked.detail) == (ana, "existing")
    assert "Single sign-on linked" in client.get(reverse("accounts:sessions")).text

    # The link, not the email, opens the account from now on.
    User.objects.filter(pk=ana.pk).update(email="ana.new@example.org")
    client.post(reverse("accounts:logout"))
    log_in_through_provider(client, sso, "ana")
    assert logged_in_as(client) == ana
    assert SingleSignOnLink.objects.count() == 1
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.SSO_LINKED).count() == 1


def test_an_unverified_email_links_nothing_and_says_why(client, sso):
    una = UserFactory(email="una@example.org")

    response = log_in_through_provider(client, sso, "una")

    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    assert logged_in_as(client) is None
    assert not SingleSignOnLink.objects.filter(user=una).exists()
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.SSO_LINKED).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Example ID hasn&#x27;t confirmed your email address" in page
    assert User.objects.filter(email="una@example.org").count() == 1


def test_a_newcomer_gets_an_account_while_sign_up_is_open(client, sso, settings):
    settings.SIGNUP_POLICY = "open"

    response = log_in_through_provider(client, sso, "nia", next_url="/us/")

    assert response["Location"] == "/us/"
    nia = User.objects.get(email="nia@example.org")
    assert logged_in_as(client) == nia
    assert nia.display_name == "Nia Okafor"
    assert nia.email_confirmed and nia.is_active and not nia.has_usable_password()
    assert SingleSignOnLink.objects.filter(user=nia, subject="nia").exists()
    assert AuditEvent.objects.filter(kind="sso_linked", user=nia, detail="new").exists()


@pytest.mark.parametrize("policy", ["invite", "closed"])
def test_a_newcomer_gets_no_account_unless_sign_up_is_open(client, sso, settings, policy):
    settings.SIGNUP_POLICY = policy

    response = log_in_through_provider(client, sso, "nia")

    assert logged_in_as(client) is None
    assert not User.objects.filter(email="nia@example.org").exists()
    page = client.get(response["Location"]).content.decode()
    assert "this Duet isn&#x27;t open for new accounts" in page


def test_an_unconfirmed_sign_up_is_taken_over_by_the_address_owner(client, sso):
    # Someone signed up with Nia's address and a password of their choosing, never confirmed.
    squatter = UserFactory(
        email="nia@example.org", display_name="Not Nia", is_active=False, email_confirmed=False
    )

    log_in_through_provider(client, sso, "nia")

    squatter.refresh_from_db()
    assert logged_in_as(client) == squatter
    assert squatter.email_confirmed and squatter.display_name == "Nia Okafor"
    assert not squatter.check_password(PASSWORD)  # the stranger's password opens nothing


def test_someone_else_logging_in_here_ends_the_previous_persons_session_and_push(
    client, sso, settings
):
    settings.SIGNUP_POLICY = "open"
    ana = UserFactory(email="ana.shared@example.org")
    client.force_login(ana)
    record = SessionRecord.objects.get(user=ana)
    PushSubscription.objects.create(
        owner=ana, endpoint="https://push.example.org/ana", p256dh="k", auth="a", session=record
    )

    log_in_through_provider(client, sso, "nia")  # on the same tablet, without logging out

    assert logged_in_as(client).email == "nia@example.org"
    assert not SessionRecord.objects.filter(user=ana).exists()
    assert not PushSubscription.objects.filter(owner=ana).exists()


def test_a_tampered_state_is_refused(client, sso):
    UserFactory(email="ana@example.org")
    start = client.get(reverse("accounts:oidc_login"))
    back = sign_in(start["Location"], "ana", sso.issuer)

    response = client.get(
        with_param(back, "state", "not-the-state-sent").removeprefix("http://testserver")
    )

    assert response.status_code == 400
    assert "doesn&#x27;t belong to a login started in this browser" in response.content.decode()
    assert logged_in_as(client) is None
    # The real answer still works: a forged one spends nothing.
    assert client.get(back.removeprefix("http://testserver")).status_code == 302
    assert logged_in_as(client) is not None


def test_a_mismatching_nonce_is_refused(client, sso):
    UserFactory(email="ana@example.org")

    response = log_in_through_provider(
        client, sso, "ana", tamper=lambda url: with_param(url, "nonce", "someone-elses-nonce")
    )

    assert response.status_code == 400
    assert logged_in_as(client) is None
    assert not SingleSignOnLink.objects.exists()


def test_a_login_finished_in_another_browser_is_refused(client, sso):
    UserFactory(email="ana@example.org")
    start = client.get(reverse("accounts:oidc_login"))
    back = sign_in(start["Location"], "ana", sso.issuer)

    other_browser = Client()
    response = other_browser.get(back.removeprefix("http://testserver"))

    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in other_browser.session
    # A state is spent once: replaying the same answer in the first browser fails too.
    assert client.get(back.removeprefix("http://testserver")).status_code == 302
    assert client.get(back.removeprefix("http://testserver")).status_code == 400


def test_a_single_sign_on_login_skips_duets_own_second_step(client, sso):
    ana = UserFactory(email="ana@example.org")
    two_factor = twofactor.pending_setup(ana)
    two_factor.confirmed_at = two_factor.user.date_joined
    two_factor.save()

    response = log_in_through_provider(client, sso, "ana")

    assert response["Location"] == reverse("home")
    assert logged_in_as(client) == ana
    # Ana's password still asks for her code.
    client.post(reverse("accounts:logout"))
    step = client.post(reverse("accounts:login"), {"username": ana.email, "password": PASSWORD})
    assert step["Location"] == reverse("accounts:login_code")


def test_a_login_cancelled_at_the_provider_logs_no_one_out(client, sso):
    ana = UserFactory(email="ana@example.org")
    client.force_login(ana)

    response = client.get(reverse("accounts:oidc_callback") + "?error=access_denied&state=x")

    assert response["Location"] == reverse("accounts:login")
    assert logged_in_as(client) == ana


def test_a_switched_off_account_stays_out(client, sso):
    ana = UserFactory(email="ana@example.org")
    log_in_through_provider(client, sso, "ana")
    User.objects.filter(pk=ana.pk).update(is_active=False)

    assert client.get(reverse("accounts:profile")).status_code == 302  # the session is over
    response = log_in_through_provider(client, sso, "ana")
    assert logged_in_as(client) is None
    assert "switched off" in client.get(response["Location"]).content.decode()


def test_an_unreachable_provider_gets_a_kind_page(client, settings):
    settings.OIDC_ISSUER = "http://127.0.0.1:9"  # nothing listens on the discard port
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = "duet", "secret"
    settings.OIDC_PROVIDER_NAME = "Example ID"

    response = client.get(reverse("accounts:oidc_login"))

    assert response.status_code == 503
    assert "I couldn&#x27;t reach Example ID just now" in response.content.decode()


# Password login switched off (DUET_PASSWORD_LOGIN=false)


@pytest.fixture
def passwords_off(sso, settings):
    settings.PASSWORD_LOGIN = False
    return sso


def test_without_password_login_the_page_shows_only_the_button(client, passwords_off):
    page = client.get(reverse("accounts:login")).content.decode()

    assert "Log in with Example ID" in page
    assert 'name="password"' not in page and "Forgotten your password" not in page


def test_without_password_login_a_password_opens_nothing(client, passwords_off):
    ana = UserFactory(email="ana@example.org")

    response = client.post(reverse("accounts:login"), {"username": ana.email, "password": PASSWORD})

    assert response.status_code == 403
    assert "Passwords aren&#x27;t used to log in to this Duet" in response.content.decode()
    assert logged_in_as(client) is None
    # No other path checks a password either (the admin's, a script's authenticate()).
    from django.contrib.auth import authenticate

    assert authenticate(None, username=ana.email, password=PASSWORD) is None
    # The provider still lets Ana in.
    log_in_through_provider(client, passwords_off, "ana")
    assert logged_in_as(client) == ana


def test_without_password_login_a_reset_is_refused_kindly(client, passwords_off, mailoutbox):
    ana = UserFactory(email="ana@example.org")

    page = client.get(reverse("accounts:password_reset"))
    sent = client.post(reverse("accounts:password_reset"), {"email": ana.email})

    assert page.status_code == 200
    assert "there&#x27;s none to reset" in page.content.decode()
    assert sent.status_code == 403 and mailoutbox == []


def test_password_login_can_only_be_switched_off_with_another_way_in(tmp_path):
    import os
    import runpy
    from pathlib import Path
    from unittest import mock

    from django.core.exceptions import ImproperlyConfigured

    import config.settings

    environment = {"DUET_PASSWORD_LOGIN": "false", "DATA_DIR": str(tmp_path)}
    with mock.patch.dict(os.environ, environment), pytest.raises(ImproperlyConfigured):
        runpy.run_path(str(Path(config.settings.__file__)))
    environment |= {"DUET_OIDC_ISSUER": "https://id.example.org"}
    with mock.patch.dict(os.environ, environment), pytest.raises(ImproperlyConfigured):
        runpy.run_path(str(Path(config.settings.__file__)))  # no client id and secret


def test_without_password_login_sign_up_points_to_the_provider_and_makes_nothing(
    client, passwords_off, settings
):
    page = client.get(reverse("accounts:signup"))
    posted = client.post(
        reverse("accounts:signup"),
        {"email": "nia@example.org", "display_name": "Nia", "password1": "a long passphrase 9"},
    )

    assert page.status_code == 200
    assert "Your first login makes your account" in page.content.decode()
    assert "Log in with Example ID" in page.content.decode()
    assert posted.status_code == 403
    assert not User.objects.filter(email="nia@example.org").exists()
    settings.SIGNUP_POLICY = "closed"
    assert "isn't taking new people" in client.get(reverse("accounts:signup")).content.decode()


def test_an_account_without_a_password_is_told_where_its_second_step_belongs(client, sso):
    log_in_through_provider(client, sso, "ana")
    nia = logged_in_as(client)
    assert nia is not None and not nia.has_usable_password()

    page = client.get(reverse("accounts:two_factor"))
    posted = client.post(reverse("accounts:two_factor"), {"code": "123456"})

    assert "a second step belongs there" in page.content.decode()
    assert "Turn two-step login on" not in page.content.decode()
    assert posted.status_code == 400
    assert not TwoFactor.objects.filter(user=nia).exists()
