import re

import pytest
from django.test import Client
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


def test_the_global_pause_holds_from_another_address_and_the_admin_login_is_covered(
    client, user, settings
):
    # Per account and address the limit is not reached; the slower global one is.
    settings.LOGIN_FAILURES_PER_ACCOUNT_GLOBAL = 2
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


def test_an_attacker_elsewhere_cannot_lock_the_person_out(client, user, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 3
    attacker = Client()
    for _ in range(6):
        attempt(attacker, user.email, address="203.0.113.66")

    assert attempt(attacker, user.email, PASSWORD, address="203.0.113.66").status_code == 429
    assert attempt(client, user.email, PASSWORD, address="198.51.100.7").status_code == 302


def test_from_a_browser_used_before_the_person_gets_in_despite_the_global_pause(
    client, user, settings
):
    settings.LOGIN_FAILURES_PER_ACCOUNT_GLOBAL = 4
    assert attempt(client, user.email, PASSWORD).status_code == 302  # sets the device cookie
    client.post(reverse("accounts:logout"))
    for number in range(4):  # spread out, so no per-address limit is reached
        attempt(Client(), user.email, address=f"203.0.113.{number}")
    stranger_browser = Client()

    assert attempt(stranger_browser, user.email, PASSWORD, "192.0.2.1").status_code == 429
    assert attempt(client, user.email, PASSWORD, address="192.0.2.1").status_code == 302


def test_wrong_passwords_from_a_known_browser_pause_that_browser(client, user, settings):
    settings.LOGIN_FAILURES_PER_ACCOUNT = 3
    assert attempt(client, user.email, PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))
    for _ in range(3):
        attempt(client, user.email)

    assert attempt(client, user.email, PASSWORD).status_code == 429


def test_a_device_cookie_only_vouches_for_the_account_it_was_set_for(client, couple, settings):
    ana, bo = couple
    settings.LOGIN_FAILURES_PER_ADDRESS = 2
    assert attempt(client, ana.email, PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))
    attempt(Client(), "someone@example.org")
    attempt(Client(), "someone-else@example.org")

    # Bo's login from Ana's browser is an unknown device for Bo: the address pause applies.
    assert attempt(client, bo.email, PASSWORD).status_code == 429


def test_partners_behind_one_home_address_do_not_lock_each_other_out(couple, settings):
    ana, bo = couple
    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    home = "198.51.100.7"
    ana_phone = Client()
    assert attempt(ana_phone, ana.email, PASSWORD, home).status_code == 302
    ana_phone.post(reverse("accounts:logout"))
    borrowed_laptop = Client()
    for _ in range(5):  # Bo keeps mistyping his password on a laptop he never used before
        attempt(borrowed_laptop, bo.email, address=home)

    assert attempt(Client(), ana.email, PASSWORD, home).status_code == 429  # a new browser
    assert attempt(ana_phone, ana.email, PASSWORD, home).status_code == 302


def test_a_password_reset_by_email_lets_the_person_back_in(client, user, settings, mailoutbox):
    settings.LOGIN_FAILURES_PER_ACCOUNT_GLOBAL = 3
    for number in range(2):
        attempt(Client(), user.email, address=f"203.0.113.{number}")
    attempt(client, user.email)  # and one mistyped by the person, at home
    assert attempt(client, user.email, PASSWORD).status_code == 429

    client.post(reverse("accounts:password_reset"), {"email": user.email})
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/\S+)", mailoutbox[0].body)[1]
    form_url = client.get(link)["Location"]
    new_password = "a-fresh-evening-passphrase"
    done = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    client.post(reverse("accounts:logout"))

    assert attempt(client, user.email, new_password).status_code == 302
    # A browser that never logged in, at the address of the wrong tries, gets in too.
    assert attempt(Client(), user.email, new_password).status_code == 302


def reset(client, email, address="198.51.100.7"):
    return client.post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_password_reset_emails_to_one_address_are_limited(client, user, settings, mailoutbox):
    settings.PASSWORD_RESETS_PER_EMAIL = 3
    answers = [reset(client, user.email, f"203.0.113.{number}") for number in range(8)]

    assert len(mailoutbox) == 3
    # The same answer every time: the page never says whether an account exists or got mail.
    assert {answer.status_code for answer in answers} == {302}
    assert {answer["Location"] for answer in answers} == {reverse("accounts:password_reset_done")}


def test_password_reset_requests_from_one_address_are_limited(client, settings, mailoutbox):
    from tests.factories import UserFactory

    settings.PASSWORD_RESETS_PER_ADDRESS = 3
    people = UserFactory.create_batch(4)
    for person in people[:3]:
        assert reset(client, person.email).status_code == 302

    paused = reset(client, people[3].email)

    assert paused.status_code == 429
    assert "sending more emails is paused" in paused.text
    assert len(mailoutbox) == 3
    assert reset(client, people[3].email, address="192.0.2.5").status_code == 302
    assert len(mailoutbox) == 4
