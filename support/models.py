from datetime import datetime, time, timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from accounts.localtime import wall_clock_instant
from core.fields import EncryptedCharField, EncryptedJSONField
from core.people import person
from couples import privacy
from couples.privacy import NamedByNumber, PrivateQuerySet


class Kind(models.TextChoices):
    ACCOMPANY = "accompany", _("Accompany me")
    REMIND = "remind", _("Remind me")
    REFLECT = "reflect", _("Reflect with me")
    PRACTICAL = "practical", _("Practical help")


# What a grant of each kind allows, in the partner's words: in general, and for a ritual.
# One whole wording per kind and scope, so each language can order its words.
PARTNER_WORDINGS = {
    Kind.ACCOMPANY: (
        gettext_noop("Accompany %(name)s"),
        gettext_noop("Accompany %(name)s in “%(ritual)s”"),
    ),
    Kind.REMIND: (
        gettext_noop("Remind %(name)s"),
        gettext_noop("Remind %(name)s of “%(ritual)s”"),
    ),
    Kind.REFLECT: (
        gettext_noop("Reflect with %(name)s"),
        gettext_noop("Reflect with %(name)s on “%(ritual)s”"),
    ),
    Kind.PRACTICAL: (
        gettext_noop("Offer %(name)s practical help"),
        gettext_noop("Offer %(name)s practical help with “%(ritual)s”"),
    ),
}


class ExchangeQuerySet(PrivateQuerySet):
    """Rows exchanged within the current couple: both partners read them, whichever side they
    are on; once the couple ends, no one does (not even the owner)."""

    counterpart_field = "partner"
    shared_when = Q()


def ritual_visible_to(user) -> Q:
    """General grants, and those for a ritual the viewer may see."""
    from rituals.models import Ritual

    return Q(ritual__isnull=True) | Q(ritual__in=Ritual.objects.visible_to(user).values("pk"))


class GrantQuerySet(ExchangeQuerySet):
    """Both partners read their couple's grants; former partners and others see none.

    A grant for a ritual the owner has since made private is hidden from the partner
    (its title is private again) until the ritual is shared once more.
    """

    def shared_with(self, viewer) -> Q:
        return ritual_visible_to(viewer)

    def live(self, now: datetime | None = None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )

    def given_to(self, user):
        """Live grants the viewer holds from their current partner."""
        partner = privacy.partner_of(user) if user.is_authenticated else None
        if partner is None:
            return self.none()
        return self.live().filter(owner=partner, partner=user).filter(ritual_visible_to(user))


class SupportGrant(NamedByNumber):
    """The owner's consent for the partner to offer one kind of support, within limits."""

    owner = person("grants_given")
    partner = person("grants_received")
    kind = models.CharField(max_length=10, choices=Kind)
    ritual = models.ForeignKey(
        "rituals.Ritual",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="grants",
        help_text=_("Leave empty for support in general."),
    )
    expires_at = models.DateTimeField(null=True, blank=True)
    weekly_cap = models.PositiveSmallIntegerField(
        _("at most this many a week"),
        null=True,
        blank=True,
        help_text=_("Offers or reminders under this permission, per week. Empty: no limit."),
    )
    quiet_from = models.TimeField(null=True, blank=True)
    quiet_until = models.TimeField(null=True, blank=True)
    phrasing = EncryptedCharField(
        _("how I'd like it phrased"),
        max_length=300,
        blank=True,
        help_text=_("Shown to your partner whenever they use this permission."),
    )
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = GrantQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weekly_cap__isnull=True) | Q(weekly_cap__gte=1),
                name="weekly_cap_at_least_one",
            ),
            models.CheckConstraint(
                condition=Q(quiet_from__isnull=True, quiet_until__isnull=True)
                | Q(quiet_from__isnull=False, quiet_until__isnull=False),
                name="quiet_hours_both_or_neither",
            ),
        ]

    @property
    def number_label(self) -> str:
        return f"{self.get_kind_display()} grant"

    @property
    def label(self) -> str:
        """What the grant allows, for its owner and partner (it names a shared ritual)."""
        # Translators: a kind of support and its scope: "Remind me (in general)".
        return gettext("%(kind)s (%(scope)s)") % {
            "kind": self.get_kind_display(),
            "scope": self.scope_label,
        }

    @property
    def scope_label(self) -> str:
        if self.ritual_id:
            # Translators: after a kind of support: "Remind me for “Morning pages”".
            return gettext("for “%(ritual)s”") % {"ritual": self.ritual.title}
        return gettext("in general")

    @property
    def partner_label(self) -> str:
        """What the grant allows, in the partner's words: "Remind Ana of “Morning pages”"."""
        in_general, for_ritual = PARTNER_WORDINGS[self.kind]
        if self.ritual_id:
            return gettext(for_ritual) % {
                "name": self.owner.display_name,
                "ritual": self.ritual.title,
            }
        return gettext(in_general) % {"name": self.owner.display_name}

    def is_live(
        self, now: datetime | None = None, *, couple: tuple[int, int | None] | None = None
    ) -> bool:
        """`couple`: a person's id and their current partner's, when the caller knows them
        already (a page of that person's grants), so no grant looks its people up again."""
        now = now or timezone.now()
        if self.revoked_at or (self.expires_at and self.expires_at <= now):
            return False
        # Consent belongs to the couple it was given in: it ends when the couple does.
        if couple is not None:
            return {self.owner_id, self.partner_id} == set(couple)
        return privacy.partner_of(self.partner) == self.owner

    @property
    def state(self) -> str:
        if self.revoked_at:
            return "revoked"
        if self.expires_at and self.expires_at <= timezone.now():
            return "expired"
        return "live"

    def in_quiet_hours(self, moment: datetime) -> bool:
        """Is `moment` inside the owner's quiet hours, on the owner's own clock?"""
        if self.quiet_from is None or self.quiet_until is None:
            return False
        local = moment.astimezone(self.owner.zone).time()
        start, end = self.quiet_from, self.quiet_until
        if start <= end:
            return start <= local < end
        return local >= start or local < end  # the window crosses midnight

    def quiet_hours_end_after(self, moment: datetime) -> datetime:
        """The first moment after `moment` when quiet hours are over (owner's clock, DST-safe:
        an end skipped by a spring-forward gap is the first minute after the gap)."""
        zone = self.owner.zone
        day = moment.astimezone(zone).date()
        end = wall_clock_instant(day, self.quiet_until, zone)
        if end <= moment:
            # Per day on the wall clock (not 24 hours later) keeps the offset right across DST.
            end = wall_clock_instant(day + timedelta(days=1), self.quiet_until, zone)
        return end

    def week_bounds(self, moment: datetime) -> tuple[datetime, datetime]:
        """The owner's local Monday-to-Monday week around `moment`, as aware datetimes."""
        zone = self.owner.zone
        local_day = moment.astimezone(zone).date()
        monday = local_day - timedelta(days=local_day.weekday())
        start = wall_clock_instant(monday, time(0), zone)
        end = wall_clock_instant(monday + timedelta(days=7), time(0), zone)
        return start, end


