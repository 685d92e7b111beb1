"""Forming and ending couples: every write that touches pairing goes through here."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from core.tokens import hash_token
from couples import privacy
from couples.models import (
    INVITATION_LIFETIME,
    Couple,
    Invitation,
    Membership,
    VisionVersion,
)
from couples.signals import couple_ended, vision_saved


class PairingError(Exception):
    """A pairing step that cannot happen; its message is meant for the person."""


def _in_a_couple(user, *, with_partner: bool = False) -> bool:
    # Writes decide on fresh rows, never on the per-request cache in `privacy`.
    memberships = Membership.objects.filter(user=user, left_at__isnull=True)
    if with_partner:
        memberships = memberships.filter(couple__memberships__seat=Membership.Seat.SECOND)
    return memberships.exists()


def lock_current_memberships(user) -> None:
    """Lock the rows of the person's current couple in one order (by pk), the order consent
    checks at delivery lock them in, so a change to the couple never deadlocks with them."""
    list(
        Membership.objects.select_for_update(of=("self",))
        .filter(couple__memberships__user=user, couple__memberships__left_at__isnull=True)
        .filter(left_at__isnull=True)
        .order_by("pk")
    )


def _end_couple(couple: Couple, now) -> None:
    list(couple.memberships.select_for_update(of=("self",)).order_by("pk"))
    Couple.objects.filter(pk=couple.pk, ended_at__isnull=True).update(ended_at=now)
    couple.memberships.filter(left_at__isnull=True).update(left_at=now)
    couple.invitations.live().update(revoked_at=now)
    couple_ended.send(sender=Couple, couple=couple, now=now)


def start_couple(user) -> Couple:
    """Open a couple with `user` in the first seat, waiting for a partner."""
    if _in_a_couple(user):
        raise PairingError(gettext("You're already in a couple."))
    try:
        with transaction.atomic():
            couple = Couple.objects.create()
            Membership.objects.create(couple=couple, user=user, seat=Membership.Seat.FIRST)
    except IntegrityError as error:
        raise PairingError(gettext("You're already in a couple.")) from error
    privacy.forget(user)
    return couple


def create_invitation(couple: Couple, by) -> tuple[Invitation, str]:
    """Make a fresh one-time link; any earlier live link for the couple stops working."""
    if couple.ended_at or couple.memberships.filter(left_at__isnull=True).count() >= 2:
        raise PairingError(
            gettext("Your couple is already complete, so there is no one left to invite.")
        )
    token = Invitation.new_token()
    now = timezone.now()
    with transaction.atomic():
        couple.invitations.live().update(revoked_at=now)
        invitation = Invitation.objects.create(
            couple=couple,
            created_by=by,
            token_hash=hash_token(token),
            created_at=now,
            expires_at=now + INVITATION_LIFETIME,
        )
    return invitation, token


def find_invitation(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("couple", "created_by")
        .filter(token_hash=hash_token(token))
        .first()
    )


def revoke_invitation(invitation: Invitation) -> bool:
    """Withdraw a live link; False if it was already used, withdrawn or expired."""
    return bool(
        Invitation.objects.live().filter(pk=invitation.pk).update(revoked_at=timezone.now())
    )


def why_cannot_accept(invitation: Invitation, user) -> str | None:
    """The kind explanation for an invitation `user` cannot use, or None if they can."""
    state = invitation.state
    if state == Invitation.State.ACCEPTED:
        return gettext("This invitation has already been used. Invitation links work only once.")
    if state == Invitation.State.REVOKED:
        return gettext("This invitation was withdrawn. Would you ask for a fresh link?")
    if state == Invitation.State.EXPIRED:
        return gettext(
            "This invitation has expired (links last 7 days). Would you ask for a fresh one?"
        )
    if invitation.couple.ended_at:
        return gettext("This couple has ended, so the invitation no longer works.")
    if user.is_authenticated:
        if invitation.couple.memberships.filter(user=user).exists():
            return gettext(
                "This is your own invitation link. Share it with your partner so they can join."
            )
        # A couple still waiting for its partner gives way to the one being joined.
        if _in_a_couple(user, with_partner=True):
            return gettext(
                "You're already in a couple. A person can be in one couple at a time; "
                "leaving your current one first would make room for this."
            )
    if invitation.couple.memberships.filter(left_at__isnull=True).count() >= 2:
        return gettext("This couple already has two people.")
    return None


def accept_invitation(invitation: Invitation, user) -> Couple:
    """Seat `user` as the second member; the link is used up in the same transaction."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("couple")
            .get(pk=invitation.pk)
        )
        reason = why_cannot_accept(invitation, user)
        if reason:
            raise PairingError(reason)
        now = timezone.now()
        current = Membership.objects.filter(user=user, left_at__isnull=True).first()
        if current and current.couple.memberships.filter(left_at__isnull=True).count() > 1:
            raise PairingError(gettext("You joined another couple a moment ago."))
        if current:
            _end_couple(current.couple, now)
        try:
            with transaction.atomic():
                Membership.objects.create(
                    couple=invitation.couple, user=user, seat=Membership.Seat.SECOND, joined_at=now
                )
        except IntegrityError as error:
            raise PairingError(
                gettext("Someone else joined this couple a moment ago, or you joined another one.")
            ) from error
        invitation.accepted_at = now
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    privacy.forget(user)
    return invitation.couple


def leave_couple(user) -> None:
    """End the person's couple for both: from now on neither sees anything of the other."""
    membership = (
        Membership.objects.filter(user=user, left_at__isnull=True).select_related("couple").first()
    )
    if membership is None:
        raise PairingError(gettext("You're not in a couple right now."))
    couple = membership.couple
    with transaction.atomic():
        _end_couple(couple, timezone.now())
    privacy.forget(user)


class VisionConflict(Exception):
    """Someone saved the shared vision after the version this edit started from."""

    def __init__(self, theirs: VisionVersion):
        super().__init__(f"Version {theirs.number} was saved meanwhile.")
        self.theirs = theirs


def save_vision(couple: Couple, author, based_on: int, texts: dict[str, str]) -> VisionVersion:
    """Add the next version of the couple's vision; raise VisionConflict instead of overwriting
    a version saved since `based_on` (0 when the edit began before any version existed)."""
    latest = couple.vision_versions.latest_first().first()
    latest_number = latest.number if latest else 0
    if latest is not None and based_on != latest_number:
        if latest.author_id == author.pk and latest.texts() == texts:
            return latest  # the same edit posted twice: it is saved already
        raise VisionConflict(latest)
    if latest and latest.texts() == texts:
        return latest
    try:
        with transaction.atomic():
            version = VisionVersion.objects.create(
                couple=couple, number=latest_number + 1, author=author, **texts
            )
            vision_saved.send(sender=VisionVersion, version=version)
            return version
    except IntegrityError:
        # The other partner's save took this number between our read and our insert.
        raise VisionConflict(couple.vision_versions.latest_first().first()) from None


def forget_author(user) -> None:
    """Before `user`'s account goes: their versions of a vision stay as "a former member"'s,
    without their words; versions the partner saved (co-written) stay theirs."""
    VisionVersion.objects.filter(author=user).update(
        author=None, **dict.fromkeys(VisionVersion.TEXT_FIELDS, "")
    )
