import re

import pytest
from django.contrib.auth import get_user
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = reverse("accounts:signup")


def signup_data(**overrides):
    data = {
        "display_name": "Ana",
        "email": "Ana@Example.org",
        "pronouns": "she/her",
        "time_zone": "",
        "browser_time_zone": "America/Sao_Paulo",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return data


def test_signup_creates_account_logs_in_and_takes_the_browser_time_zone(client):
    response = client.post(SIGNUP, signup_data())

    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "ana@example.org"
    assert user.time_zone == "America/Sao_Paulo"
    assert user.evening_time.hour == 21
    assert get_user(client) == user


def test_signup_zone_chosen_in_the_form_wins_over_the_browser(client):
    client.post(SIGNUP, signup_data(time_zone="Asia/Tokyo"))

    assert User.objects.get().time_zone == "Asia/Tokyo"


def test_signup_with_an_unknown_browser_zone_falls_back_to_utc(client):
    client.post(SIGNUP, signup_data(browser_time_zone="Mars/Olympus_Mons"))

    assert User.objects.get().time_zone == "UTC"


def test_signup_rejects_an_unknown_chosen_zone_next_to_the_field(client):
    response = client.post(SIGNUP, signup_data(time_zone="Mars/Olympus_Mons"))

    assert response.status_code == 400
    assert "Select a valid choice" in response.text
    assert not User.objects.exists()


def test_signup_refuses_an_email_already_used_whatever_its_case(client):
    UserFactory(email="ana@example.org")

    response = client.post(SIGNUP, signup_data(email="ANA@example.org"))

    assert response.status_code == 400
    assert "An account with this email already exists" in response.text
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("password1", "password2", "message"),
    [
        (PASSWORD, PASSWORD + "x", "The two password fields didn"),
        ("short", "short", "This password is too short"),
        ("1234567890123", "1234567890123", "This password is entirely numeric"),
    ],
)
def test_signup_explains_password_problems(client, password1, password2, message):
    response = client.post(SIGNUP, signup_data(password1=password1, password2=password2))

    assert response.status_code == 400
    assert message in response.text
    assert not User.objects.exists()


def test_signup_shows_every_missing_field(client):
    response = client.post(SIGNUP, {})

    assert response.status_code == 400
    assert response.text.count("This field is required") >= 4


def test_signup_follows_a_safe_next_and_ignores_an_offsite_one(client):
    response = client.post(SIGNUP, signup_data(next="/us/"))
    assert response["Location"] == "/us/"

    client.logout()
    response = client.post(
        SIGNUP, signup_data(email="other@example.org", next="https://evil.example/")
    )
    assert response["Location"] == reverse("home")


def test_login_accepts_the_email_in_any_case(client):
    UserFactory(email="bo@example.org")

    response = client.post(
        reverse("accounts:login"), {"username": "BO@example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert get_user(client).is_authenticated


def test_login_with_a_wrong_password_says_so_kindly(client):
    UserFactory(email="bo@example.org")

    response = client.post(
        reverse("accounts:login"), {"username": "bo@example.org", "password": "nope"}
    )

    assert response.status_code == 400
    assert "don&#x27;t match an account" in response.text
    assert not get_user(client).is_authenticated


def test_logout_is_a_post(client, user):
    client.force_login(user)

    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert not get_user(client).is_authenticated


def test_settings_need_login(client):
    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_settings_update_the_profile(client, user):
    client.force_login(user)

    response = client.post(
        reverse("accounts:profile"),
        {
            "display_name": "Ana Sofia",
            "pronouns": "she/they",
            "time_zone": "Australia/Sydney",
            "evening_time": "20:30",
            "language": "en",
        },
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.display_name, user.time_zone, user.evening_time.strftime("%H:%M")) == (
        "Ana Sofia",
        "Australia/Sydney",
        "20:30",
    )


def test_settings_show_errors_next_to_bad_fields_and_save_nothing(client, user):
    client.force_login(user)

    response = client.post(
        reverse("accounts:profile"),
        {
            "display_name": "New name",
            "time_zone": "Nowhere/Land",
            "evening_time": "25:99",
            "language": "xx",
        },
    )

    assert response.status_code == 400
    assert "Enter a valid time" in response.text
    assert response.text.count("Select a valid choice") == 2
    user.refresh_from_db()
    assert user.display_name == "Ana"


def test_password_change(client, user):
    client.force_login(user)

    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "another-long-passphrase",
            "new_password2": "another-long-passphrase",
        },
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another-long-passphrase")


def test_password_reset_by_email_end_to_end(client):
    user = UserFactory(email="ana@example.org")

    client.post(reverse("accounts:password_reset"), {"email": "ANA@example.org"})

    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password/reset/\S+)", mail.outbox[0].body)[1]
    form_url = client.get(link)["Location"]
    response = client.post(
        form_url,
        {"new_password1": "a-fresh-passphrase", "new_password2": "a-fresh-passphrase"},
    )
    assert response["Location"] == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("a-fresh-passphrase")


def test_password_reset_for_an_unknown_address_reveals_nothing(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})

    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []
