"""Login throttling per account and per address, on Django's cache.

django-axes is the usual library, but its releases do not yet declare Django 6.1; this
module is the small part of it Duet needs. `LockoutBackend` sits first in
AUTHENTICATION_BACKENDS so every login path (the app's form and the admin's) is paused
once either counter reaches its limit; failures are counted from `user_login_failed`.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver

from audit.log import client_ip, record
from audit.models import AuditEvent

LOCKED_MESSAGE = (
    "I notice several attempts that didn't match, so logging in is paused for a little "
    "while to keep this account safe. Please try again in {minutes} minutes, or reset "
    "your password if it has slipped your mind."
)


def _window() -> int:
    return settings.LOGIN_LOCKOUT_MINUTES * 60


def _account_key(email: str) -> str:
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return f"duet:login-failures:account:{digest}"


def _address_key(address: str) -> str:
    return f"duet:login-failures:address:{address}"


def _bump(key: str) -> int:
    # Each failure restarts the window, so an ongoing attack keeps the pause in place.
    count = (cache.get(key) or 0) + 1
    cache.set(key, count, _window())
    return count


def is_locked(email: str, address: str) -> bool:
    """Has this account or this address reached its limit of recent failures?"""
    if email and (cache.get(_account_key(email)) or 0) >= settings.LOGIN_FAILURES_PER_ACCOUNT:
        return True
    return bool(address) and (
        (cache.get(_address_key(address)) or 0) >= settings.LOGIN_FAILURES_PER_ADDRESS
    )


def register_failure(email: str, address: str, request=None) -> None:
    """Count one failed attempt against the account and the address."""
    was_locked = is_locked(email, address)
    if email:
        _bump(_account_key(email))
    if address:
        _bump(_address_key(address))
    if not was_locked and is_locked(email, address):
        record(AuditEvent.Kind.LOGIN_LOCKED, request=request)


def clear_account(email: str) -> None:
    cache.delete(_account_key(email))


def locked_message() -> str:
    return LOCKED_MESSAGE.format(minutes=settings.LOGIN_LOCKOUT_MINUTES)


class LockoutBackend:
    """Refuses every credential check while the account or address is paused.

    It has no `get_user`, so it never becomes a session's backend.
    """

    def authenticate(self, request, username=None, **kwargs):
        if username is not None and is_locked(username, client_ip(request)):
            raise PermissionDenied(locked_message())
        return None


@receiver(user_login_failed, dispatch_uid="throttle_login_failed")
def _count_failure(sender, credentials, request=None, **kwargs):
    register_failure((credentials or {}).get("username") or "", client_ip(request), request)


@receiver(user_logged_in, dispatch_uid="throttle_logged_in")
def _forget_failures(sender, request, user, **kwargs):
    clear_account(user.email)
