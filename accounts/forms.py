from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm, PasswordResetForm
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import oidc, throttle
from accounts.localtime import time_zone_names
from accounts.models import User, normalize_email
from core.forms import CarefulForm

# Pronouns and language have no verbose name of their own on the model (adding one would be a
# migration), so the forms name them.
PERSON_LABELS = {
    "pronouns": gettext_lazy("Pronouns"),
    "language": gettext_lazy("Language"),
}
PERSON_HELP = {
    "language": gettext_lazy("Duet's pages and emails to you are in this language."),
}


def page_language() -> str:
    """The language this page is read in, if Duet speaks it, else the default."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    try:
        return translation.get_supported_language_variant(language)
    except LookupError:
        return settings.LANGUAGE_CODE


def time_zone_choices(blank_label: str | None = None) -> list[tuple[str, str]]:
    choices = [(name, name.replace("_", " ")) for name in time_zone_names()]
    if blank_label:
        choices.insert(0, ("", blank_label))
    return choices


class SignupForm(CarefulForm, BaseUserCreationForm):
    time_zone = forms.ChoiceField(
        label=gettext_lazy("Time zone"),
        required=False,
        help_text=gettext_lazy("Your days, evenings and reminders follow this clock."),
    )
    # Filled in by static/js/duet.js from the browser, so most people never pick a zone.
    browser_time_zone = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = User
        fields = ["display_name", "email", "pronouns", "time_zone", "language"]
        labels = PERSON_LABELS
        help_texts = PERSON_HELP
        widgets = {"email": forms.EmailInput(attrs={"autocomplete": "email"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices(_("Use this device's time zone"))
        self.fields["display_name"].widget.attrs.update(autocomplete="nickname", autofocus=True)
        self.fields["email"].widget.attrs.pop("autofocus", None)
        # Left out (an older form, a script), the account takes the page's language.
        self.fields["language"].required = False

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
        if not cleaned.get("language"):
            cleaned["language"] = page_language()
        return cleaned

    def save(self, commit=True):
        # A language left out of the post isn't copied by the model form (it has a default).
        self.instance.language = self.cleaned_data["language"]
        return super().save(commit)


class EmailAuthenticationForm(CarefulForm, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": gettext_lazy(
            "That email and password don't match an account. "
            "Passwords are case-sensitive; would it help to reset yours?"
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Email")
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autocomplete": "email", "autofocus": True}
        )


class PersonalPasswordResetForm(CarefulForm, PasswordResetForm):
    """Each reset email is written in its recipient's language, not the asking browser's."""

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        user = context.get("user")
        language = getattr(user, "language", "") or settings.LANGUAGE_CODE
        with translation.override(language):
            super().send_mail(subject_template_name, email_template_name, context, *args, **kwargs)


class ProfileForm(CarefulForm, forms.ModelForm):
    time_zone = forms.ChoiceField(label=gettext_lazy("Time zone"))

    class Meta:
        model = User
        fields = ["display_name", "pronouns", "time_zone", "evening_time", "language"]
        labels = PERSON_LABELS
        help_texts = PERSON_HELP
        widgets = {"evening_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices()
        self.fields["evening_time"].help_text = _(
            "When your evening begins, on your own clock. Your check-in reminder comes then "
            "if you haven't checked in yet; on a night a clock change skips that time, it "
            "comes just after the change."
        )


class CodeForm(CarefulForm, forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=20,
        help_text=gettext_lazy(
            "The six digits from your authenticator app, or one of your recovery codes."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class ConfirmTwoFactorForm(CarefulForm, forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from the app"),
        max_length=10,
        help_text=gettext_lazy("Six digits; they change every 30 seconds."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class PasswordConfirmForm(CarefulForm, forms.Form):
    """Asks who is there again before something that cannot be undone, in the one way that
    fits the account (`method`):

    - "password": the account's password, while password login is on;
    - "provider": no password to ask for, and a link to the host's identity provider: a fresh
      sign-in there in the last few minutes (accounts/oidc.py, "Confirming it's you");
    - "phrase": no password and no provider, so the host's authenticating proxy is what let
      this person in, on every request. Duet can't ask it again, so the person types their
      own email address: that guards against a slip, not against someone else at the
      browser, which is the proxy's to guard (README, "Confirming it's you");
    - "reset": no password, and neither single sign-on nor the proxy is configured now:
      nothing can tell who is at the browser, so the step is refused until a password is set.
    """

    password = forms.CharField(
        label=gettext_lazy("My password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    phrase = forms.CharField(
        label=gettext_lazy("My email address"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, request, *args, **kwargs):
        self.user = request.user
        super().__init__(*args, **kwargs)
        if settings.PASSWORD_LOGIN and self.user.has_usable_password():
            self.method = "password"
        elif oidc.link_for(self.user) is not None:
            self.method = "provider"
        elif settings.PROXY_LOGIN_HEADER:
            self.method = "phrase"
        else:
            # No password, and neither way in it came by is configured now (single sign-on
            # switched off or moved): nothing here can tell who is at this browser.
            self.method = "reset"
        self.provider_name = oidc.provider_name()
        self.confirmed = self.method == "provider" and oidc.recently_confirmed(request, self.user)
        for name in ("password", "phrase"):
            if name != self.method:
                del self.fields[name]
        if "phrase" in self.fields:
            # help_text is drawn as HTML, and an address may quote markup ("<b>"@example.org).
            self.fields["phrase"].help_text = format_html(
                _("Type {email} to say this is really you."), email=self.user.email
            )

    def clean_password(self) -> str:
        # Counted like failed logins, so an unattended session cannot be used to guess.
        password = self.cleaned_data["password"]
        if throttle.is_locked(self.user.email, ""):
            raise forms.ValidationError(throttle.locked_message())
        if not self.user.check_password(password):
            throttle.register_failure(self.user.email, "")
            raise forms.ValidationError(_("That password doesn't match this account."))
        return password

    def clean_phrase(self) -> str:
        phrase = self.cleaned_data["phrase"]
        if normalize_email(phrase) != normalize_email(self.user.email):
            raise forms.ValidationError(
                _("That isn't quite your email address. Would you type %(email)s?")
                % {"email": self.user.email}
            )
        return phrase

    def clean(self):
        if self.method == "reset":
            raise forms.ValidationError(
                _(
                    "I can't confirm it's you: this account has no password, and the sign-in it "
                    "came through isn't set up here now. Would you set a password first (log out, "
                    "then “Forgotten your password?”), and try again?"
                )
            )
        if self.method == "provider" and not self.confirmed:
            raise forms.ValidationError(
                _(
                    "Would you confirm it's you at %(provider)s first? It takes a moment, "
                    "and then this step works for five minutes."
                )
                % {"provider": self.provider_name}
            )
        return super().clean()
