import uuid

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from checkins.models import Acknowledgement, CheckIn, SharingDefaults
from checkins.queries import PART_WORDS
from checkins.vocabulary import FEELING_WORDS, QUADRANTS
from core.forms import CarefulForm
from core.widgets import CoachedTextInput
from words.forms import fit_checkin_form

# Translators: five steps of "How pleasant does this evening feel?", side by side on a phone:
# short words help.
PLEASANTNESS = [
    (1, pgettext_lazy("pleasantness", "Very unpleasant")),
    (2, pgettext_lazy("pleasantness", "Unpleasant")),
    (3, pgettext_lazy("pleasantness", "In between")),
    (4, pgettext_lazy("pleasantness", "Pleasant")),
    (5, pgettext_lazy("pleasantness", "Very pleasant")),
]
# Translators: five steps of energy ("How much energy is in the feeling?", "My energy
# today"), side by side on a phone: short words help.
LOW_TO_HIGH = [
    (1, pgettext_lazy("energy level", "Very low")),
    (2, pgettext_lazy("energy level", "Low")),
    (3, pgettext_lazy("energy level", "Medium")),
    (4, pgettext_lazy("energy level", "High")),
    (5, pgettext_lazy("energy level", "Very high")),
]
# Translators: five steps of "How was that sleep?", side by side on a phone.
SLEEP_QUALITY = [
    (1, pgettext_lazy("sleep quality", "Very poor")),
    (2, pgettext_lazy("sleep quality", "Poor")),
    (3, pgettext_lazy("sleep quality", "Okay")),
    (4, pgettext_lazy("sleep quality", "Good")),
    (5, pgettext_lazy("sleep quality", "Very good")),
]
SHARE_FIELDS = ["share_feeling", "share_sleep", "share_energy", "share_wish", "share_note"]
MAX_FEELING_WORDS = 6
RANGE_CHECKED = ["pleasantness", "feeling_energy", "sleep_hours", "sleep_quality", "energy"]


def radio(choices, required=True):
    return forms.TypedChoiceField(
        # Translators: the choice that leaves an optional question unanswered.
        choices=choices if required else [("", pgettext_lazy("optional answer", "Skip")), *choices],
        coerce=int,
        empty_value=None,
        required=required,
        widget=forms.RadioSelect,
    )


class CheckInForm(CarefulForm, forms.ModelForm):
    pleasantness = radio(PLEASANTNESS)
    feeling_energy = radio(LOW_TO_HIGH)
    feeling_words = forms.MultipleChoiceField(
        label=_("Words for it (optional)"),
        # Stored as the English keys; each reader sees the words in their own language.
        choices=[
            (label, [(word, FEELING_WORDS[word]) for word in words])
            for label, words in QUADRANTS.values()
        ],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    sleep_quality = radio(SLEEP_QUALITY, required=False)
    energy = radio(LOW_TO_HIGH, required=False)
    # The evening the form was opened for: sent after 04:00, it still saves to that evening.
    evening = forms.DateField(required=False, widget=forms.HiddenInput)
    # One per rendered form: the same submission sent twice (a double tap, a phone resending
    # what it kept offline) is saved once (services.save_checkin).
    # What the form was drawn on (services.drawn_on): a form drawn before a newer save of
    # this check-in (another device, a copy kept offline) never saves over it.
    based_on = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    submission_key = forms.UUIDField(
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": "invalid"},
    )

    class Meta:
        model = CheckIn
        fields = [
            "pleasantness",
            "feeling_energy",
            "feeling_words",
            "sleep_hours",
            "sleep_quality",
            "energy",
            "wish",
            "note",
            *SHARE_FIELDS,
        ]
        labels = {
            "pleasantness": _("How pleasant does this evening feel?"),
            "feeling_energy": _("How much energy is in the feeling?"),
            "sleep_hours": _("Hours of sleep last night"),
            "sleep_quality": _("How was that sleep?"),
            "energy": _("My energy today"),
            "wish": _("What would help tonight?"),
            "note": _("A note (optional)"),
        }
        widgets = {
            "sleep_hours": forms.NumberInput(attrs={"step": "0.5", "min": "0", "max": "24"}),
            "wish": forms.RadioSelect,
            "note": forms.Textarea(attrs={"rows": 2, "maxlength": 1000}),
        }

    def __init__(self, *args, editable: list | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.editable = editable
        self.fields["evening"].initial = self.instance.evening
        self.fields["submission_key"].initial = uuid.uuid4
        self.fields["pleasantness"].label = self.Meta.labels["pleasantness"]
        self.fields["feeling_energy"].label = self.Meta.labels["feeling_energy"]
        self.fields["sleep_quality"].label = self.Meta.labels["sleep_quality"]
        self.fields["energy"].label = self.Meta.labels["energy"]
        for name in SHARE_FIELDS:
            # static/js/sharing-summary.js says in words what the partner will see.
            self.fields[name].widget.attrs["data-words"] = PART_WORDS[name.removeprefix("share_")]
        fit_checkin_form(self)  # the owner's own feeling words and "what would help" options

    def clean_feeling_words(self):
        words = self.cleaned_data["feeling_words"]
        if len(words) > MAX_FEELING_WORDS:
            raise forms.ValidationError(
                ngettext(
                    "Pick up to %(count)s word, the closest one.",
                    "Pick up to %(count)s words, the closest ones.",
                    MAX_FEELING_WORDS,
                )
                % {"count": MAX_FEELING_WORDS}
            )
        return words

    def clean(self):
        cleaned = super().clean()
        evening = cleaned.get("evening")
        stale = evening and self.editable is not None and evening not in self.editable
        if self.has_error("submission_key"):
            self.add_error(
                None,
                _(
                    "I couldn't read how this check-in was sent, so nothing was saved. Would "
                    "you like to open tonight's check-in again and send it from there?"
                ),
            )
        if stale or self.has_error("evening"):
            self.add_error(
                None,
                _(
                    "This check-in was for an evening that can't be edited any more, so "
                    "nothing was saved. Would you like to open tonight's check-in and write "
                    "it there?"
                ),
            )
        return cleaned

    def validate_constraints(self):
        # Each CHECK constraint on these answers is a range its form field already checks
        # (the choices 1 to 5, sleep's 0 to 24 validators); asking the database again cost
        # one query (three in a transaction) per constraint on every save. The database
        # still holds them; any other constraint is validated as before.
        exclude = self._get_validation_exclusions() | set(RANGE_CHECKED)
        try:
            self.instance.validate_constraints(exclude=exclude)
        except forms.ValidationError as error:
            self._update_errors(error)

    def sharing_fields(self):
        return [self[name] for name in SHARE_FIELDS]

    def sharing_now(self) -> dict[str, bool]:
        """The sharing as the form shows it (posted, or as saved), part by part."""
        return {name.removeprefix("share_"): bool(self[name].value()) for name in SHARE_FIELDS}


class SharingDefaultsForm(CarefulForm, forms.ModelForm):
    class Meta:
        model = SharingDefaults
        fields = SHARE_FIELDS


class AcknowledgementForm(CarefulForm, forms.ModelForm):
    class Meta:
        model = Acknowledgement
        fields = ["kind", "note"]
        labels = {"kind": _("Answer with"), "note": _("A few words of your own (optional)")}
        widgets = {
            "kind": forms.RadioSelect,
            "note": CoachedTextInput(attrs={"maxlength": 280}),
        }
