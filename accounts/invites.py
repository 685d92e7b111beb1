"""Who may sign up: the host's policy, one-time sign-up invitations, and partner invitations.

The policy is the admin's choice (Accounts > Sign-up policy) when set, else DUET_SIGNUP:

- open: anyone may sign up;
- invite: a live sign-up invitation from the host (the admin or `manage.py createinvite`),
  or a live partner invitation from a member (couples), lets a person in;
- closed: only a live partner invitation does.

The admission is checked twice: when the sign-up form is sent and when the emailed link is
confirmed. A host invitation is used up only at the confirmation, never when the form is
sent: using it up there would tell its holder which addresses already have an account (their
sign-up sends "someone tried" instead of a link). Two tabs with one link make one account:
the first confirmation takes the invitation with a conditional update, the second finds it
used. Under invite and closed, confirming through a partner invitation also joins the couple
in the same transaction, so one partner link makes one account, as it makes one couple.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.models import SignupInvitation, SignupSettings, User
from accounts.signup import confirm_signup
from core.tokens import hash_token

OPEN, INVITE, CLOSED = "open", "invite", "closed"

UNKNOWN = gettext_lazy(
    "I can't find this invitation. Would you check the link, or ask for a fresh one?"
)
USED = gettext_lazy("This invitation has already been used. Sign-up links work only once.")
REVOKED = gettext_lazy(
    "This invitation was withdrawn. Would you ask the person who runs Duet for a new one?"
)
EXPIRED = gettext_lazy(
    "This invitation has expired. Would you ask the person who runs Duet for a fresh one?"
)
OTHER_EMAIL = gettext_lazy(
    "This invitation was made for another email address. Would you use the address it was "
    "sent to, or ask for an invitation of your own?"
)
NOT_ADMITTED = gettext_lazy(
    "This Duet isn't taking new people without an invitation just now, so I couldn't finish "
    "this account. Would you ask the person who runs it, or your partner, for a fresh link?"
)


class SignupRefused(Exception):
    """The invitation that let this sign-up in can't be used any more (message for the person)."""


def policy() -> str:
    """The sign-up policy in force: the admin's choice if set, else DUET_SIGNUP."""
    return SignupSettings.objects.current().policy or settings.SIGNUP_POLICY


def create_invitation(
    *, email: str = "", days: float | None = None, by: User | None = None
) -> tuple[SignupInvitation, str]:
    """A new one-time sign-up invitation and its token (shown once, stored only hashed)."""
    now = timezone.now()
    days = settings.SIGNUP_INVITE_DAYS if days is None else days
    invitation = SignupInvitation(
        email=email.strip(), created_by=by, created_at=now, expires_at=now + timedelta(days=days)
    )
    token = seal(invitation)
    invitation.save()
    return invitation, token


def seal(invitation: SignupInvitation) -> str:
    """Give an unsaved invitation a fresh token; only its hash is kept on the row."""
    token = secrets.token_urlsafe(32)
    invitation.token_hash = hash_token(token)
    return token


def invitation_link(token: str) -> str:
    return f"{settings.SITE_URL}{reverse('accounts:signup_invite', args=[token])}"


def find_invitation(token: str) -> SignupInvitation | None:
    return SignupInvitation.objects.filter(token_hash=hash_token(token)).first() if token else None


def why_unusable(invitation: SignupInvitation) -> str | None:
    """The kind explanation for an invitation no one can use any more, or None."""
    return {
        SignupInvitation.State.USED: USED,
        SignupInvitation.State.REVOKED: REVOKED,
        SignupInvitation.State.EXPIRED: EXPIRED,
    }.get(invitation.state)


def fits_email(invitation: SignupInvitation, email: str) -> bool:
    return not invitation.email or invitation.email.casefold() == email.strip().casefold()


def partner_invitation(next_url: str):
    """The live partner invitation a sign-up is headed for (`next` is its join page), if any."""
    from couples import services as couples  # couples builds on accounts, not the reverse

    try:
        match = resolve(next_url.split("?", 1)[0]) if next_url else None
    except Resolver404:
        return None
    if match is None or match.view_name != "couples:join":
        return None
    invitation = couples.find_invitation(match.kwargs["token"])
    if invitation is None or couples.why_cannot_accept(invitation, _NOBODY) is not None:
        return None
    return invitation


class _Nobody:
    is_authenticated = False


_NOBODY = _Nobody()


@dataclass(frozen=True)
class Admission:
    """What lets one sign-up in under the policy in force."""

    policy: str
    invitation: SignupInvitation | None = None  # a live host invitation
    partner: object | None = None  # a live couples.Invitation

    @property
    def admitted(self) -> bool:
        if self.policy == OPEN:
            return True
        if self.policy == INVITE and self.invitation is not None:
            return True
        return self.partner is not None

    @property
    def joins_couple(self) -> bool:
        """Confirming joins the couple at once: a partner link that is the only way in."""
        return self.policy != OPEN and self.invitation is None and self.partner is not None


def admission(invitation: SignupInvitation | None, next_url: str) -> Admission:
    """The admission for a sign-up carrying `invitation` (already found) and `next_url`."""
    usable = invitation if invitation is not None and why_unusable(invitation) is None else None
    return Admission(policy=policy(), invitation=usable, partner=partner_invitation(next_url))


def finish(user: User, admitted: Admission) -> None:
    """Confirm `user`'s account under `admitted`, using up what let them in, all or nothing.

    Raises SignupRefused when the invitation was used (another tab) or withdrawn meanwhile.
    """
    from couples import services as couples

    with transaction.atomic():
        if admitted.invitation is not None:
            taken = (
                SignupInvitation.objects.usable()
                .filter(pk=admitted.invitation.pk)
                .update(used_at=timezone.now(), used_by=user)
            )
            if not taken and admitted.policy != OPEN:
                raise SignupRefused(USED)
        confirm_signup(user)
        if admitted.joins_couple:
            try:
                couples.accept_invitation(admitted.partner, user)
            except couples.PairingError as error:
                raise SignupRefused(str(error)) from error


def revoke(invitation: SignupInvitation) -> bool:
    """Withdraw a live invitation; False if it was already used, withdrawn or expired."""
    return bool(
        SignupInvitation.objects.usable().filter(pk=invitation.pk).update(revoked_at=timezone.now())
    )
