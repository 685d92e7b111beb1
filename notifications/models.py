from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy, gettext_noop, pgettext

from core.fields import EncryptedCharField, EncryptedJSONField
from core.people import one_per_person, person
from couples import privacy
from couples.privacy import NamedByNumber, PrivateQuerySet
from notifications import wording

# The slots a notification's wording may hold that the row itself fills in when it is read or
# sent (they can be un-shared); any other {name} comes from `params` (notifications/wording.py).
OWN_SLOTS = ("actor", "ritual", "quoted_ritual", "words")
# What a ritual is called for someone who may not see it (any more).
UNSHARED_RITUAL = gettext_lazy("a ritual that isn't shared with you now")
# The email_error of an email whose worker stopped mid-send and whose retries ran out.
INTERRUPTED = "interrupted mid-send"
# What an item from a former partner says once the couple has ended: a neutral trace, with
# neither their name nor their words (those stay with them).
FROM_FORMER_PARTNER = gettext_lazy(
    "Something from your former partner, from when you were a couple. It isn't shown any more."
)


class NotificationQuerySet(PrivateQuerySet):
    """A notification is its recipient's alone: no one else ever sees it."""

    owner_field = "recipient"

    def unread(self):
        return self.filter(read_at__isnull=True)

    def with_channel_failures(self):
        """Whether a push or channel copy of each failed for good, as `channel_failed`, asked
        in the same query (`channel_note` reads it)."""
        failed = Delivery.objects.filter(
            notification=models.OuterRef("pk"), status=DeliveryStatus.FAILED
        )
        return self.annotate(channel_failed=models.Exists(failed))


class EmailStatus(models.TextChoices):
    """Where one copy of a notification is on its way out (an email, a push, a channel)."""

    QUEUED = "queued", gettext_lazy("Queued")
    SENDING = "sending", gettext_lazy("Sending")
    RETRYING = "retrying", gettext_lazy("Waiting to retry")
    SENT = "sent", gettext_lazy("Sent")
    FAILED = "failed", gettext_lazy("Failed")
    SKIPPED = "skipped", gettext_lazy("Skipped (unsubscribed)")


# Every channel's copies move through the same states (notifications/delivery.py).
DeliveryStatus = EmailStatus


class Notification(NamedByNumber):
    """Something for one person's in-app inbox. Only its recipient ever sees it.

    Nothing the sender can later un-share is frozen here: `text` is a wording with slots
    ({actor}, {ritual}, {quoted_ritual}, {words}) and `message` fills them in at read (or
    send) time, showing a ritual's title only while the privacy rule lets the recipient see it,
    and the actor's name and words only while the actor is still the recipient's partner.
    """

    class Kind(models.TextChoices):
        # In the order of GROUPS below: the preferences page lists them this way.
        CHECKIN_REMINDER = "checkin_reminder", gettext_lazy("Evening check-in reminder")
        ACKNOWLEDGEMENT = "acknowledgement", gettext_lazy("Answers to my check-ins")
        CHECKIN_SHARED = "checkin_shared", gettext_lazy("My partner shared tonight's check-in")
        PARTNER_REMINDER = "partner_reminder", gettext_lazy("Reminders from my partner")
        OFFER = "offer", gettext_lazy("Offers and requests")
        OFFER_ANSWERED = "offer_answered", gettext_lazy("Answers to my offers")
        REQUEST_ANSWERED = "request_answered", gettext_lazy("Answers to my requests")
        GRANT = "grant", gettext_lazy("A permission given to me")
        GRANT_CHANGED = "grant_changed", gettext_lazy("A permission I hold changed")
        GRANT_REVOKED = "grant_revoked", gettext_lazy("A permission I held was withdrawn")
        GRANT_EXPIRED = "grant_expired", gettext_lazy("A permission I held reached its end date")
        JOINT_RITUAL_PROPOSED = (
            "joint_ritual_proposed",
            gettext_lazy("A ritual proposed to do together"),
        )
        JOINT_RITUAL_ACCEPTED = (
            "joint_ritual_accepted",
            gettext_lazy("My joint ritual proposal accepted"),
        )
        JOINT_RITUAL_DECLINED = (
            "joint_ritual_declined",
            gettext_lazy("My joint ritual proposal declined"),
        )
        JOINT_RITUAL_STEPPED_OUT = (
            "joint_ritual_stepped_out",
            gettext_lazy("My partner stepped out of a joint ritual"),
        )
        JOINT_ACTIVITY_PROPOSED = (
            "joint_activity_proposed",
            gettext_lazy("A joint activity proposed for the month"),
        )
        JOINT_ACTIVITY_ACCEPTED = (
            "joint_activity_accepted",
            gettext_lazy("My joint activity accepted"),
        )
        JOINT_ACTIVITY_DECLINED = (
            "joint_activity_declined",
            gettext_lazy("My joint activity declined"),
        )
        JOINT_ACTIVITY_STEPPED_OUT = (
            "joint_activity_stepped_out",
            gettext_lazy("My partner stepped out of a joint activity"),
        )
        APPRECIATION = "appreciation", gettext_lazy("Appreciations for me")
        WIN_SHARED = "win_shared", gettext_lazy("Wins my partner shares")
        REVIEW_SHARED = "review_shared", gettext_lazy("My partner's month review")
        VISION_EDITED = "vision_edited", gettext_lazy("Our shared vision edited")
        JOURNAL_SHARED = (
            "journal_shared",
            gettext_lazy("Journal entries brought to revisit together"),
        )
        JOURNAL_ANSWERED = "journal_answered", gettext_lazy("Answers to the entries I brought")
        RITUAL_REMINDER = "ritual_reminder", gettext_lazy("Reminders of my own rituals")
        REVIEW_NUDGE = "review_nudge", gettext_lazy("A nudge to write my month's review")

    recipient = person("notifications")
    kind = models.CharField(max_length=40, choices=Kind)
    # The wording, never private text itself: what may change hangs on the fields below. It is
    # the English sentence (a catalogue msgid), worded for the reader when read (wording.py).
    text = EncryptedCharField(max_length=300)
    # What fills the wording's other slots (a month, an answer's kind…), worded when read.
    params = EncryptedJSONField(default=dict, blank=True)
    # Who it is from. Their account's deletion takes their notifications with it.
    actor = person("notifications_sent", null=True, blank=True)
    ritual = models.ForeignKey(
        "rituals.Ritual", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # What the actor wrote to the recipient (an offer, a request, a reminder).
    words = EncryptedCharField(max_length=300, blank=True)
    url = models.CharField(max_length=200, blank=True)
    # The row the event was about (a grant's history entry, a proposal, a shared win…), for
    # the consent checks at delivery (notifications/consent.py) and so one event makes one
    # notification however often it is posted (the constraint below; notifications/catalogue.py).
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # Email is a copy of the in-app notification, claimed before sending so two workers
    # never send it at once; notifications/delivery.py holds the retry and reconcile rule.
    email_status = models.CharField(max_length=10, choices=EmailStatus, blank=True)
    # When email_status last changed: a claim's start (its lease), or when it failed.
    email_status_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    # Why the last attempt failed: an SMTP code or an error's class, never its message.
    email_error = models.CharField(max_length=60, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # When the recipient's quiet hours end, if they held this one's copies back (every
    # channel but the inbox); their retry time starts then.
    held_until = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The inbox's page: a person's newest first, read off the index without sorting
            # every item they ever had.
            models.Index(fields=["recipient", "-created_at", "-id"], name="inbox_newest_first"),
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["email_status", "email_status_at"]),
            models.Index(fields=["subject_type", "subject_id"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "subject_type", "subject_id"],
                condition=Q(subject_id__isnull=False),
                name="one_notification_per_event",
            )
        ]

    @property
    def number_label(self) -> str:
        return f"{self.get_kind_display()} notification"

    @property
    def group(self) -> str:
        """The kind's group, as the inbox and the preferences page name it."""
        return gettext(group_of(self.kind))

    @property
    def email_note(self) -> str:
        """What the recipient is told about an email that didn't (surely) reach them."""
        if self.email_status != EmailStatus.FAILED:
            return ""
        if self.email_error == INTERRUPTED:
            return gettext("I may not have managed to email this to you, so it's here for you.")
        return gettext("I couldn't email this to you, so it's here for you.")

    @property
    def channel_note(self) -> str:
        """What the recipient is told about push or channel copies that failed for good
        (`channel_failed` where the inbox asked for it, else one query)."""
        if hasattr(self, "channel_failed"):
            failed = self.channel_failed
        else:
            failed = self.deliveries.filter(status=DeliveryStatus.FAILED).exists()
        if failed:
            return gettext(
                "I couldn't send this to one of your devices or channels, so it's here for you."
            )
        return ""

    @property
    def due_at(self):
        """When its copies were first due to go out: made, or quiet hours over."""
        return self.held_until or self.created_at

    @property
    def reminder_to_answer(self):
        """The delivered reminder this item brought (support's `Reminder`), which the inbox
        offers to snooze or stop; None for any other item, or once its sender is no longer
        the partner. (Asked of the template, a missing reminder costs a failed lookup.)"""
        reminder = getattr(self, "reminder", None)
        if reminder is None or reminder.status != "delivered" or self.from_former_partner:
            return None
        return reminder

    @property
    def from_former_partner(self) -> bool:
        """Is it from someone who is no longer the recipient's partner (the couple ended)?"""
        return self.actor_id is not None and not privacy.is_partner(self.recipient, self.actor_id)

    @property
    def message(self) -> str:
        """The text as its recipient may read it now, in the active language (the reader's:
        the inbox runs in it, and delivery composes every copy inside it)."""
        if self.from_former_partner:
            return str(FROM_FORMER_PARTNER)
        return wording.render(self.text, self.params, self._slot, zone=self.recipient.zone)

    def _slot(self, name: str) -> str | None:
        if name not in OWN_SLOTS:
            return None
        if name == "actor":
            return self.actor.display_name if self.actor else gettext("A former member")
        if name == "words":
            return self.words
        ritual = self.ritual
        if ritual and privacy.can_view(self.recipient, ritual.owner_id, shared=ritual.is_shared):
            if name == "quoted_ritual":
                # Translators: a ritual's title in the language's quotation marks.
                return pgettext("quoted title", "“%(title)s”") % {"title": ritual.title}
            return ritual.title
        return str(UNSHARED_RITUAL)


class KindChoice(models.Model):
    """Where one kind of notification reaches its owner, besides the inbox (always).

    No row means the defaults (DEFAULT_CHOICE): push and other channels on, email off.
    """

    owner = person("kind_choices")
    kind = models.CharField(max_length=40, choices=Notification.Kind)
    email = models.BooleanField(default=False)
    push = models.BooleanField(default=True)
    other = models.BooleanField(default=True)  # the person's Apprise channels
    # Urgent kinds go out during quiet hours too.
    urgent = models.BooleanField(default=False)

    objects = PrivateQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "kind"], name="one_choice_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.owner}'s channels for {self.kind}"


class QuietHours(models.Model):
    """The owner's quiet hours on their own clock; they may cross midnight."""

    owner = one_per_person("quiet_hours")
    starts = models.TimeField()
    ends = models.TimeField()

    objects = PrivateQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "quiet hours"
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(starts=models.F("ends")), name="quiet_hours_have_length"
            )
        ]

    def __str__(self) -> str:
        return f"{self.owner}'s quiet hours"


class Destination(NamedByNumber):
    """A place of its owner's where copies of notifications go (a browser, a channel):
    `last_success_at` says when one last arrived there."""

    created_at = models.DateTimeField(default=timezone.now)
    last_success_at = models.DateTimeField(null=True, blank=True)

    objects = PrivateQuerySet.as_manager()

    class Meta:
        abstract = True


