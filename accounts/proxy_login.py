"""Logging in from a header set by the host's authenticating proxy (Authelia, authentik...).

Off unless DUET_PROXY_LOGIN_HEADER names the header, and then believed only on requests whose
direct peer (REMOTE_ADDR, never X-Forwarded-For, which a client can write) is one of
DUET_TRUSTED_PROXY_IPS: from any other address the header is ignored as if absent. The header
carries the person's email address; it opens that account, made when sign-up is open
(accounts/oidc.py `account_for_email`). A session made this way ends when the proxy stops
sending the header, and follows it when it names someone else.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from accounts.oidc import SignInRefused, account_for_email

BACKEND = "accounts.proxy_login.ProxyHeaderBackend"


def from_trusted_proxy(request) -> bool:
    """Did this request come straight from one of the host's proxies?"""
    try:
        peer = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(
        peer in ipaddress.ip_network(network, strict=False)
        for network in settings.TRUSTED_PROXY_IPS
    )


def _asserted_email(request) -> str | None:
    """The email the proxy vouches for, or None when there is no proxy login for this request."""
    header = settings.PROXY_LOGIN_HEADER
    if not header or not settings.TRUSTED_PROXY_IPS or not from_trusted_proxy(request):
        return None
    return request.headers.get(header, "").strip()


class ProxyHeaderBackend(ModelBackend):
    """Authenticates the email a trusted proxy asserted; nothing else reaches it."""

    def authenticate(self, request, proxy_email=None, **kwargs):
        if not proxy_email or request is None or _asserted_email(request) != proxy_email:
            return None
        try:
            validate_email(proxy_email)
            user = account_for_email(proxy_email)
        except (ValidationError, SignInRefused):
            return None
        return user if self.user_can_authenticate(user) else None


class TrustedProxyLoginMiddleware:
    """After AuthenticationMiddleware: logs in (or out) whoever the trusted proxy names."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        email = _asserted_email(request)
        if email is not None:
            self._follow(request, email)
        return self.get_response(request)

    def _follow(self, request, email: str) -> None:
        user = request.user
        if user.is_authenticated:
            if user.email.lower() == email.lower():
                return
            if not email and request.session.get(auth.BACKEND_SESSION_KEY) != BACKEND:
                return  # a login made another way is the person's own, not the proxy's
            auth.logout(request)
        if email:
            person = auth.authenticate(request, proxy_email=email)
            if person is not None:
                auth.login(request, person)
