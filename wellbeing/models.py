from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext, gettext_noop, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.dates import day_in_words
from core.fields import EncryptedCharField, EncryptedTextField
from core.people import person
from couples.answers import PartnerAnswer
from couples.privacy import NamedByNumber, PrivateQuerySet
from wellbeing.shipped import INTERNATIONAL


class SharedFlagQuerySet(PrivateQuerySet):
    """Records the partner sees while their owner has ticked "shared"."""

    shared_when = Q(shared=True)


# Support network


class ContactKind(models.TextChoices):
    FRIEND = "friend", _("Friend")
    FAMILY = "family", _("Family")
    PROFESSIONAL = "professional", _("Therapist or counsellor")
    GROUP = "group", _("Group")
    HELPLINE = "helpline", _("Helpline")


class Contact(NamedByNumber):
    """Someone (or a service) a person can turn to, beyond their partner."""

    number_label = "Support contact"

    owner = person("support_contacts")
    name = EncryptedCharField(max_length=100)
    kind = models.CharField(max_length=15, choices=ContactKind, default=ContactKind.FRIEND)
    reach = EncryptedCharField(_("how to reach them"), max_length=200, blank=True)
    goes_for = EncryptedTextField(_("what I go to them for"), max_length=500, blank=True)
    shared = models.BooleanField(_("my partner may see this contact"), default=False)
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
        CRISIS = "crisis", _("Crisis line")
        DIRECTORY = "directory", _("Directory of helplines")
        PROFESSIONAL = "professional", _("Professional support")
        COMMUNITY = "community", _("Community and peer support")

    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=15, choices=Kind, default=Kind.CRISIS)
    description = models.CharField(max_length=300, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    url = models.URLField(_("link"), blank=True)
    region = models.CharField(max_length=80, default=INTERNATIONAL)
    hours = models.CharField(max_length=80, blank=True, help_text=_("For example: 24/7."))
    shipped_default = models.BooleanField(
        _("shipped with Duet"),
        default=False,
        help_text=_("One of the international directories Duet ships with; edit or hide freely."),
    )
    listed = models.BooleanField(_("shown in the app"), default=True)
    position = models.PositiveSmallIntegerField(default=100, help_text=_("Lower comes first."))

    objects = ResourceQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(url=""),
                name="resource_has_phone_or_link",
                violation_error_message=_("Add a phone number or a link, so people can reach it."),
            )
        ]

    def __str__(self) -> str:
        return self.name


# Journal


class Tag(models.TextChoices):
    TRIGGER = "trigger", _("Trigger")
    PATTERN = "pattern", _("Pattern")
    COPING = "coping", _("Coping strategy")
    WIN = "win", pgettext_lazy("journal tag", "Win")


TAG_LABELS = dict(Tag.choices)  # translated when shown


class JournalQuerySet(PrivateQuerySet):
    """An entry is shared while its owner brings it to "revisit together"."""

    shared_when = Q(shared_at__isnull=False)

    def shared(self):
        return self.filter(self.shared_when)

    def tagged(self, tag: str):
        return self.filter(tags__tag=tag)

    def with_tags(self):
        """Each entry's tags read in one more query, as `entry.tag_list` (a list: Django then
        builds no queryset per entry, which a page of fifty entries would feel)."""
        return self.prefetch_related(models.Prefetch("tags", to_attr="tag_list"))