class PushSubscription(Destination):
    """One browser (or installed Duet) of its owner's that receives Web Push.

    The endpoint is the push service's address for this browser; p256dh and auth are the
    keys its messages are encrypted to (RFC 8291). All three are sealed at rest: with them
    anyone could push to the person's device.
    """

    number_label = "Push subscription"

    owner = person("push_subscriptions")
    endpoint = EncryptedCharField(max_length=1000)
    p256dh = EncryptedCharField(max_length=200)
    auth = EncryptedCharField(max_length=100)
    name = EncryptedCharField(max_length=60, blank=True)
    # Which browser, from its user agent ("Firefox on Android"), to tell devices apart.
    browser = models.CharField(max_length=60, blank=True)
    # The login it was added in: logging out there, someone else logging in there, or ending
    # that session from another device removes it (accounts/sessions.py), so a phone left
    # behind or lost stops showing what arrives. A
    # session that merely expires keeps it (nobody said to stop). Empty for browsers added
    # before this was kept: they stay until removed in Settings → My devices.
    session = models.ForeignKey(
        "accounts.SessionRecord",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="push_subscriptions",
    )

    @property
    def label(self) -> str:
        return self.name or self.browser or gettext("A browser")

    def info(self) -> dict:
        """What pywebpush calls subscription_info."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


class Channel(Destination):
    """Another place its owner wants notifications: an Apprise URL (ntfy, Gotify, Matrix…).

    The URL usually holds a token or a password, so it is sealed at rest and never shown
    back in full (`hint`).
    """

    number_label = "Channel"

    owner = person("channels")
    name = EncryptedCharField(max_length=60)
    url = EncryptedCharField(max_length=1000)

    @property
    def hint(self) -> str:
        """Enough of the URL to recognise it: its scheme, e.g. "ntfy://…"."""
        return f"{self.url.split('://', 1)[0]}://…" if "://" in self.url else "…"


class DeliveryQuerySet(PrivateQuerySet):
    owner_field = "notification__recipient"


class Delivery(models.Model):
    """One copy of a notification on its way to one push subscription or channel.

    Claimed, retried and reconciled like an email (notifications/delivery.py). Removing
    the subscription or channel removes its deliveries.
    """

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries"
    )
    subscription = models.ForeignKey(
        PushSubscription, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    channel = models.ForeignKey(
        Channel, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=DeliveryStatus, default=DeliveryStatus.QUEUED)
    status_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=60, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "deliveries"
        indexes = [models.Index(fields=["status", "status_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(subscription__isnull=False, channel__isnull=True)
                | models.Q(subscription__isnull=True, channel__isnull=False),
                name="delivery_has_one_target",
            ),
            models.UniqueConstraint(
                fields=["notification", "subscription"], name="one_push_per_subscription"
            ),
            models.UniqueConstraint(
                fields=["notification", "channel"], name="one_copy_per_channel"
            ),
        ]

    def __str__(self) -> str:
        return f"Delivery #{self.pk} of notification #{self.notification_id}"


# The kinds as a person thinks of them, for the preferences page (each kind in one group).
# The labels are msgids, translated where they are shown (`group`, PreferencesForm.rows).
GROUPS: list[tuple[str, list[str]]] = [
    (
        gettext_noop("Evenings"),
        [
            Notification.Kind.CHECKIN_REMINDER,
            Notification.Kind.ACKNOWLEDGEMENT,
            Notification.Kind.CHECKIN_SHARED,
        ],
    ),
    (
        gettext_noop("Support"),
        [
            Notification.Kind.PARTNER_REMINDER,
            Notification.Kind.OFFER,
            Notification.Kind.OFFER_ANSWERED,
            Notification.Kind.REQUEST_ANSWERED,
        ],
    ),
    (
        gettext_noop("Permissions"),
        [
            Notification.Kind.GRANT,
            Notification.Kind.GRANT_CHANGED,
            Notification.Kind.GRANT_REVOKED,
            Notification.Kind.GRANT_EXPIRED,
        ],
    ),
    (
        gettext_noop("Rituals together"),
        [
            Notification.Kind.JOINT_RITUAL_PROPOSED,
            Notification.Kind.JOINT_RITUAL_ACCEPTED,
            Notification.Kind.JOINT_RITUAL_DECLINED,
            Notification.Kind.JOINT_RITUAL_STEPPED_OUT,
        ],
    ),
    (
        gettext_noop("Our month"),
        [
            Notification.Kind.JOINT_ACTIVITY_PROPOSED,
            Notification.Kind.JOINT_ACTIVITY_ACCEPTED,
            Notification.Kind.JOINT_ACTIVITY_DECLINED,
            Notification.Kind.JOINT_ACTIVITY_STEPPED_OUT,
            Notification.Kind.APPRECIATION,
            Notification.Kind.WIN_SHARED,
            Notification.Kind.REVIEW_SHARED,
        ],
    ),
    (
        gettext_noop("Us"),
        [
            Notification.Kind.VISION_EDITED,
            Notification.Kind.JOURNAL_SHARED,
            Notification.Kind.JOURNAL_ANSWERED,
        ],
    ),
    (
        gettext_noop("Just for me"),
        [
            Notification.Kind.RITUAL_REMINDER,
            Notification.Kind.REVIEW_NUDGE,
        ],
    ),
]
# Kinds a person asks for before any arrives (everything else is on by default).
OPT_IN_KINDS = {Notification.Kind.CHECKIN_SHARED}


def group_of(kind: str) -> str:
    """The group a kind is listed under; a kind added without a group goes under "Other"."""
    return next((label for label, kinds in GROUPS if kind in kinds), gettext_noop("Other"))


class OptIn(models.Model):
    """Its owner asked for this opt-in kind of notification (see OPT_IN_KINDS)."""

    owner = person("notification_opt_ins")
    kind = models.CharField(max_length=40, choices=Notification.Kind)
    created_at = models.DateTimeField(default=timezone.now)

    objects = PrivateQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "kind"], name="one_opt_in_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.owner} asked for {self.kind}"
