"""Logging in through the host's OpenID Connect provider (mozilla-django-oidc does the protocol).

The library checks the state (one per login attempt, kept in this browser's session), the
nonce in the ID token, the token's signature against the provider's keys, and sends PKCE.
Duet adds what it leaves out: the token's issuer and audience, that the user-info answer is
about the same person, and the rule for which account a sign-in opens:

1. a sign-in linked before (issuer + subject) opens its account;
2. otherwise an email the provider says it has verified (`email_verified: true`) links to the
   account with that address, once, and an unverified email links nothing;
3. otherwise a new account is made, only while sign-up is open (accounts/policy.py).

A login through the provider skips Duet's own two-step code: the provider is where a host
asks for a second factor (README, "Single sign-on").

Confirming it's you: an account linked here confirms a sensitive step (deleting it, two-step
login off, new recovery codes) by signing in at the provider again (`prompt=login`,
`max_age=0`). The answer counts only when it is about this account's own link and the
provider says the sign-in happened after Duet asked; it then holds for this session and
this person for CONFIRM_SECONDS (accounts/forms.py `PasswordConfirmForm`).
"""

from __future__ import annotations

import time

import requests
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from accounts.models import SingleSignOnLink, User, normalize_email
from accounts.policy import signup_allowed
from audit.log import record
from audit.models import AuditEvent

DISCOVERY_SECONDS = 3600
CONFIRM_SECONDS = 300  # how long a fresh sign-in at the provider confirms it's you
CONFIRMED_KEY = "_duet_confirmed_at_provider"
CLOCK_SLACK_SECONDS = 30  # the provider's clock may run a little behind Duet's
SWITCHED_OFF = gettext_lazy("This account is switched off. The person who runs Duet can help.")
ENDPOINT_SETTINGS = {
    "authorization_endpoint": "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "token_endpoint": "OIDC_OP_TOKEN_ENDPOINT",
    "userinfo_endpoint": "OIDC_OP_USER_ENDPOINT",
    "jwks_uri": "OIDC_OP_JWKS_ENDPOINT",
}


class ProviderUnavailable(Exception):
    """The identity provider couldn't be reached, or its discovery document is unusable."""


class SignInRefused(Exception):
    """The provider vouched for someone Duet won't let in; the message is for them."""


def enabled() -> bool:
    return bool(settings.OIDC_ISSUER)


def provider_name() -> str:
    return settings.OIDC_PROVIDER_NAME


def endpoints() -> dict[str, str]:
    """The provider's endpoints: each set explicitly wins, the rest come from its discovery
    document, fetched when first needed and kept for an hour (a down provider stops no start)."""
    explicit = {key: getattr(settings, name) for key, name in ENDPOINT_SETTINGS.items()}
    if all(explicit.values()):
        return explicit
    issuer = settings.OIDC_ISSUER
    cache_key = f"duet:oidc:discovery:{issuer}"
    discovered = cache.get(cache_key)
    if discovered is None:
        try:
            response = requests.get(
                f"{issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT
            )
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as error:
            raise ProviderUnavailable(str(error)) from error
        # The document must speak for the issuer configured, or its keys can't be trusted.
        if str(document.get("issuer", "")).rstrip("/") != issuer:
            raise ProviderUnavailable(f"discovery names issuer {document.get('issuer')!r}")
        discovered = {key: document.get(key) for key in ENDPOINT_SETTINGS}
        if not all(discovered.values()):
            raise ProviderUnavailable("discovery document lacks an endpoint")
        cache.set(cache_key, discovered, DISCOVERY_SECONDS)
    return {key: explicit[key] or discovered[key] for key in ENDPOINT_SETTINGS}


def refusal_for_unverified() -> str:
    if settings.PASSWORD_LOGIN:
        refusal = _(
            "I couldn't log you in: %(provider)s hasn't confirmed your email address, so I "
            "can't tell which Duet account is yours. Would you confirm it there, or log in "
            "with your password, or ask the person who runs this Duet?"
        )
    else:
        refusal = _(
            "I couldn't log you in: %(provider)s hasn't confirmed your email address, so I "
            "can't tell which Duet account is yours. Would you confirm it there, or ask the "
            "person who runs this Duet?"
        )
    return refusal % {"provider": provider_name()}


def account_for_email(email: str, display_name: str = "") -> User:
    """The account an address someone proved they own opens, made when sign-up is open.

    An unconfirmed sign-up with that address was made by someone who never proved it: its
    password is dropped and the address's owner takes the account.
    """
    email = normalize_email(email)
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and user.email_confirmed:
        if not user.is_active:
            raise SignInRefused(SWITCHED_OFF)
        return user
    if user is None and not signup_allowed():
        raise SignInRefused(
            _(
                "I couldn't find a Duet account for that email, and this Duet isn't open for "
                "new accounts. The person who runs it can invite you."
            )
        )
    user = user or User(email=email)
    user.display_name = (display_name or email.split("@")[0])[:60]
    user.password = make_password(None)  # no password: this person logs in through the host
    user.is_active, user.email_confirmed = True, True
    user.save()
    return user


