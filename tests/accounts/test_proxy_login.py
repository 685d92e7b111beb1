"""Login from a trusted authenticating proxy's header (accounts/proxy_login.py)."""

import os
import runpy
from pathlib import Path
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

import config.settings
from accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"


@pytest.fixture
def proxy_login(settings):
    settings.PROXY_LOGIN_HEADER = "Remote-Email"
    settings.TRUSTED_PROXY_IPS = [PROXY, "fd00::/8"]


def visit(client, email: str | None, address: str = PROXY):
    headers = {"Remote-Email": email} if email is not None else {}
    return client.get(reverse("accounts:profile"), headers=headers, REMOTE_ADDR=address)


def test_the_trusted_proxy_logs_the_person_in(client, proxy_login):
    ana = UserFactory(email="ana@example.org", display_name="Ana")

    response = visit(client, "Ana@Example.org")

    assert response.status_code == 200
    assert response.context["user"] == ana


def test_the_header_from_any_other_address_is_ignored(client, proxy_login):
    UserFactory(email="ana@example.org")

    for address in ("10.0.0.6", "127.0.0.1", "fe80::1"):
        response = visit(client, "ana@example.org", address)
        assert response.status_code == 302, address
        assert response["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session


def test_the_header_means_nothing_while_proxy_login_is_off(client):
    UserFactory(email="ana@example.org")

    assert visit(client, "ana@example.org", "127.0.0.1").status_code == 302


def test_a_forwarded_for_header_cannot_pass_for_the_proxy(client, proxy_login, settings):
    settings.TRUST_X_FORWARDED_FOR = True
    UserFactory(email="ana@example.org")

    response = client.get(
        reverse("accounts:profile"),
        headers={"Remote-Email": "ana@example.org", "X-Forwarded-For": PROXY},
        REMOTE_ADDR="203.0.113.9",
    )

    assert response.status_code == 302


def test_the_session_follows_the_proxy(client, proxy_login):
    UserFactory(email="ana@example.org", display_name="Ana")
    bo = UserFactory(email="bo@example.org", display_name="Bo")
    visit(client, "ana@example.org")

    assert visit(client, "bo@example.org").context["user"] == bo  # someone else now
    assert visit(client, None).status_code == 302  # the proxy logged them out


def test_a_password_login_is_not_ended_by_a_missing_header(client, proxy_login):
    ana = UserFactory(email="ana@example.org")
    client.post(
        reverse("accounts:login"), {"username": ana.email, "password": PASSWORD}, REMOTE_ADDR=PROXY
    )

    assert visit(client, None).status_code == 200


def test_a_newcomer_gets_an_account_only_while_sign_up_is_open(client, proxy_login, settings):
    settings.SIGNUP_POLICY = "closed"
    assert visit(client, "nia@example.org").status_code == 302
    assert not User.objects.filter(email="nia@example.org").exists()

    settings.SIGNUP_POLICY = "open"
    assert visit(client, "nia@example.org").status_code == 200
    nia = User.objects.get(email="nia@example.org")
    assert nia.email_confirmed and not nia.has_usable_password()


def test_the_admins_sign_up_policy_wins_for_a_newcomer_too(client, proxy_login, settings):
    from accounts.models import SignupSettings

    settings.SIGNUP_POLICY = "open"
    SignupSettings.objects.update_or_create(pk=1, defaults={"policy": "invite"})

    assert visit(client, "nia@example.org").status_code == 302
    assert not User.objects.filter(email="nia@example.org").exists()


def test_a_header_that_is_no_email_logs_no_one_in(client, proxy_login):
    assert visit(client, "not an email").status_code == 302
    assert not User.objects.exists()


def test_proxy_login_is_refused_without_the_proxys_address(tmp_path):
    environment = {"DUET_PROXY_LOGIN_HEADER": "Remote-Email", "DATA_DIR": str(tmp_path)}
    with mock.patch.dict(os.environ, environment), pytest.raises(ImproperlyConfigured):
        runpy.run_path(str(Path(config.settings.__file__)))
    environment["DUET_TRUSTED_PROXY_IPS"] = "the proxy"
    with mock.patch.dict(os.environ, environment), pytest.raises(ImproperlyConfigured):
        runpy.run_path(str(Path(config.settings.__file__)))
