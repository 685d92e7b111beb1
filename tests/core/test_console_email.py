"""The embedded default prints emails to the console: who for and the subject, no body."""

import pytest
from django.core.mail import send_mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def console_email(settings):
    # The settings module's own choice when no EMAIL_HOST is set (tests swap in locmem).
    settings.MAILERS = {"default": {"BACKEND": "core.mail.ConsoleEmailBackend"}}
    settings.EMAIL_DEBUG_BODIES = False
    return settings


def test_a_password_reset_prints_recipient_and_subject_but_not_the_link(
    client, user, console_email, capsys
):
    client.post(reverse("accounts:password_reset"), {"email": user.email})

    printed = capsys.readouterr().out
    assert user.email in printed
    assert "Reset your Duet password" in printed
    assert "/accounts/password/reset/" not in printed
    assert "set-password" not in printed


def test_bodies_are_printed_only_when_the_debug_setting_asks(client, user, console_email, capsys):
    console_email.EMAIL_DEBUG_BODIES = True

    client.post(reverse("accounts:password_reset"), {"email": user.email})

    assert "/accounts/password/reset/" in capsys.readouterr().out


def test_a_notification_email_body_stays_out_of_the_console(console_email, capsys):
    # What notifications/services.py sends: a generic subject, private text in the body.
    send_mail("Duet: Reminder", "Hello Bo,\n\nMARK-private-title\n", None, ["bo@example.org"])

    printed = capsys.readouterr().out
    assert "bo@example.org" in printed and "Duet: Reminder" in printed
    assert "MARK-private-title" not in printed
