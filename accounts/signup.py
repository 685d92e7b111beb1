"""Signing up without telling anyone who is registered.

Every valid sign-up gets the same answer ("check your email"). A new address receives a
one-time link that finishes the account; an address that already has an account receives
a note that someone tried to sign up with it, with the way to log in or reset the password.
Until the link is opened the account is inactive and unconfirmed; signing up again with
the same address replaces its details, so no one can hold an address they don't read.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlencode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User


class SignupTokenGenerator(PasswordResetTokenGenerator):
    """One use: confirming (or signing up again, which changes the password) spends it."""

    key_salt = "duet.accounts.signup.SignupTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{super()._make_hash_value(user, timestamp)}{user.email_confirmed}"


signup_tokens = SignupTokenGenerator()

SUBJECT_CONFIRM = gettext_lazy("Finish creating your Duet account")
SUBJECT_EXISTS = gettext_lazy("Someone tried to sign up with your email")


def start_signup(form, next_url: str = "", invite: str = "") -> None:
    """Email the address either a link that finishes the account or a note that it has one.

    Raises OSError or SMTPException when the mail server can't take the email; then
    nothing is saved, whichever email it was.
    """
    email = form.cleaned_data["email"]
    # Sent inside the transaction: if the mail server can't take it, nothing is kept.
    with transaction.atomic():
        existing = User.objects.select_for_update().filter(email__iexact=email).first()
        if existing is not None and existing.email_confirmed:
            _send_already_registered(existing)
            return
        user = form.save(commit=False)
        if existing is not None:  # an earlier, unconfirmed sign-up: the newest details win
            user.pk, user.date_joined = existing.pk, existing.date_joined
        user.is_active, user.email_confirmed = False, False
        user.save()
        _send_confirmation(user, next_url, invite)


def confirm_signup(user: User) -> None:
    """The link was opened: the account is the address owner's, and opens."""
    user.is_active, user.email_confirmed = True, True
    user.save(update_fields=["is_active", "email_confirmed"])


def user_for_link(uidb64: str, token: str) -> User | None:
    """The unconfirmed account a sign-up link names, if the link is still good."""
    from django.utils.http import urlsafe_base64_decode

    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (TypeError, ValueError, OverflowError, UnicodeDecodeError):
        return None
    user = User.objects.filter(pk=pk, email_confirmed=False).first()
    if user is None or not signup_tokens.check_token(user, token):
        return None
    return user


def _send_confirmation(user: User, next_url: str, invite: str = "") -> None:
    path = reverse(
        "accounts:signup_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": signup_tokens.make_token(user),
        },
    )
    # The host's sign-up invitation (accounts/invites.py) is used up only when this opens.
    query = {key: value for key, value in (("next", next_url), ("invite", invite)) if value}
    if query:
        path += "?" + urlencode(query)
    _send(user, "accounts/email/signup_confirm.txt", SUBJECT_CONFIRM, path)


def _send_already_registered(user: User) -> None:
    _send(user, "accounts/email/signup_exists.txt", SUBJECT_EXISTS)


def _send(user: User, template: str, subject, path: str = "") -> None:
    """Written in the recipient's own language, whatever language the request is in."""
    context = {
        "user": user,
        "link": f"{settings.SITE_URL}{path}",
        "login": f"{settings.SITE_URL}{reverse('accounts:login')}",
        "reset": f"{settings.SITE_URL}{reverse('accounts:password_reset')}",
    }
    with translation.override(user.language or settings.LANGUAGE_CODE):
        # Translators: the subject line of an email; %(subject)s is what it is about.
        full_subject = _("Duet: %(subject)s") % {"subject": subject}
        body = render_to_string(template, context)
    send_mail(full_subject, body, None, [user.email])
