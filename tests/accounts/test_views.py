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


def confirmation_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/signup/confirm/\S+)", message.body)[1]


def test_signup_emails_a_link_that_finishes_the_account_and_logs_in(client, mailoutbox):
    response = client.post(SIGNUP, signup_data())

    assert response["Location"] == reverse("accounts:signup_sent")
    user = User.objects.get()
    assert user.email == "ana@example.org"
    assert user.time_zone == "America/Sao_Paulo"
    assert user.evening_time.hour == 21
    assert not user.is_active and get_user(client).is_anonymous
    assert [message.to for message in mailoutbox] == [["ana@example.org"]]
    link = confirmation_link(mailoutbox[0])

    assert client.get(link).status_code == 200  # a link scanner's visit spends nothing
    finished = client.post(link)

    assert finished["Location"] == reverse("home")
    assert get_user(client) == user
    user.refresh_from_db()
    assert user.is_active and user.email_confirmed
    client.logout()
    assert client.post(link).status_code == 404  # one use only
    assert (
        client.post(
            reverse("accounts:login"), {"username": user.email, "password": PASSWORD}
        ).status_code
        == 302
    )


@pytest.mark.parametrize("registered", [False, True])
def test_signup_while_the_mail_server_is_down_says_so_and_keeps_nothing(
    client, settings, mail_server, registered
):
    settings.MAILERS = mail_server.mailers()  # a real SMTP server on 127.0.0.1, not started
    if registered:
        UserFactory(email="ana@example.org")
    before = list(User.objects.values_list("pk", "email", "is_active", "password"))

    response = client.post(SIGNUP, signup_data())

    assert response.status_code == 503
    assert "couldn&#x27;t send the email" in response.text
    assert list(User.objects.values_list("pk", "email", "is_active", "password")) == before

    mail_server.start()
    assert client.post(SIGNUP, signup_data())["Location"] == reverse("accounts:signup_sent")
    assert [message["To"] for message in mail_server.received] == ["ana@example.org"]


def test_signing_up_again_before_confirming_replaces_the_first_attempt(client, mailoutbox):
    client.post(SIGNUP, signup_data(display_name="Squatter"))
    client.post(SIGNUP, signup_data(display_name="Ana", email="ana@example.org"))

    assert client.post(confirmation_link(mailoutbox[0])).status_code == 404
    client.post(confirmation_link(mailoutbox[1]))
    assert User.objects.get().display_name == "Ana"
    assert get_user(client).display_name == "Ana"


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


def test_signup_answers_the_same_for_a_registered_email_and_tells_its_owner(client, mailoutbox):
    owner = UserFactory(email="ana@example.org", display_name="Ana")
    new = client.post(SIGNUP, signup_data(email="new@example.org"))

    other = "someone-elses-passphrase"
    taken = client.post(
        SIGNUP, signup_data(email="ANA@example.org", password1=other, password2=other)
    )

    assert (taken.status_code, taken["Location"]) == (new.status_code, new["Location"])
    assert User.objects.filter(email="ana@example.org").count() == 1
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD) and owner.is_active
    told = mailoutbox[-1]
    assert told.to == ["ana@example.org"]
    assert "tried to create a Duet account with this email" in told.body
    assert "/accounts/password/reset/" in told.body
    assert "/accounts/signup/confirm/" not in told.body


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


def test_signup_follows_a_safe_next_and_ignores_an_offsite_one(client, mailoutbox):
    client.post(SIGNUP, signup_data(next="/us/"))
    client.post(SIGNUP, signup_data(email="other@example.org", next="https://evil.example/"))

    assert client.post(confirmation_link(mailoutbox[0]))["Location"] == "/us/"
    client.logout()
    assert client.post(confirmation_link(mailoutbox[1]))["Location"] == reverse("home")


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


def test_sign_up_emails_to_one_address_are_limited_without_saying_so(client, settings, mailoutbox):
    settings.PASSWORD_RESETS_PER_EMAIL = 2
    answers = [
        client.post(SIGNUP, signup_data(), REMOTE_ADDR=f"203.0.113.{number}") for number in range(5)
    ]

    assert len(mailoutbox) == 2
    assert {answer["Location"] for answer in answers} == {reverse("accounts:signup_sent")}


def test_many_sign_ups_from_one_address_are_paused_and_save_nothing(client, settings, mailoutbox):
    settings.PASSWORD_RESETS_PER_ADDRESS = 2
    for number in range(2):
        client.post(SIGNUP, signup_data(email=f"person{number}@example.org"))

    paused = client.post(SIGNUP, signup_data(email="third@example.org"))

    assert paused.status_code == 429
    assert "sending more emails is paused" in paused.text
    assert not User.objects.filter(email="third@example.org").exists()
    assert len(mailoutbox) == 2
