from datetime import timedelta

from django import forms

from core.forms import CarefulForm
from rituals.models import (
    WEEKDAY_NAMES,
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


class RitualPlanForm(CarefulForm, forms.ModelForm):
    """Title, schedule and time of day, with the cross-field rules people expect."""

    weekday_choices = forms.TypedMultipleChoiceField(
        label="Which days",
        choices=list(enumerate(WEEKDAY_NAMES)),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="For rituals on chosen days of the week.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weekday_choices"].initial = self.instance.weekday_numbers
        self.fields["schedule_kind"].widget = forms.RadioSelect(choices=ScheduleKind.choices)
        self.fields["times_per_week"].help_text = "For rituals a number of times a week (1–6)."
        self.fields["anchor_time"].help_text = "For rituals at a set time."
        self.fields["intention"].widget.attrs["rows"] = 3
        fit_ritual_form(self)  # the owner's own categories

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("schedule_kind")
        if kind == ScheduleKind.WEEKDAYS and not cleaned.get("weekday_choices"):
            self.add_error("weekday_choices", "Which days would suit you? Pick at least one.")
        if kind == ScheduleKind.PER_WEEK:
            times = cleaned.get("times_per_week")
            if not times or not 1 <= times <= 6:
                self.add_error(
                    "times_per_week",
                    "Choose between 1 and 6 times a week (every day is its own option).",
                )
        if cleaned.get("anchor") == Anchor.AT_TIME and not cleaned.get("anchor_time"):
            self.add_error("anchor_time", "What time would you like? Or pick a time of day.")
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
            "remind_me": "Remind me at its time",
            "remind_at": "Remind me at (optional)",
            "calendar_alarm": "Add an alert to it in my calendar feed",
        }
        help_texts = {
            "visibility": "Your intention and notes stay private whatever you choose here.",
            "remind_me": "A gentle note in Duet on the days it's planned, unless you've "
            "already noted the day or paused it. Only you get it.",
            "remind_at": "For a morning, midday, evening or bedtime ritual. Left empty, I "
            "remind you at 08:00, 12:30, 19:00 or 22:00. A ritual at a set time is "
            "reminded at that time.",
            "calendar_alarm": "For a calendar app that follows your rituals "
            "(Settings → My rituals in my calendar app).",
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
        label="What's behind this change?",
        choices=[("", "—"), *Adjustment.Reason.choices],
        required=False,
        help_text="Needed when the schedule or intention changes; it's kept in your history.",
    )
    reason_note = forms.CharField(
        label="A word about it (optional)", max_length=200, required=False
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
            self.add_error("reason", "Would you note what's behind this change? Pick any reason.")


class PracticeLogForm(CarefulForm, forms.ModelForm):
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = PracticeLog
        fields = ["day", "outcome", "adaptation", "note"]
        widgets = {
            "outcome": forms.RadioSelect,
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"outcome": "How did it go?"}

    def __init__(self, *args, ritual: Ritual, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.ritual = ritual
        self.today = today
        self.fields["outcome"].choices = Outcome.choices
        first, last = correction_window(today)
        self.fields["day"].widget.attrs.update(
            min=max(first, ritual.started_on).isoformat(), max=last.isoformat()
        )
        self.fields["day"].help_text = "Any of the last 14 days can be noted or corrected."
        self.fields["adaptation"].help_text = "If you adapted it, what did you do instead?"

    def clean_day(self):
        day = self.cleaned_data["day"]
        first, last = correction_window(self.today)
        if day > last:
            raise forms.ValidationError("That day hasn't happened yet, so it can't be noted.")
        if day < self.ritual.started_on:
            raise forms.ValidationError(
                f"This ritual began on {self.ritual.started_on:%-d %B %Y}; "
                "days before that can't be noted."
            )
        if day < first:
            raise forms.ValidationError("Days can be noted or corrected for the last 14 days.")
        return day

    def validate_unique(self):
        # One log per ritual and day is kept by updating the existing row (see services).
        pass


class PauseForm(CarefulForm, forms.ModelForm):
    class Meta:
        model = Pause
        fields = ["reason", "resume_on"]
        labels = {"reason": "Why (optional, private)", "resume_on": "Resume on (optional)"}
        widgets = {"resume_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_resume_on(self):
        resume_on = self.cleaned_data.get("resume_on")
        if resume_on and resume_on <= self.today:
            raise forms.ValidationError("Choose a day after today, or leave it empty.")
        if resume_on and resume_on > self.today + timedelta(days=366):
            raise forms.ValidationError("Choose a day within the next year, or leave it empty.")
        return resume_on


class ReflectionForm(CarefulForm, forms.ModelForm):
    class Meta:
        model = Reflection
        fields = ["what_changed", "choice", "note"]
        labels = {
            "what_changed": "What changed?",
            "choice": "What would feel right now?",
            "note": "Anything you'd like to remember (private)",
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
        labels = {"intention": "Why I'd like us to do this"}
        help_texts = {"intention": "Your partner sees this with the proposal."}

    field_order = PLAN_FIELDS