def user_for_claims(issuer: str, claims: dict, request=None) -> User:
    """The account a provider's verified sign-in opens (the module's rule), linking it once.

    A new link is a new way into the account: it goes into the account's security events
    ("existing" when it opened an account that was there before, "new" when it made one)."""
    subject = str(claims["sub"])
    link = SingleSignOnLink.objects.select_related("user").filter(issuer=issuer, subject=subject)
    if link := link.first():
        if not link.user.is_active:
            raise SignInRefused(SWITCHED_OFF)
        return link.user
    email = claims.get("email")
    if not email or claims.get("email_verified") not in (True, "true"):
        raise SignInRefused(refusal_for_unverified())
    with transaction.atomic():
        existed = User.objects.filter(email__iexact=normalize_email(email)).exists()
        user = account_for_email(email, str(claims.get("name") or ""))
        try:
            with transaction.atomic():
                SingleSignOnLink.objects.create(user=user, issuer=issuer, subject=subject)
        except IntegrityError:
            # The account is already linked to another sign-in at this provider.
            raise SignInRefused(
                _(
                    "That Duet account is already linked to another sign-in at %(provider)s. "
                    "Would you log in with that one?"
                )
                % {"provider": provider_name()}
            ) from None
        record(
            AuditEvent.Kind.SSO_LINKED,
            user=user,
            request=request,
            detail="existing" if existed else "new",
        )
    return user


def link_for(user) -> SingleSignOnLink | None:
    """This account's sign-in at the configured provider, while single sign-on is on."""
    if not enabled() or not user.is_authenticated:
        return None
    return SingleSignOnLink.objects.filter(user=user, issuer=settings.OIDC_ISSUER).first()


def user_reconfirmed(asked: dict, claims: dict, payload: dict) -> User:
    """The account a sign-in asked for by "confirm it's you" confirms: only the account that
    asked, through its own link, signed in at the provider after Duet asked."""
    link = SingleSignOnLink.objects.filter(
        issuer=settings.OIDC_ISSUER, subject=str(claims["sub"])
    ).first()
    if link is None or link.user_id != asked["user"]:
        raise SignInRefused(
            _(
                "That sign-in at %(provider)s belongs to someone else, so it can't confirm "
                "it's you. Would you try again with your own?"
            )
            % {"provider": provider_name()}
        )
    auth_time = payload.get("auth_time")
    if not isinstance(auth_time, int | float) or auth_time < asked["at"] - CLOCK_SLACK_SECONDS:
        raise SignInRefused(
            _(
                "%(provider)s let you through without asking you to sign in again, so I "
                "can't tell it's you just now. Would you try once more?"
            )
            % {"provider": provider_name()}
        )
    return link.user


def mark_confirmed(request, user: User) -> None:
    link = link_for(user)
    request.session[CONFIRMED_KEY] = {
        "user": user.pk,
        "issuer": link.issuer,
        "subject": link.subject,
        "at": time.time(),
    }


def recently_confirmed(request, user: User) -> bool:
    """Did this person confirm it's them at the provider, in this session, just now?"""
    confirmed, link = request.session.get(CONFIRMED_KEY), link_for(user)
    return bool(
        confirmed
        and link
        and confirmed["user"] == user.pk
        and (confirmed["issuer"], confirmed["subject"]) == (link.issuer, link.subject)
        and 0 <= time.time() - confirmed["at"] <= CONFIRM_SECONDS
    )


class OIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, reading the provider's endpoints only when it is used."""

    def __init__(self, *args, **kwargs):
        # The library reads (and would discover) the endpoints for every login, password
        # logins included; Duet reads them only for a sign-in coming back from the provider.
        self.UserModel = User

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self) -> str:  # the library's attribute names
        return endpoints()["token_endpoint"]

    @property
    def OIDC_OP_USER_ENDPOINT(self) -> str:
        return endpoints()["userinfo_endpoint"]

    @property
    def OIDC_OP_JWKS_ENDPOINT(self) -> str:
        return endpoints()["jwks_uri"]

    OIDC_RP_CLIENT_ID = property(lambda self: settings.OIDC_RP_CLIENT_ID)
    OIDC_RP_CLIENT_SECRET = property(lambda self: settings.OIDC_RP_CLIENT_SECRET)
    OIDC_RP_SIGN_ALGO = property(lambda self: settings.OIDC_RP_SIGN_ALGO)
    OIDC_RP_IDP_SIGN_KEY = None

    # The library's own skips the is_active check: a switched-off account stays logged out.
    get_user = ModelBackend.get_user

    def authenticate(self, request, **kwargs):
        if not enabled() or request is None or "nonce" not in kwargs:
            return None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = [audience] if isinstance(audience, str) else list(audience or [])
        if str(payload.get("iss", "")).rstrip("/") != settings.OIDC_ISSUER:
            raise SuspiciousOperation("ID token from another issuer")
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token for another client")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        if claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("user info about someone else than the ID token")
        asked = getattr(self.request, "duet_reconfirm", None)
        try:
            if asked is not None:  # "confirm it's you": never links, makes or opens another
                return user_reconfirmed(asked, claims, payload)
            return user_for_claims(settings.OIDC_ISSUER, claims, self.request)
        except SignInRefused as refusal:
            self.request.sso_refusal = str(refusal)
            return None


class PasswordLoginSwitch:
    """With DUET_PASSWORD_LOGIN=false, no login path checks a password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if password is not None and not settings.PASSWORD_LOGIN:
            raise PermissionDenied("Logging in with a password is switched off.")
        return None
