from django import forms

from core.forms import CarefulForm
from notifications.models import OPT_IN_KINDS, Notification


class EmailPreferencesForm(CarefulForm, forms.Form):
    kinds = forms.MultipleChoiceField(
        label="Also email me about",
        choices=Notification.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Everything always arrives in your inbox here; email is an extra copy.",
        error_messages={
            "invalid_choice": "I don't know the kind “%(value)s”. Please choose from the list."
        },
    )


class OptInForm(CarefulForm, forms.Form):
    """Ask for, or stop, a kind of notification that only comes when asked for."""

    kind = forms.ChoiceField(
        choices=[(kind, Notification.Kind(kind).label) for kind in sorted(OPT_IN_KINDS)],
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": "That isn't something to ask for here."},
    )
    wanted = forms.TypedChoiceField(
        choices=[("yes", "Yes, please"), ("no", "No, thank you")],
        coerce=lambda value: value == "yes",
        error_messages={"invalid_choice": "Please choose yes or no."},
    )
