from datetime import date, time, timedelta

from django.db import models
from django.db.models import Exists, ExpressionWrapper, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext, ngettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedCharField, EncryptedJSONField, EncryptedTextField
from core.people import one_per_person, person
from couples.privacy import NamedByNumber, PrivateQuerySet
from rituals.weeks import week_order, weekday_abbr, weekday_name

# Days of the past (today included) that can be logged or corrected.
CORRECTION_WINDOW_DAYS = 14


class Category(models.TextChoices):
    JOURNALING = "journaling", _("Journaling")
    MINDFULNESS = "mindfulness", _("Mindfulness")
    MOVEMENT = "movement", _("Movement")
    SLEEP = "sleep", _("Sleep")
    NUTRITION = "nutrition", _("Nutrition")
    CONNECTION = "connection", _("Connection")
    REST = "rest", _("Rest")
    OTHER = "other", pgettext_lazy("ritual category", "Other")


class ScheduleKind(models.TextChoices):
    DAILY = "daily", _("Every day")
    WEEKDAYS = "weekdays", _("On chosen days of the week")
    PER_WEEK = "per_week", _("A number of times a week, any days")


class Anchor(models.TextChoices):
    MORNING = "morning", _("Morning")
    MIDDAY = "midday", _("Midday")
    EVENING = "evening", pgettext_lazy("time of day", "Evening")
    BEDTIME = "bedtime", _("Bedtime")
    AT_TIME = "at_time", _("At a set time")


ANCHOR_TIMES = {
    Anchor.MORNING: time(8),
    Anchor.MIDDAY: time(12, 30),
    Anchor.EVENING: time(19),
    Anchor.BEDTIME: time(22),
}


class RitualPlan(NamedByNumber):
    """What a ritual is and when it happens; shared by rituals and joint proposals."""

    title = EncryptedCharField(max_length=80)
    # A key of the owner's ritual categories (words.vocabulary): a Category default or their own.
    category = models.CharField(max_length=20, default=Category.OTHER)
    intention = EncryptedTextField(
        _("why this matters to me"),
        max_length=500,
        blank=True,
        help_text=_("Only you ever see this."),
    )
    schedule_kind = models.CharField(
        _("how often"), max_length=10, choices=ScheduleKind, default=ScheduleKind.DAILY
    )
    # Bit n set means weekday n (Monday = 0), as date.weekday() counts.
    weekdays = models.PositiveSmallIntegerField(default=0)
    times_per_week = models.PositiveSmallIntegerField(null=True, blank=True)
    anchor = models.CharField(
        _("time of day"), max_length=10, choices=Anchor, default=Anchor.EVENING
    )
    anchor_time = models.TimeField(null=True, blank=True)

    class Meta:
        abstract = True

    def is_scheduled_on(self, day: date) -> bool:
        if self.schedule_kind == ScheduleKind.WEEKDAYS:
            return bool(self.weekdays & (1 << day.weekday()))
        # Daily rituals, and "N times a week" ones, can be practised on any day.
        return True

    @property
    def weekday_numbers(self) -> list[int]:
        return [n for n in range(7) if self.weekdays & (1 << n)]

    @property
    def schedule_label(self) -> str:
        """The schedule in a few words, in the reader's language and week: "Every day",
        "Mon, Wed, Fri" (from the week's first day on), "3× a week"."""
        if self.schedule_kind == ScheduleKind.WEEKDAYS:
            return weekday_list(
                [weekday_abbr(n) for n in week_order() if n in self.weekday_numbers]
            )
        if self.schedule_kind == ScheduleKind.PER_WEEK:
            count = self.times_per_week or 0
            # Translators: a short schedule, "3× a week"; "×" may become a word.
            return ngettext("%(count)s× a week", "%(count)s× a week", count) % {"count": count}
        return gettext("Every day")

    @property
    def schedule_sentence(self) -> str:
        """The schedule as a sentence: "Every day", "Every Monday and Thursday",
        "3 times a week, on any days"."""
        if self.schedule_kind == ScheduleKind.WEEKDAYS:
            names = [weekday_name(n) for n in week_order() if n in self.weekday_numbers]
            if len(names) == 1:
                # Translators: a schedule; %(day)s is a weekday's name ("Monday").
                return gettext("Every %(day)s") % {"day": names[0]}
            # Translators: a schedule; %(days)s is a list of weekday names ("Monday,
            # Wednesday") and %(last)s the last one ("Friday").
            return gettext("Every %(days)s and %(last)s") % {
                "days": weekday_list(names[:-1], ends_list=False),
                "last": names[-1],
            }
        if self.schedule_kind == ScheduleKind.PER_WEEK:
            count = self.times_per_week or 0
            return ngettext(
                "Once a week, on any day", "%(count)s times a week, on any days", count
            ) % {"count": count}
        return gettext("Every day")

    @property
    def time_of_day(self) -> time:
        """When in the day it usually happens, for ordering a day's rituals."""
        if self.anchor == Anchor.AT_TIME and self.anchor_time:
            return self.anchor_time
        return ANCHOR_TIMES.get(self.anchor, time(12))

    @property
    def anchor_label(self) -> str:
        if self.anchor == Anchor.AT_TIME and self.anchor_time:
            return self.anchor_time.strftime("%H:%M")
        return self.get_anchor_display()

    @staticmethod
    def plan_constraints(prefix: str) -> list:
        return [
            models.CheckConstraint(
                condition=~Q(schedule_kind=ScheduleKind.WEEKDAYS)
                | Q(weekdays__gte=1, weekdays__lte=127),
                name=f"{prefix}_weekdays_chosen",
            ),
            models.CheckConstraint(
                condition=~Q(schedule_kind=ScheduleKind.PER_WEEK)
                | Q(times_per_week__gte=1, times_per_week__lte=6),
                name=f"{prefix}_times_per_week_in_range",
            ),
            models.CheckConstraint(
                condition=~Q(anchor=Anchor.AT_TIME) | Q(anchor_time__isnull=False),
                name=f"{prefix}_anchor_time_set",
            ),
        ]


