from django import forms

from core.forms import CarefulForm
from notifications.models import Notification


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
