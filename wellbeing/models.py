from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format

from core.fields import EncryptedCharField, EncryptedTextField
from couples.answers import PartnerAnswer
from couples.privacy import NamedByNumber, PrivateQuerySet


class SharedFlagQuerySet(PrivateQuerySet):
    """Records the partner sees while their owner has ticked "shared"."""

    shared_when = Q(shared=True)


# Support network


class ContactKind(models.TextChoices):
    FRIEND = "friend", "Friend"
    FAMILY = "family", "Family"
    PROFESSIONAL = "professional", "Therapist or counsellor"
    GROUP = "group", "Group"
    HELPLINE = "helpline", "Helpline"


class Contact(NamedByNumber):
    """Someone (or a service) a person can turn to, beyond their partner."""

    number_label = "Support contact"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_contacts"
    )
    name = EncryptedCharField(max_length=100)
    kind = models.CharField(max_length=15, choices=ContactKind, default=ContactKind.FRIEND)
    reach = EncryptedCharField("how to reach them", max_length=200, blank=True)
    goes_for = EncryptedTextField("what I go to them for", max_length=500, blank=True)
    shared = models.BooleanField("my partner may see this contact", default=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = SharedFlagQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "created_at"]


# Resources (host-edited in the admin)


class ResourceQuerySet(models.QuerySet):
    def listed(self):
        return self.filter(listed=True)


class Resource(models.Model):
    """A professional or crisis resource the instance's host keeps up to date."""

    class Kind(models.TextChoices):
        CRISIS = "crisis", "Crisis line"
        DIRECTORY = "directory", "Directory of helplines"
        PROFESSIONAL = "professional", "Professional support"
        COMMUNITY = "community", "Community and peer support"

    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=15, choices=Kind, default=Kind.CRISIS)
    description = models.CharField(max_length=300, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    url = models.URLField("link", blank=True)
    region = models.CharField(max_length=80, default="International")
    hours = models.CharField(max_length=80, blank=True, help_text="For example: 24/7.")
    shipped_default = models.BooleanField(
        "shipped with Duet",
        default=False,
        help_text="One of the international directories Duet ships with; edit or hide freely.",
    )
    listed = models.BooleanField("shown in the app", default=True)
    position = models.PositiveSmallIntegerField(default=100, help_text="Lower comes first.")

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(url=""),
                name="resource_has_phone_or_link",
                violation_error_message="Add a phone number or a link, so people can reach it.",
            )
        ]

    def __str__(self) -> str:
        return self.name


# Journal


class Tag(models.TextChoices):
    TRIGGER = "trigger", "Trigger"
    PATTERN = "pattern", "Pattern"
    COPING = "coping", "Coping strategy"
    WIN = "win", "Win"


class JournalQuerySet(PrivateQuerySet):
    """An entry is shared while its owner brings it to "revisit together"."""

    shared_when = Q(shared_at__isnull=False)

    def shared(self):
        return self.filter(self.shared_when)

    def tagged(self, tag: str):
        return self.filter(tags__tag=tag)


class JournalEntry(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_entries"
    )
    written_on = models.DateField(help_text="The owner's local day.")
    title = EncryptedCharField(max_length=120, blank=True)
    body = EncryptedTextField("what happened, and what I noticed", max_length=5000)
    # Set while the owner brings the entry to "revisit together"; cleared to take it back.
    shared_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = JournalQuerySet.as_manager()

    class Meta:
        ordering = ["-written_on", "-created_at"]
        indexes = [models.Index(fields=["owner", "-written_on"])]

    def __str__(self) -> str:
        return f"Journal entry #{self.pk}"

    @property
    def heading(self) -> str:
        return self.title or date_format(self.written_on, "j F Y")

    @property
    def is_shared(self) -> bool:
        return self.shared_at is not None

    @property
    def tag_values(self) -> list[str]:
        return [tag.tag for tag in self.tags.all()]

    @property
    def tag_labels(self) -> list[str]:
        return [Tag(tag.tag).label for tag in self.tags.all()]


class EntryTag(models.Model):
    entry = models.ForeignKey(JournalEntry, on_delete=models.CASCADE, related_name="tags")
    tag = models.CharField(max_length=10, choices=Tag)

    class Meta:
        ordering = ["tag"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "tag"], name="one_of_each_tag_per_entry")
        ]

    def __str__(self) -> str:
        return self.get_tag_display()


class JournalAcknowledgement(PartnerAnswer):
    """A partner's answer to an entry brought to revisit together: acknowledgement, not advice."""

    answered_field = "entry"

    class Kind(models.TextChoices):
        THANKS = "thanks", "Thank you for bringing this"
        HEAR = "hear", "I hear you"
        PROUD = "proud", "I'm glad you shared this"

    entry = models.ForeignKey(
        JournalEntry, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="journal_answers"
    )
    kind = models.CharField(max_length=10, choices=Kind)

    class Meta(PartnerAnswer.Meta):
        constraints = [
            models.UniqueConstraint(fields=["entry", "author"], name="one_answer_per_entry_author")
        ]


# WHO-5 Well-Being Index

WHO5_ITEMS = [
    "I have felt cheerful and in good spirits",
    "I have felt calm and relaxed",
    "I have felt active and vigorous",
    "I woke up feeling fresh and rested",
    "My daily life has been filled with things that interest me",
]
WHO5_SCALE = [
    (5, "All of the time"),
    (4, "Most of the time"),
    (3, "More than half of the time"),
    (2, "Less than half of the time"),
    (1, "Some of the time"),
    (0, "At no time"),
]
ZERO_TO_FIVE = [MinValueValidator(0), MaxValueValidator(5)]
ITEM_FIELDS = [f"item{n}" for n in range(1, 6)]


class Who5Response(models.Model):
    """One optional WHO-5 self-check per person per local month."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="who5_responses"
    )
    month = models.DateField(help_text="The first day of the owner's local month.")
    item1 = models.PositiveSmallIntegerField(WHO5_ITEMS[0], validators=ZERO_TO_FIVE)
    item2 = models.PositiveSmallIntegerField(WHO5_ITEMS[1], validators=ZERO_TO_FIVE)
    item3 = models.PositiveSmallIntegerField(WHO5_ITEMS[2], validators=ZERO_TO_FIVE)
    item4 = models.PositiveSmallIntegerField(WHO5_ITEMS[3], validators=ZERO_TO_FIVE)
    item5 = models.PositiveSmallIntegerField(WHO5_ITEMS[4], validators=ZERO_TO_FIVE)
    shared = models.BooleanField("my partner may see my score", default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SharedFlagQuerySet.as_manager()

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "month"], name="one_who5_per_month"),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{field}__range": (0, 5)}), name=f"who5_{field}_0_to_5"
                )
                for field in ITEM_FIELDS
            ],
        ]

    def __str__(self) -> str:
        return f"WHO-5 #{self.pk}"

    @property
    def raw_score(self) -> int:
        """The standard 0–25 raw score: the sum of the five items."""
        return sum(getattr(self, field) for field in ITEM_FIELDS)

    @property
    def percentage(self) -> int:
        """The standard 0–100 score: the raw score times four."""
        return self.raw_score * 4
