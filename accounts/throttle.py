"""Login and password-reset throttling, on Django's cache, keyed so no one can lock a person out.

django-axes is the usual library, but its releases do not yet declare Django 6.1; this
module is the small part of it Duet needs, following OWASP's "device cookies" design:

- a failure counts against the account *from that address* (LOGIN_FAILURES_PER_ACCOUNT),
  against the address (LOGIN_FAILURES_PER_ADDRESS) and against the account everywhere, with
  a much higher, slower limit (LOGIN_FAILURES_PER_ACCOUNT_GLOBAL per hour). An attacker
  elsewhere pauses only their own attempts, until the global limit;
- a browser where the person logged in before carries a signed device cookie for that
  account. From it only its own failures count, so neither the global limit nor a partner
  mistyping behind the same home address keeps the person out;
- a password reset (proof by email) clears the account's counters and trusts that browser.

`LockoutBackend` sits first in AUTHENTICATION_BACKENDS so every login path (the app's form
and the admin's) is paused; failures are counted from `user_login_failed`.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from django.utils.translation import gettext_lazy, ngettext

from audit.log import client_ip, record
from audit.models import AuditEvent

DEVICE_COOKIE = "duet_device"
DEVICE_SALT = "duet.accounts.throttle.device"
DEVICE_DAYS = 365


def _window() -> int:
    return settings.LOGIN_LOCKOUT_MINUTES * 60


def _email_digest(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


def _counter(*parts: str) -> str:
    return "duet:throttle:" + ":".join(parts)


def _count(key: str) -> int:
    return cache.get(key) or 0


def _bump(key: str, seconds: int) -> int:
    # add + incr rather than get + set: with REDIS_URL several web servers count one
    # account at once, and Redis's INCR loses none of their attempts.
    cache.add(key, 0, seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between the two calls
        cache.set(key, count := 1, seconds)
    # Each failure restarts the window, so an ongoing attack keeps the pause in place.
    cache.touch(key, seconds)
    return count


def _login_keys(email: str, address: str, device: str) -> list[tuple[str, int, int]]:
    """(counter, limit, window) pairs that apply to one attempt."""
    digest = _email_digest(email) if email else ""
    if device:
        return [
            (_counter("device", digest, device), settings.LOGIN_FAILURES_PER_ACCOUNT, _window())
        ]
    keys = []
    if digest:
        keys += [
            (
                _counter("account-source", digest, address),
                settings.LOGIN_FAILURES_PER_ACCOUNT,
                _window(),
            ),
            (_counter("account", digest), settings.LOGIN_FAILURES_PER_ACCOUNT_GLOBAL, 3600),
        ]
    if address:
        keys.append((_counter("address", address), settings.LOGIN_FAILURES_PER_ADDRESS, _window()))
    return keys


def is_locked(email: str, address: str, device: str = "") -> bool:
    """Has any counter that applies to this attempt reached its limit?

    `device` is the id from `trusted_device`: a browser the person logged in from before.
    """
    return any(_count(key) >= limit for key, limit, _ in _login_keys(email, address, device))


def register_failure(email: str, address: str, request=None, device: str = "") -> None:
    """Count one failed attempt against every counter that applies to it."""
    was_locked = is_locked(email, address, device)
    for key, _limit, seconds in _login_keys(email, address, device):
        _bump(key, seconds)
    if not was_locked and is_locked(email, address, device):
        record(AuditEvent.Kind.LOGIN_LOCKED, request=request)


def clear_account(email: str, address: str = "", device: str = "") -> None:
    """A successful login clears what its own attempts counted (not the global count)."""
    digest = _email_digest(email)
    cache.delete(_counter("account-source", digest, address))
    if device:
        cache.delete(_counter("device", digest, device))


def clear_after_reset(email: str, address: str) -> None:
    """Proof by email: the account's global pause and its pause from this address end."""
    digest = _email_digest(email)
    cache.delete(_counter("account", digest))
    cache.delete(_counter("account-source", digest, address))


def locked_message() -> str:
    minutes = settings.LOGIN_LOCKOUT_MINUTES
    return ngettext(
        "I notice several attempts that didn't match, so logging in is paused for a little "
        "while to keep this account safe. Please try again in %(minutes)d minute, or reset "
        "your password by email, which lets you straight back in.",
        "I notice several attempts that didn't match, so logging in is paused for a little "
        "while to keep this account safe. Please try again in %(minutes)d minutes, or reset "
        "your password by email, which lets you straight back in.",
        minutes,
    ) % {"minutes": minutes}


# Known devices


def trusted_device(request, email: str) -> str:
    """The device id of this browser if the person logged in to `email` from it before."""
    if request is None or not email:
        return ""
    try:
        value = request.get_signed_cookie(
            DEVICE_COOKIE, salt=DEVICE_SALT, max_age=DEVICE_DAYS * 86400
        )
        digest, device = value.split(":", 1)
    except (KeyError, signing.BadSignature, ValueError):
        return ""
    return device if secrets.compare_digest(digest, _email_digest(email)) else ""


def remember_device(response, user) -> None:
    """Mark this browser as one the person logs in from (a signed, HttpOnly cookie)."""
    response.set_signed_cookie(
        DEVICE_COOKIE,
        f"{_email_digest(user.email)}:{secrets.token_urlsafe(12)}",
        salt=DEVICE_SALT,
        max_age=DEVICE_DAYS * 86400,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


# Emails sent on request (password resets, sign-ups)

EMAILS_PAUSED_MESSAGE = gettext_lazy(
    "I notice many requests from here, so sending more emails is paused for a while. "
    "Please try again in an hour; the emails already sent still work."
)


def allow_email(purpose: str, email: str, address: str) -> str:
    """Count one request to email `email`; "" if it may go, else why not ("email"/"address").

    At most PASSWORD_RESETS_PER_EMAIL an hour reach one email, and one address may ask for
    at most PASSWORD_RESETS_PER_ADDRESS, so the form can't be used to flood anyone's inbox.
    """
    hour = 3600
    email_key = _counter(f"{purpose}-email", _email_digest(email))
    address_key = _counter(f"{purpose}-address", address)
    if address and _count(address_key) >= settings.PASSWORD_RESETS_PER_ADDRESS:
        return "address"
    if address:
        _bump(address_key, hour)
    if _bump(email_key, hour) > settings.PASSWORD_RESETS_PER_EMAIL:
        return "email"
    return ""


class LockoutBackend:
    """Refuses every credential check while a counter for this attempt is at its limit.

    It has no `get_user`, so it never becomes a session's backend.
    """

    def authenticate(self, request, username=None, **kwargs):
        if username is not None and is_locked(
            username, client_ip(request), trusted_device(request, username)
        ):
            raise PermissionDenied(locked_message())
        return None


@receiver(user_login_failed, dispatch_uid="throttle_login_failed")
def _count_failure(sender, credentials, request=None, **kwargs):
    email = (credentials or {}).get("username") or ""
    register_failure(email, client_ip(request), request, trusted_device(request, email))


@receiver(user_logged_in, dispatch_uid="throttle_logged_in")
def _forget_failures(sender, request, user, **kwargs):
    clear_account(user.email, client_ip(request), trusted_device(request, user.email))
