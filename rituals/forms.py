from datetime import timedelta

from django import forms
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import CarefulForm
from rituals.models import (
    Adjustment,
    Anchor,
    JointRitual,
    Outcome,
    Pause,
    PracticeLog,
    Reflection,
    Ritual,
    ScheduleKind,
    correction_window,
)
from rituals.weeks import week_order, weekday_name
from words.forms import fit_ritual_form

PLAN_FIELDS = [
    "title",
    "category",
    "intention",
    "schedule_kind",
    "weekday_choices",
    "times_per_week",
    "anchor",
    "anchor_time",
]


# Labels of the plan's fields that the models leave to their field names.
PLAN_LABELS = {
    "title": _("Title"),
    "category": _("Category"),
    "times_per_week": _("Times per week"),
    "anchor_time": _("At what time"),
}


class RitualPlanForm(CarefulForm, forms.ModelForm):
    """Title, schedule and time of day, with the cross-field rules people expect."""

    weekday_choices = forms.TypedMultipleChoiceField(
        label=_("Which days"),
        choices=[(n, n) for n in range(7)],  # named and ordered for the reader in __init__
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For rituals on chosen days of the week."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The days in the reader's week, from its first day, by their names in their language.
        self.fields["weekday_choices"].choices = [
            (n, capfirst(weekday_name(n))) for n in week_order()
        ]
        self.fields["weekday_choices"].initial = self.instance.weekday_numbers
        self.fields["schedule_kind"].widget = forms.RadioSelect(choices=ScheduleKind.choices)
        self.fields["times_per_week"].help_text = gettext(
            "For rituals a number of times a week (1–6)."
        )
        self.fields["anchor_time"].help_text = gettext("For rituals at a set time.")
        self.fields["intention"].widget.attrs["rows"] = 3
        fit_ritual_form(self)  # the owner's own categories

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("schedule_kind")
        if kind == ScheduleKind.WEEKDAYS and not cleaned.get("weekday_choices"):
            self.add_error(
                "weekday_choices", gettext("Which days would suit you? Pick at least one.")
            )
        if kind == ScheduleKind.PER_WEEK:
            times = cleaned.get("times_per_week")
            if not times or not 1 <= times <= 6:
                self.add_error(
                    "times_per_week",
                    gettext("Choose between 1 and 6 times a week (every day is its own option)."),
                )
        if cleaned.get("anchor") == Anchor.AT_TIME and not cleaned.get("anchor_time"):
            self.add_error(
                "anchor_time", gettext("What time would you like? Or pick a time of day.")
            )
        return cleaned

    def _post_clean(self):
        # Keep only the schedule details the chosen kind uses.
        cleaned = self.cleaned_data
        kind = cleaned.get("schedule_kind")
        weekdays = cleaned.get("weekday_choices") or []
        self.instance.weekdays = (
            sum(1 << n for n in weekdays) if kind == ScheduleKind.WEEKDAYS else 0
        )
        if kind != ScheduleKind.PER_WEEK:
            cleaned["times_per_week"] = None
        if cleaned.get("anchor") != Anchor.AT_TIME:
            cleaned["anchor_time"] = None
        super()._post_clean()


REMINDER_FIELDS = ["remind_me", "remind_at", "calendar_alarm"]


class RitualForm(RitualPlanForm):
    class Meta:
        model = Ritual
        fields = [*[f for f in PLAN_FIELDS if f != "weekday_choices"], "visibility"]
        fields += REMINDER_FIELDS
        widgets = {
            "anchor_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "remind_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "visibility": forms.RadioSelect,
        }
        labels = {
            **PLAN_LABELS,
            "remind_me": _("Remind me at its time"),
            "remind_at": _("Remind me at (optional)"),
            "calendar_alarm": _("Add an alert to it in my calendar feed"),
        }
        help_texts = {
            "visibility": _("Your intention and notes stay private whatever you choose here."),
            "remind_me": _(
                "A gentle note in Duet on the days it's planned, unless you've "
                "already noted the day or paused it. Only you get it."
            ),
            "remind_at": _(
                "For a morning, midday, evening or bedtime ritual. Left empty, I "
                "remind you at 08:00, 12:30, 19:00 or 22:00. A ritual at a set time is "
                "reminded at that time."
            ),
            "calendar_alarm": _(
                "For a calendar app that follows your rituals "
                "(Settings → My rituals in my calendar app)."
            ),
        }

    field_order = PLAN_FIELDS + REMINDER_FIELDS + ["visibility"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("remind_me", "calendar_alarm"):
            self.fields[name].label_suffix = ""  # the label follows its checkbox

    def _post_clean(self):
        # A ritual at a set time is reminded at that time: nothing else to keep.
        if self.cleaned_data.get("anchor") == Anchor.AT_TIME:
            self.cleaned_data["remind_at"] = None
        super()._post_clean()


class AdjustRitualForm(RitualForm):
    """Editing a ritual; a change of plan or intention keeps a history with its reason."""

    reason = forms.ChoiceField(
        label=_("What's behind this change?"),
        choices=[("", "—"), *Adjustment.Reason.choices],
        required=False,
        help_text=_("Needed when the schedule or intention changes; it's kept in your history."),
    )
    reason_note = forms.CharField(
        label=_("A word about it (optional)"), max_length=200, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.before = self.snapshot(self.instance)

    @classmethod
    def snapshot(cls, ritual: Ritual) -> dict:
        return {
            "title": ritual.title,
            "intention": ritual.intention,
            "schedule": ritual.schedule_label,
            "time_of_day": ritual.anchor_label,
        }

    def _post_clean(self):
        super()._post_clean()
        changed_plan = self.snapshot(self.instance) != self.before
        if changed_plan and not self.cleaned_data.get("reason"):
            self.add_error(
                "reason", gettext("Would you note what's behind this change? Pick any reason.")
            )


class PracticeLogForm(CarefulForm, forms.ModelForm):
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = PracticeLog
        fields = ["day", "outcome", "adaptation", "note"]
        widgets = {
            "outcome": forms.RadioSelect,
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "outcome": _("How did it go?"),
            "adaptation": _("What changed"),
            "note": _("Note"),
        }

    def __init__(self, *args, ritual: Ritual, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.ritual = ritual
        self.today = today
        self.fields["outcome"].choices = Outcome.choices
        first, last = correction_window(today)
        self.fields["day"].widget.attrs.update(
            min=max(first, ritual.started_on).isoformat(), max=last.isoformat()
        )
        self.fields["day"].help_text = gettext("Any of the last 14 days can be noted or corrected.")
        self.fields["adaptation"].help_text = gettext("If you adapted it, what did you do instead?")

    def clean_day(self):
        day = self.cleaned_data["day"]
        first, last = correction_window(self.today)
        if day > last:
            raise forms.ValidationError(
                gettext("That day hasn't happened yet, so it can't be noted.")
            )
        if day < self.ritual.started_on:
            # Translators: a Django date format for the day a ritual began ("3 November 2026").
            began = date_format(self.ritual.started_on, gettext("j F Y"))
            raise forms.ValidationError(
                gettext("This ritual began on %(day)s; days before that can't be noted.")
                % {"day": began}
            )
        if day < first:
            raise forms.ValidationError(
                gettext("Days can be noted or corrected for the last 14 days.")
            )
        return day

    def validate_unique(self):
        # One log per ritual and day is kept by updating the existing row (see services).
        pass


class PauseForm(CarefulForm, forms.ModelForm):
    class Meta:
        model = Pause
        fields = ["reason", "resume_on"]
        labels = {
            "reason": _("Why (optional, private)"),
            "resume_on": _("Resume on (optional)"),
        }
        widgets = {"resume_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_resume_on(self):
        resume_on = self.cleaned_data.get("resume_on")
        if resume_on and resume_on <= self.today:
            raise forms.ValidationError(gettext("Choose a day after today, or leave it empty."))
        if resume_on and resume_on > self.today + timedelta(days=366):
            raise forms.ValidationError(
                gettext("Choose a day within the next year, or leave it empty.")
            )
        return resume_on


class ReflectionForm(CarefulForm, forms.ModelForm):
    class Meta:
        model = Reflection
        fields = ["what_changed", "choice", "note"]
        labels = {
            "what_changed": _("What changed?"),
            "choice": _("What would feel right now?"),
            "note": _("Anything you'd like to remember (private)"),
        }
        widgets = {
            "what_changed": forms.RadioSelect,
            "choice": forms.RadioSelect,
            "note": forms.Textarea(attrs={"rows": 3}),
        }


class JointRitualForm(RitualPlanForm):
    class Meta:
        model = JointRitual
        fields = [f for f in PLAN_FIELDS if f != "weekday_choices"]
        widgets = {"anchor_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}
        labels = {**PLAN_LABELS, "intention": _("Why I'd like us to do this")}
        help_texts = {"intention": _("Your partner sees this with the proposal.")}

    field_order = PLAN_FIELDS