class JournalEntry(models.Model):
    owner = person("journal_entries")
    written_on = models.DateField(help_text="The owner's local day.")
    title = EncryptedCharField(max_length=120, blank=True)
    body = EncryptedTextField(_("what happened, and what I noticed"), max_length=5000)
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

    @cached_property
    def day_label(self) -> str:
        """The entry's day in the reader's words; kept, as an untitled entry's heading says
        it too."""
        # Translators: a Django date format for a journal entry's day (German "j. F Y",
        # Spanish "j \d\e F \d\e Y").
        return day_in_words(self.written_on, gettext("j F Y"))

    @property
    def heading(self) -> str:
        return self.title or self.day_label

    @property
    def is_shared(self) -> bool:
        return self.shared_at is not None

    @property
    def tag_values(self) -> list[str]:
        return [tag.tag for tag in self.tags.all()]

    @property
    def tag_labels(self) -> list[str]:
        tags = self.tag_list if hasattr(self, "tag_list") else self.tags.all()
        return [TAG_LABELS.get(tag.tag, tag.tag) for tag in tags]


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
        THANKS = "thanks", _("Thank you for bringing this")
        HEAR = "hear", _("I hear you")
        PROUD = "proud", _("I'm glad you shared this")

    entry = models.ForeignKey(
        JournalEntry, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    author = person("journal_answers")
    kind = models.CharField(max_length=10, choices=Kind)

    class Meta(PartnerAnswer.Meta):
        constraints = [
            models.UniqueConstraint(fields=["entry", "author"], name="one_answer_per_entry_author")
        ]


# WHO-5 Well-Being Index

# The items and the scale are the published WHO-5 wording; each translation keeps that
# language's official version word for word (see the translator comments). The items stay
# plain English here (the fields' names for them); forms show them in the reader's language.
WHO5_ITEMS = [
    # Translators: WHO-5 item 1. Use the official WHO-5 wording of your language word for word
    # (psykiatri-regionh.dk/who-5). German: "… war ich froh und guter Laune"; Spanish:
    # "Me he sentido alegre y de buen humor".
    gettext_noop("I have felt cheerful and in good spirits"),
    # Translators: WHO-5 item 2, official wording (German "… habe ich mich ruhig und
    # entspannt gefühlt", Spanish "Me he sentido tranquilo y relajado").
    gettext_noop("I have felt calm and relaxed"),
    # Translators: WHO-5 item 3, official wording (German "… habe ich mich energisch und
    # aktiv gefühlt", Spanish "Me he sentido activo y enérgico").
    gettext_noop("I have felt active and vigorous"),
    # Translators: WHO-5 item 4, official wording (German "… habe ich mich beim Aufwachen
    # frisch und ausgeruht gefühlt", Spanish "Me he despertado fresco y descansado").
    gettext_noop("I woke up feeling fresh and rested"),
    # Translators: WHO-5 item 5, official wording (German "… war mein Alltag voller Dinge,
    # die mich interessieren", Spanish "Mi vida cotidiana ha estado llena de cosas que me
    # interesan").
    gettext_noop("My daily life has been filled with things that interest me"),
]
WHO5_SCALE = [
    # Translators: official WHO-5 answer (German "Die ganze Zeit", Spanish "Todo el tiempo").
    (5, pgettext_lazy("WHO-5 scale", "All of the time")),
    # Translators: official WHO-5 answer (German "Meistens", Spanish "La mayor parte del tiempo").
    (4, pgettext_lazy("WHO-5 scale", "Most of the time")),
    # Translators: official WHO-5 answer (German "Etwas mehr als die Hälfte der Zeit",
    # Spanish "Más de la mitad del tiempo").
    (3, pgettext_lazy("WHO-5 scale", "More than half of the time")),
    # Translators: official WHO-5 answer (German "Etwas weniger als die Hälfte der Zeit",
    # Spanish "Menos de la mitad del tiempo").
    (2, pgettext_lazy("WHO-5 scale", "Less than half of the time")),
    # Translators: official WHO-5 answer (German "Ab und zu", Spanish "De vez en cuando").
    (1, pgettext_lazy("WHO-5 scale", "Some of the time")),
    # Translators: official WHO-5 answer (German "Zu keinem Zeitpunkt", Spanish "Nunca").
    (0, pgettext_lazy("WHO-5 scale", "At no time")),
]
ZERO_TO_FIVE = [MinValueValidator(0), MaxValueValidator(5)]
ITEM_FIELDS = [f"item{n}" for n in range(1, 6)]


class Who5Response(models.Model):
    """One optional WHO-5 self-check per person per local month."""

    owner = person("who5_responses")
    month = models.DateField(help_text="The first day of the owner's local month.")
    item1 = models.PositiveSmallIntegerField(WHO5_ITEMS[0], validators=ZERO_TO_FIVE)
    item2 = models.PositiveSmallIntegerField(WHO5_ITEMS[1], validators=ZERO_TO_FIVE)
    item3 = models.PositiveSmallIntegerField(WHO5_ITEMS[2], validators=ZERO_TO_FIVE)
    item4 = models.PositiveSmallIntegerField(WHO5_ITEMS[3], validators=ZERO_TO_FIVE)
    item5 = models.PositiveSmallIntegerField(WHO5_ITEMS[4], validators=ZERO_TO_FIVE)
    shared = models.BooleanField(_("my partner may see my score"), default=False)
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
