from django import forms
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm

from accounts import throttle
from accounts.localtime import time_zone_names
from accounts.models import User, normalize_email
from core.forms import CarefulForm


def time_zone_choices(blank_label: str | None = None) -> list[tuple[str, str]]:
    choices = [(name, name.replace("_", " ")) for name in time_zone_names()]
    if blank_label:
        choices.insert(0, ("", blank_label))
    return choices


class SignupForm(CarefulForm, BaseUserCreationForm):
    time_zone = forms.ChoiceField(
        label="Time zone",
        required=False,
        help_text="Your days, evenings and reminders follow this clock.",
    )
    # Filled in by static/js/duet.js from the browser, so most people never pick a zone.
    browser_time_zone = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = User
        fields = ["display_name", "email", "pronouns", "time_zone"]
        widgets = {"email": forms.EmailInput(attrs={"autocomplete": "email"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices("Use this device's time zone")
        self.fields["display_name"].widget.attrs.update(autocomplete="nickname", autofocus=True)
        self.fields["email"].widget.attrs.pop("autofocus", None)

    def clean_email(self) -> str:
        # Whether the address already has an account is never said here (accounts/signup.py).
        return normalize_email(self.cleaned_data["email"])

    def validate_unique(self) -> None:
        # The unique email is handled by the sign-up service, without telling who is registered.
        exclude = self._get_validation_exclusions()
        exclude.add("email")
        try:
            self.instance.validate_unique(exclude=exclude)
        except forms.ValidationError as error:
            self._update_errors(error)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("time_zone"):
            browser_zone = cleaned.get("browser_time_zone", "")
            cleaned["time_zone"] = browser_zone if browser_zone in time_zone_names() else "UTC"
        return cleaned


class EmailAuthenticationForm(CarefulForm, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": (
            "That email and password don't match an account. "
            "Passwords are case-sensitive; would it help to reset yours?"
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Email"
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autocomplete": "email", "autofocus": True}
        )


class ProfileForm(CarefulForm, forms.ModelForm):
    time_zone = forms.ChoiceField(label="Time zone")

    class Meta:
        model = User
        fields = ["display_name", "pronouns", "time_zone", "evening_time", "language"]
        widgets = {"evening_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices()
        self.fields["evening_time"].help_text = (
            "When your evening begins, on your own clock. Your check-in reminder comes then "
            "if you haven't checked in yet; on a night a clock change skips that time, it "
            "comes just after the change."
        )


class CodeForm(CarefulForm, forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The six digits from your authenticator app, or one of your recovery codes.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class ConfirmTwoFactorForm(CarefulForm, forms.Form):
    code = forms.CharField(
        label="Code from the app",
        max_length=10,
        help_text="Six digits; they change every 30 seconds.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class PasswordConfirmForm(CarefulForm, forms.Form):
    """Asks for the person's password again before something that cannot be undone."""

    password = forms.CharField(
        label="My password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        # Counted like failed logins, so an unattended session cannot be used to guess.
        password = self.cleaned_data["password"]
        if throttle.is_locked(self.user.email, ""):
            raise forms.ValidationError(throttle.locked_message())
        if not self.user.check_password(password):
            throttle.register_failure(self.user.email, "")
            raise forms.ValidationError("That password doesn't match this account.")
        return password
