from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedCharField, EncryptedTextField
from core.people import one_per_person, optional_person, person
from couples import privacy
from couples.privacy import NamedByNumber, PrivateQuerySet


class MonthlyPlanQuerySet(PrivateQuerySet):
    """The current couple's months; of an ended couple's, only a note the person saved last
    (what the former partner wrote there stays with them)."""

    owner_field = "updated_by"
    couple_field = "couple"
    kept_by_owner = True


class MonthlyPlan(models.Model):
    """A couple's month: its joint activities and the "our month" note both can edit."""

    couple = models.ForeignKey("couples.Couple", on_delete=models.CASCADE, related_name="plans")
    month = models.DateField(help_text=_("The first day of the calendar month."))
    our_month = EncryptedTextField(_("our month"), max_length=2000, blank=True)
    # Bumped on every save of the note, so simultaneous edits are detected, not overwritten.
    version = models.PositiveIntegerField(default=0)
    updated_by = optional_person()
    updated_at = models.DateTimeField(null=True, blank=True)

    objects = MonthlyPlanQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["couple", "month"], name="one_plan_per_couple_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="plan_month_starts_on_day_1"),
        ]

    def __str__(self) -> str:
        return f"{self.couple} · {self.month:%B %Y}"


class PersonalItemQuerySet(PrivateQuerySet):
    """Personal items of the month: the current partner sees those marked shared."""

    shared_when = Q(shared=True)


class MonthItem(NamedByNumber):
    """One person's short note for a month (an objective, a win), shared only if they choose."""

    month = models.DateField()
    shared = models.BooleanField(_("share it with my partner"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = PersonalItemQuerySet.as_manager()

    class Meta:
        abstract = True


class PersonalObjective(MonthItem):
    number_label = "Objective"

    owner = person("objectives")
    text = EncryptedCharField(_("my objective"), max_length=300)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "month"], name="one_objective_per_month"),
            models.CheckConstraint(
                condition=Q(month__day=1), name="objective_month_starts_on_day_1"
            ),
        ]


class JointActivityQuerySet(PrivateQuerySet):
    """Joint activities belong to the couple: both current members see them."""

    owner_field = "proposed_by"
    couple_field = "plan__couple"


class JointActivity(NamedByNumber):
    """Something one partner proposes to do together this month; the other answers it."""

    number_label = "Joint activity"

    class Answer(models.TextChoices):
        PROPOSED = "proposed", _("Waiting for an answer")
        ACCEPTED = "accepted", _("On for both of us")
        DECLINED = "declined", _("Declined")
        STEPPED_OUT = "stepped_out", _("Stepped out of")

    plan = models.ForeignKey(MonthlyPlan, on_delete=models.CASCADE, related_name="activities")
    proposed_by = person("+")
    text = EncryptedCharField(_("something we'll do together"), max_length=300)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = optional_person()
    answer = models.CharField(max_length=12, choices=Answer, default=Answer.PROPOSED)
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = JointActivityQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "proposed_by"], name="one_joint_activity_each_per_month"
            )
        ]


class ProgressNoteQuerySet(PrivateQuerySet):
    """The partner sees notes on a shared objective and on the couple's joint activities."""

    def shared_with(self, viewer) -> Q:
        couple = privacy.current_couple(viewer)
        on_activity = Q(activity__plan__couple=couple) if couple else privacy.NOTHING
        return Q(objective__shared=True) | on_activity


class ProgressNote(NamedByNumber):
    """A note on one's own objective, or on a joint activity, during the month."""

    number_label = "Progress note"

    owner = person("progress_notes")
    objective = models.ForeignKey(
        PersonalObjective, on_delete=models.CASCADE, null=True, blank=True, related_name="notes"
    )
    activity = models.ForeignKey(
        JointActivity, on_delete=models.CASCADE, null=True, blank=True, related_name="notes"
    )
    text = EncryptedCharField(_("progress"), max_length=500)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ProgressNoteQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(objective__isnull=False, activity__isnull=True)
                | Q(objective__isnull=True, activity__isnull=False),
                name="progress_note_on_exactly_one_item",
            )
        ]


class MonthlyReview(models.Model):
    """A kind month-end review: what went well, what I learned, what I'll adjust."""

    owner = person("reviews")
    month = models.DateField()
    went_well = EncryptedTextField(_("what went well"), max_length=1000, blank=True)
    learned = EncryptedTextField(_("what I learned"), max_length=1000, blank=True)
    adjust = EncryptedTextField(_("what I'll adjust"), max_length=1000, blank=True)
    shared = models.BooleanField(_("share my review with my partner"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonalItemQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "month"], name="one_review_per_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="review_month_starts_on_day_1"),
        ]

    def __str__(self) -> str:
        return f"Review of {self.month:%B %Y} by {self.owner}"


class Win(MonthItem):
    """A small, independent win, noted by its owner."""

    number_label = "Win"

    owner = person("wins")
    text = EncryptedCharField(_("my win"), max_length=300)

    class Meta:
        ordering = ["created_at"]


class AppreciationQuerySet(PrivateQuerySet):
    """The author always; the recipient while they are still the author's partner."""

    owner_field = "author"

    def shared_with(self, viewer) -> Q:
        return Q(recipient=viewer)


class Appreciation(NamedByNumber):
    number_label = "Appreciation"

    author = person("appreciations_written")
    recipient = person("appreciations_received")
    month = models.DateField()
    text = EncryptedCharField(_("I appreciate…"), max_length=500)
    created_at = models.DateTimeField(default=timezone.now)

    objects = AppreciationQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]


class ReviewNudge(models.Model):
    """Its owner asked to be nudged on each month's last evening to write their review."""

    owner = one_per_person("review_nudge")
    created_at = models.DateTimeField(default=timezone.now)

    objects = PrivateQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Review nudge for {self.owner}"


class ReviewNudgeSent(models.Model):
    """The month-end nudge went to this person for this month: at most once."""

    owner = person("review_nudges_sent")
    month = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    objects = PrivateQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "month"], name="one_review_nudge_per_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="nudge_month_starts_on_day_1"),
        ]

    def __str__(self) -> str:
        return f"Review nudge to {self.owner} for {self.month:%B %Y}"
