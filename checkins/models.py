from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from core.people import one_per_person, person
from couples import privacy
from couples.answers import PartnerAnswer
from couples.privacy import PrivateQuerySet

ONE_TO_FIVE = [MinValueValidator(1), MaxValueValidator(5)]
# The parts of a check-in its owner can share, each on its own.
SHAREABLE_PARTS = ["feeling", "sleep", "energy", "wish", "note"]


class Wish(models.TextChoices):
    # Translators: "What would help tonight?" — the check-in's answers, also shown to the
    # partner as "What would help tonight: Just listen".
    LISTEN = "listen", _("Just listen")
    COMPANY = "company", _("Company")
    SPACE = "space", _("Some space")
    PRACTICAL = "practical", _("Practical help")
    NOTHING = "nothing", _("Nothing needed")


class SharingChoices(models.Model):
    """Which parts of a check-in are shared: a person's defaults, and each check-in's own."""

    # Translators: the parts of a check-in its owner may share, as tick boxes ("My feeling").
    share_feeling = models.BooleanField(_("my feeling"), default=False)
    share_sleep = models.BooleanField(_("my sleep"), default=False)
    share_energy = models.BooleanField(_("my energy"), default=False)
    share_wish = models.BooleanField(_("what would help tonight"), default=False)
    share_note = models.BooleanField(_("my note"), default=False)

    class Meta:
        abstract = True

    def sharing(self) -> dict[str, bool]:
        return {part: getattr(self, f"share_{part}") for part in SHAREABLE_PARTS}

    def sharing_fields(self) -> list[tuple[str, str, bool]]:
        """(field name, label, shared?) for each shareable part, for sharing checkboxes."""
        return [
            (f"share_{part}", self._meta.get_field(f"share_{part}").verbose_name, shared)
            for part, shared in self.sharing().items()
        ]


class SharingDefaults(SharingChoices):
    owner = one_per_person("checkin_defaults")

    objects = PrivateQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Check-in sharing defaults of {self.owner}"

    @classmethod
    def for_person(cls, person) -> "SharingDefaults":
        return cls.objects.owned_by(person).first() or cls(owner=person)


def shared_anything() -> Q:
    return (
        Q(share_feeling=True)
        | Q(share_sleep=True)
        | Q(share_energy=True)
        | Q(share_wish=True)
        | Q(share_note=True)
    )


class CheckInQuerySet(PrivateQuerySet):
    """The partner sees a check-in that shares at least one part (and then only those parts,
    by `CheckIn.visible_parts`)."""

    shared_when = shared_anything()


class CheckIn(SharingChoices):
    owner = person("checkins")
    evening = models.DateField(help_text="The owner's local evening this check-in is about.")
    pleasantness = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    feeling_energy = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    feeling_words = models.JSONField(default=list, blank=True)
    sleep_hours = models.DecimalField(
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(24)],
    )
    sleep_quality = models.PositiveSmallIntegerField(null=True, blank=True, validators=ONE_TO_FIVE)
    energy = models.PositiveSmallIntegerField(null=True, blank=True, validators=ONE_TO_FIVE)
    # A key of the owner's "what would help" options (words.vocabulary): a Wish or their own.
    wish = models.CharField(max_length=10, blank=True)
    note = EncryptedTextField(max_length=1000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["-evening"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "evening"], name="one_checkin_per_evening"),
            models.CheckConstraint(
                condition=Q(pleasantness__range=(1, 5)), name="pleasantness_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(feeling_energy__range=(1, 5)), name="feeling_energy_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(sleep_quality__isnull=True) | Q(sleep_quality__range=(1, 5)),
                name="sleep_quality_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(energy__isnull=True) | Q(energy__range=(1, 5)), name="energy_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(sleep_hours__isnull=True) | Q(sleep_hours__range=(0, 24)),
                name="sleep_hours_0_to_24",
            ),
        ]

    def __str__(self) -> str:
        return f"Check-in of {self.owner} for {self.evening}"

    def visible_parts(self, viewer) -> set[str]:
        """The parts `viewer` may see, by the privacy rule: all for the owner."""
        return {
            part
            for part, shared in self.sharing().items()
            if privacy.can_view(viewer, self.owner_id, shared=shared)
        }


class Acknowledgement(PartnerAnswer):
    """A partner's answer to a check-in: acknowledgement, never advice."""

    answered_field = "checkin"

    class Kind(models.TextChoices):
        # Translators: a partner's answers to a shared check-in: warm, never advice.
        THANKS = "thanks", _("Thank you for telling me")
        HERE = "here", _("I'm here")
        WARMTH = "warmth", _("Sending warmth")

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="acknowledgements")
    author = person("acknowledgements")
    kind = models.CharField(max_length=10, choices=Kind)

    class Meta(PartnerAnswer.Meta):
        constraints = [
            models.UniqueConstraint(fields=["checkin", "author"], name="one_answer_per_partner")
        ]


class CheckinReminderSent(models.Model):
    """The evening check-in reminder went to this person for this evening: at most once."""

    owner = person("checkin_reminders")
    evening = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    objects = PrivateQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "evening"], name="one_checkin_reminder_per_evening"
            )
        ]

    def __str__(self) -> str:
        return f"Check-in reminder to {self.owner} for {self.evening}"


class CheckInSubmission(models.Model):
    """A check-in form that was saved, by the key it was rendered with: sent again (a double
    tap, a phone resending what it kept offline), it is answered as saved, not saved twice."""

    owner = person("checkin_submissions")
    key = models.UUIDField()
    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="submissions")
    saved_at = models.DateTimeField(default=timezone.now)

    objects = PrivateQuerySet.as_manager()

    class Meta:
        constraints = [
            # Per person: another person's identical key is their own submission.
            models.UniqueConstraint(fields=["owner", "key"], name="one_save_per_submission_key")
        ]

    def __str__(self) -> str:
        return f"Check-in submission of {self.owner} at {self.saved_at:%Y-%m-%d %H:%M}"
