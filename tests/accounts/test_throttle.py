import pytest
from django.urls import reverse

from audit.models import AuditEvent
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def attempt(client, email, password="wrong-password", address="198.51.100.7"):
    return client.post(
        reverse("accounts:login"),
        {"username": email, "password": password},
        REMOTE_ADDR=address,
    )


def test_an_account_is_paused_after_repeated_failures_with_a_clear_message(client, user, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 3
    assert attempt(client, user.email).status_code == 400
    assert attempt(client, user.email).status_code == 400
    # The attempt that reaches the limit already says so.
    assert attempt(client, user.email).status_code == 429

    response = attempt(client, user.email, password=PASSWORD)

    assert response.status_code == 429
    assert "logging in is paused" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(kind="login_locked").count() == 1


def test_the_pause_holds_from_another_address_and_the_admin_login_is_covered(
    client, user, settings
):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 2
    attempt(client, user.email, address="198.51.100.1")
    attempt(client, user.email, address="198.51.100.2")

    assert attempt(client, user.email, PASSWORD, address="203.0.113.9").status_code == 429
    # The admin's own form redirects to this login, so it cannot be used to go around it.
    assert client.get("/admin/login/?next=/admin/")["Location"].startswith(
        reverse("accounts:login")
    )


def test_one_address_trying_many_accounts_is_paused(client, settings):
    from tests.factories import UserFactory

    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    people = UserFactory.create_batch(4)
    for person in people[:3]:
        attempt(client, person.email)

    assert attempt(client, people[3].email, PASSWORD).status_code == 429
    assert attempt(client, people[3].email, PASSWORD, address="192.0.2.5").status_code == 302


def test_a_successful_login_clears_the_account_counter(client, user, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 3
    attempt(client, user.email)
    attempt(client, user.email)
    assert attempt(client, user.email, PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))

    attempt(client, user.email)
    attempt(client, user.email)

    assert attempt(client, user.email, PASSWORD).status_code == 302


def test_trusted_proxy_address_is_the_one_it_appended(client, user, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 2
    settings.LOGIN_FAILURES_PER_ACCOUNT = 100
    settings.TRUST_X_FORWARDED_FOR = True
    for _ in range(2):
        client.post(
            reverse("accounts:login"),
            {"username": user.email, "password": "nope"},
            HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7",
        )

    response = client.post(
        reverse("accounts:login"),
        {"username": user.email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.50",
    )

    assert response.status_code == 302
