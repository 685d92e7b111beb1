import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.fields import EncryptedCharField, EncryptedTextField
from core.people import optional_person, person
from couples.privacy import NamedByNumber, PrivateQuerySet

INVITATION_LIFETIME = timedelta(days=7)


class CoupleQuerySet(models.QuerySet):
    def current(self):
        return self.filter(ended_at__isnull=True)


class Couple(models.Model):
    """Two people, or one waiting for the other. Ended couples are kept as history only."""

    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    # Bumped after every change either member makes (couples/versions.py): pages cached for
    # the couple's members are keyed by it, so no change waits for a cache to expire.
    version = models.PositiveBigIntegerField(default=0)
    # Bumped after every change but the seat's own check-ins and practice notes: what that
    # member keeps of their partner's (Today's news, Us's partner parts, the inbox badge, the
    # monthly page but for their own parts) is keyed by it, so their own evening's notes
    # don't make it drawn again (couples/versions.py).
    version_seat_1 = models.PositiveBigIntegerField(default=0)
    version_seat_2 = models.PositiveBigIntegerField(default=0)
    # Bumped after every change but the seat's own check-ins: what shows that member's own
    # practice but none of their check-ins (their rituals on Today and the monthly page) is
    # keyed by it, so their evening's check-in doesn't make it drawn again.
    version_seat_1_practice = models.PositiveBigIntegerField(default=0)
    version_seat_2_practice = models.PositiveBigIntegerField(default=0)

    objects = CoupleQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Couple #{self.pk}"


class Membership(models.Model):
    """A person's place in a couple. Seats 1 and 2 make "exactly two people" a database rule."""

    class Seat(models.IntegerChoices):
        FIRST = 1
        SECOND = 2

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="memberships")
    user = person("memberships")
    seat = models.PositiveSmallIntegerField(choices=Seat)
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["couple", "seat"], name="two_seats_per_couple"),
            models.UniqueConstraint(fields=["couple", "user"], name="one_seat_per_person"),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(left_at__isnull=True),
                name="at_most_one_current_couple",
            ),
            models.CheckConstraint(condition=Q(seat__in=[1, 2]), name="seat_is_one_or_two"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.couple}"


class InvitationQuerySet(PrivateQuerySet):
    """Invitations are seen only by the members of their (current) couple."""

    owner_field = "created_by"
    couple_field = "couple"

    def live(self):
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """A one-time link to join a couple. Only a hash of its token is stored."""

    class State(models.TextChoices):
        LIVE = "live", _("waiting for your partner")
        ACCEPTED = "accepted", pgettext_lazy("invitation", "used")
        REVOKED = "revoked", pgettext_lazy("invitation", "revoked")
        EXPIRED = "expired", pgettext_lazy("invitation", "expired")

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="invitations")
    created_by = person("+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = optional_person()
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation to {self.couple} ({self.state})"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)

    @property
    def state(self) -> str:
        if self.accepted_at:
            return self.State.ACCEPTED
        if self.revoked_at:
            return self.State.REVOKED
        if self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.LIVE


class BoundaryQuerySet(PrivateQuerySet):
    """Boundaries are written for the partner: the owner and current partner see them."""

    shared_when = Q()


class Boundary(NamedByNumber):
    """Support a person welcomes, or support that is off-limits for them."""

    class Kind(models.TextChoices):
        WELCOME = "welcome", pgettext_lazy("boundary", "Welcome")
        OFF_LIMITS = "off_limits", pgettext_lazy("boundary", "Off-limits")

    owner = person("boundaries")
    kind = models.CharField(max_length=10, choices=Kind)
    text = EncryptedCharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)

    objects = BoundaryQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "created_at"]

    @property
    def number_label(self) -> str:
        return f"{self.get_kind_display()} boundary"


class VisionQuerySet(PrivateQuerySet):
    """The shared vision belongs to the current couple: its two members see it, no one else."""

    owner_field = "author"
    couple_field = "couple"

    def latest_first(self):
        return self.order_by("-number")


class VisionVersion(models.Model):
    """One saved version of the couple's shared vision of being well. Versions are never edited:
    each save adds the next number, so a simultaneous edit collides instead of overwriting."""

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="vision_versions")
    number = models.PositiveIntegerField()
    safety = EncryptedTextField(_("what safety looks like for us"), max_length=600, blank=True)
    predictability = EncryptedTextField(
        _("what predictability looks like for us"), max_length=600, blank=True
    )
    joy = EncryptedTextField(_("what joy looks like for us"), max_length=600, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = VisionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["couple", "number"], name="one_vision_version_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="vision_numbers_start_at_1"),
        ]

    def __str__(self) -> str:
        return f"Vision version {self.number} of {self.couple}"

    TEXT_FIELDS = ("safety", "predictability", "joy")

    def texts(self) -> dict[str, str]:
        return {field: getattr(self, field) for field in self.TEXT_FIELDS}