class GrantEvent(models.Model):
    """The history of a grant, readable by both partners."""

    class Action(models.TextChoices):
        GIVEN = "given", pgettext_lazy("permission", "given")
        CHANGED = "changed", pgettext_lazy("permission", "changed")
        REVOKED = "revoked", pgettext_lazy("permission", "revoked")

    grant = models.ForeignKey(SupportGrant, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=10, choices=Action)
    # The grant's limits at that moment (support.services.limits_of), worded when read, in the
    # reader's language; `summary` holds a reason the owner wrote, or older events' words.
    limits = EncryptedJSONField(null=True, blank=True)
    summary = EncryptedCharField(max_length=300)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.grant} {self.action}"


class Exchange(NamedByNumber):
    """Something one partner addresses to the other (a request, an offer) that waits for
    their answer; both see it only while their couple lasts (`ExchangeQuerySet`)."""

    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = ExchangeQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-created_at"]


class SupportRequest(Exchange):
    """The owner asks the partner for support, in their own words."""

    number_label = "Support request"

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for an answer")
        YES = "yes", _("Yes")
        NOT_THIS_TIME = "not_this_time", _("Not this time")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    owner = person("support_requests")
    partner = person("requests_received")
    kind = models.CharField(max_length=10, choices=Kind)
    text = EncryptedCharField(_("what would help"), max_length=300)
    status = models.CharField(max_length=15, choices=Status, default=Status.OPEN)
    answer = EncryptedCharField(_("an alternative, if you'd like"), max_length=300, blank=True)


class SupportOffer(Exchange):
    """The partner offers support the owner granted; the owner answers without reasons.

    `owner` is the person the support is for (the grant's owner); `partner` offers it.
    """

    number_label = "Support offer"

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        NOT_NOW = "not_now", _("Not now")
        CANCELLED = "cancelled", _("No longer possible")

    grant = models.ForeignKey(SupportGrant, on_delete=models.CASCADE, related_name="offers")
    owner = person("offers_received")
    partner = person("offers_made")
    text = EncryptedCharField(_("my offer"), max_length=300)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)


class ReminderQuerySet(ExchangeQuerySet):
    def pending(self):
        return self.filter(status=Reminder.Status.SCHEDULED)


class Reminder(models.Model):
    """A short reminder the partner schedules under a live remind grant.

    `owner` receives it (the grant's owner); `partner` wrote it.
    """

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        DELIVERED = "delivered", _("Delivered")
        CANCELLED = "cancelled", _("Cancelled")

    grant = models.ForeignKey(SupportGrant, on_delete=models.CASCADE, related_name="reminders")
    owner = person("reminders_received")
    partner = person("reminders_written")
    ritual = models.ForeignKey("rituals.Ritual", on_delete=models.CASCADE, related_name="+")
    text = EncryptedCharField(_("reminder"), max_length=200)
    due_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status, default=Status.SCHEDULED)
    cancel_reason = models.CharField(max_length=100, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    notification = models.OneToOneField(
        "notifications.Notification",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reminder",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["due_at"]
        indexes = [models.Index(fields=["status", "due_at"])]

    def __str__(self) -> str:
        return f"Reminder for {self.owner} at {self.due_at}"