def weekday_list(names: list[str], ends_list: bool = True) -> str:
    """Weekday names as a list in the active language ("Mon, Wed, Fri"); with ends_list
    False, the beginning of a longer list, so its last name is joined like the others."""
    if not names:
        return ""
    listed = names[0]
    for n, name in enumerate(names[1:], start=2):
        if n < len(names) or not ends_list:
            # Translators: joins weekday names in the middle of a list ("Mon, Wed").
            listed = pgettext("weekday list", "%(earlier)s, %(next)s") % {
                "earlier": listed,
                "next": name,
            }
        else:
            # Translators: joins the last weekday name of a short schedule list ("Mon, Wed,
            # Fri"); it may become "and" in your language.
            listed = pgettext("weekday list end", "%(earlier)s, %(last)s") % {
                "earlier": listed,
                "last": name,
            }
    return listed


class RitualQuerySet(PrivateQuerySet):
    """The partner sees a ritual the owner shares (that it exists, or it and its practice)."""

    def shared_with(self, viewer) -> Q:
        return Q(visibility__in=Ritual.Visibility.shared())

    def practice_visible_to(self, user):
        """Rituals whose practice (the rhythm, never the notes) the viewer may see."""
        return self.visible_to(user).filter(self._practice_shown(user))

    def with_practice_shown(self, user):
        """`visible_to(user)`, each ritual with `practice_shown`: whether it is among
        `practice_visible_to(user)`, in the same query."""
        shown = ExpressionWrapper(self._practice_shown(user), output_field=models.BooleanField())
        return self.visible_to(user).annotate(practice_shown=shown)

    @staticmethod
    def _practice_shown(user) -> Q:
        """Of the rituals `user` may see: those whose practice they may see too."""
        return Q(owner=user) | Q(visibility=Ritual.Visibility.PRACTICE)

    def practice_from_partner(self, user):
        """`practice_visible_to(user)` narrowed to the partner's rituals, asked without the
        viewer's own in an OR (as `from_partner`)."""
        return self.from_partner(user).filter(visibility=Ritual.Visibility.PRACTICE)

    def current(self):
        return self.exclude(status=Ritual.Status.ARCHIVED)

    def with_last_reflection(self, since: date):
        """Each ritual with `last_reflection_day`, its newest reflection from `since` (None
        without one), read in the same query as the rituals."""
        return self.annotate(
            last_reflection_day=Subquery(
                Reflection.objects.filter(ritual=OuterRef("pk"), day__gte=since)
                .order_by("-day")
                .values("day")[:1]
            )
        )

    def with_resume_due(self, today: date):
        """Each ritual with `resume_due`: an open pause whose planned resume day has come by
        `today`, read in the same query as the rituals."""
        return self.annotate(
            resume_due=Exists(
                Pause.objects.filter(
                    ritual=OuterRef("pk"), ends_on__isnull=True, resume_on__lte=today
                )
            )
        )

    def active(self):
        return self.filter(status=Ritual.Status.ACTIVE)


class Ritual(RitualPlan):
    number_label = "Ritual"

    class Visibility(models.TextChoices):
        PRIVATE = "private", _("Only me")
        EXISTS = "exists", _("My partner sees that it exists")
        PRACTICE = "practice", _("My partner sees it and my practice")

        @classmethod
        def shared(cls) -> list[str]:
            return [cls.EXISTS, cls.PRACTICE]

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        ARCHIVED = "archived", _("Retired")

    owner = person("rituals")
    visibility = models.CharField(
        _("who sees it"), max_length=10, choices=Visibility, default=Visibility.PRIVATE
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.ACTIVE)
    started_on = models.DateField(help_text="The owner's local date when the ritual began.")
    joint = models.ForeignKey(
        "JointRitual", on_delete=models.SET_NULL, null=True, blank=True, related_name="rituals"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Reminders of one's own ritual: in Duet (rituals/reminders.py) and as an alert in the
    # calendar feed. Both use `reminder_time`.
    remind_me = models.BooleanField(_("remind me at its time"), default=False)
    remind_at = models.TimeField(_("remind me at"), null=True, blank=True)
    calendar_alarm = models.BooleanField(_("add an alert in my calendar feed"), default=False)

    objects = RitualQuerySet.as_manager()

    class Meta:
        ordering = ["anchor", "created_at"]
        constraints = RitualPlan.plan_constraints("ritual")
        indexes = [models.Index(fields=["owner", "status"])]

    @property
    def is_shared(self) -> bool:
        return self.visibility != self.Visibility.PRIVATE

    @property
    def reminder_time(self) -> time:
        """When its reminder is due: a set time itself, or the time chosen for an anchor
        ("morning"), else the anchor's usual time."""
        if self.anchor == Anchor.AT_TIME and self.anchor_time:
            return self.anchor_time
        return self.remind_at or self.time_of_day

    def rests_on(self, day: date) -> bool:
        """Is the ritual paused (or retired) on `day`?"""
        if self.status == self.Status.ARCHIVED:
            return True
        return any(pause.covers(day) for pause in self.pauses.all())


class RitualReminderSentQuerySet(PrivateQuerySet):
    owner_field = "ritual__owner"


class RitualReminderSent(models.Model):
    """A ritual's reminder went to its owner for this local day: at most once."""

    ritual = models.ForeignKey(Ritual, on_delete=models.CASCADE, related_name="reminders_sent")
    day = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    objects = RitualReminderSentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ritual", "day"], name="one_ritual_reminder_per_day")
        ]

    def __str__(self) -> str:
        return f"Reminder of {self.ritual} for {self.day}"


class Outcome(models.TextChoices):
    DONE = "done", _("Done")
    PARTLY = "partly", _("Partly")
    ADAPTED = "adapted", _("Adapted")
    REST = "rest", _("Rest day")
    SKIPPED = "skipped", _("Skipped")


# Outcomes that count as practice, in whatever form it took.
PRACTISED = {Outcome.DONE, Outcome.PARTLY, Outcome.ADAPTED}


class PracticeLogQuerySet(PrivateQuerySet):
    """Logs (and their notes) are the owner's; a partner sees practice only as a rhythm."""

    owner_field = "ritual__owner"


class PracticeLog(models.Model):
    """How one day of one ritual went, on its owner's local date."""

    # No index of its own: one_log_per_ritual_per_day's (ritual, day) serves every lookup by
    # ritual. With both, PostgreSQL read a month's or four weeks' logs through the ritual's
    # alone, passing over every day of the ritual's history.
    ritual = models.ForeignKey(
        Ritual, on_delete=models.CASCADE, related_name="logs", db_index=False
    )
    day = models.DateField()
    outcome = models.CharField(max_length=10, choices=Outcome)
    adaptation = EncryptedCharField(_("what changed"), max_length=200, blank=True)
    note = EncryptedTextField(max_length=1000, blank=True, help_text=_("Only you ever see this."))
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PracticeLogQuerySet.as_manager()

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["ritual", "day"], name="one_log_per_ritual_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.ritual} on {self.day}: {self.outcome}"


class Pause(models.Model):
    """A pause from `starts_on` until the day before `ends_on` (open while ends_on is empty)."""

    ritual = models.ForeignKey(Ritual, on_delete=models.CASCADE, related_name="pauses")
    starts_on = models.DateField()
    resume_on = models.DateField(null=True, blank=True, help_text=_("Planned, if chosen."))
    ends_on = models.DateField(null=True, blank=True)
    reason = EncryptedCharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="pause_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"Pause of {self.ritual} from {self.starts_on}"

    def covers(self, day: date) -> bool:
        end = self.ends_on or self.resume_on
        return self.starts_on <= day and (end is None or day < end)


class Adjustment(models.Model):
    """A change to a ritual's plan, kept so its owner can see how it evolved."""

    class Reason(models.TextChoices):
        SEASON = "season", _("A new season")
        MOOD = "mood", _("My mood or energy")
        LIFE_EVENT = "life_event", _("Something happened in my life")
        OTHER = "other", _("Something else")

    ritual = models.ForeignKey(Ritual, on_delete=models.CASCADE, related_name="adjustments")
    reason = models.CharField(max_length=12, choices=Reason)
    note = EncryptedCharField(max_length=200, blank=True)
    before = EncryptedJSONField()
    after = EncryptedJSONField()
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-changed_at"]

    def __str__(self) -> str:
        return f"Change to {self.ritual} ({self.reason})"

    @property
    def changes(self) -> list[tuple[str, str, str]]:
        """(what, before, after) for each part of the plan that changed."""
        names = {
            "title": gettext("Title"),
            "intention": gettext("Intention"),
            "schedule": gettext("Schedule"),
            "time_of_day": gettext("Time of day"),
        }
        return [
            (
                names.get(name) or name.replace("_", " ").capitalize(),
                self.before.get(name, ""),
                value,
            )
            for name, value in self.after.items()
            if self.before.get(name) != value
        ]


class Reflection(models.Model):
    """The owner's private answer to "what changed?" when a ritual faltered."""

    class WhatChanged(models.TextChoices):
        WORK = "work", _("Work")
        HEALTH = "health", _("Health")
        SLEEP = "sleep", _("Sleep")
        SEASON = "season", _("The season")
        OTHER = "other", _("Something else")

    class Choice(models.TextChoices):
        ADJUST = "adjust", _("Adjust it")
        PAUSE = "pause", _("Pause it for a while")
        KEEP = "keep", _("Keep going as it is")
        RETIRE = "retire", _("Retire it")

    ritual = models.ForeignKey(Ritual, on_delete=models.CASCADE, related_name="reflections")
    day = models.DateField()
    what_changed = models.CharField(max_length=10, choices=WhatChanged)
    choice = models.CharField(max_length=10, choices=Choice)
    note = EncryptedTextField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-day", "-created_at"]

    def __str__(self) -> str:
        return f"Reflection on {self.ritual} ({self.day})"


class JointRitualQuerySet(PrivateQuerySet):
    """Joint proposals are seen by the two people of the current couple they belong to."""

    owner_field = "proposed_by"
    couple_field = "couple"

    def awaiting(self, user):
        return self.visible_to(user).filter(invitee=user, status=JointRitual.Status.PROPOSED)


class JointRitual(RitualPlan):
    """A ritual one partner proposes to do together; it exists for both once accepted."""

    number_label = "Joint ritual"

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", pgettext_lazy("joint ritual", "Accepted")
        DECLINED = "declined", pgettext_lazy("joint ritual", "Declined")
        WITHDRAWN = "withdrawn", pgettext_lazy("joint ritual", "Withdrawn")

    couple = models.ForeignKey(
        "couples.Couple", on_delete=models.CASCADE, related_name="joint_rituals"
    )
    proposed_by = person("+")
    invitee = person("+")
    status = models.CharField(max_length=10, choices=Status, default=Status.PROPOSED)
    created_at = models.DateTimeField(default=timezone.now)
    responded_at = models.DateTimeField(null=True, blank=True)

    objects = JointRitualQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = RitualPlan.plan_constraints("joint")


def correction_window(today: date) -> tuple[date, date]:
    """The first and last day a practice log may be written for, given the owner's today."""
    return today - timedelta(days=CORRECTION_WINDOW_DAYS - 1), today


class CalendarFeedQuerySet(PrivateQuerySet):
    """A calendar address is its owner's alone."""


class CalendarFeed(models.Model):
    """A person's private calendar address for their own ritual schedule.

    Only a hash of the address's token is stored: the address is shown once, and a leaked
    database doesn't reveal it. Revoking deletes the row, so the old address answers 404.
    """

    owner = one_per_person("calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CalendarFeedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Calendar feed of {self.owner}"
