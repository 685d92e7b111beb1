import binascii
from collections.abc import Callable

from cryptography.hazmat.primitives.asymmetric import ec
from django import forms
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

from core.forms import CarefulForm
from notifications import channels
from notifications.models import GROUPS, OPT_IN_KINDS, Notification
from notifications.vapid import b64url_decode

CHANNEL_FIELDS = (
    ("email", pgettext_lazy("notification channel", "Email")),
    ("push", pgettext_lazy("notification channel", "Push")),
    ("other", gettext_lazy("Other channels")),
    ("urgent", gettext_lazy("Urgent")),
)


class PreferencesForm(CarefulForm, forms.Form):
    """Per kind: email, push, other channels, urgent; and the person's quiet hours."""

    quiet_starts = forms.TimeField(
        label=gettext_lazy("Quiet from"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": gettext_lazy("Please give a time like 22:00.")},
    )
    quiet_ends = forms.TimeField(
        label=pgettext_lazy("quiet hours", "until"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": gettext_lazy("Please give a time like 07:00.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in Notification.Kind:
            for channel, label in CHANNEL_FIELDS:
                self.fields[f"{kind.value}-{channel}"] = forms.BooleanField(
                    # Translators: a checkbox's label, e.g. "Email: Answers to my check-ins".
                    label=gettext("%(channel)s: %(kind)s") % {"channel": label, "kind": kind.label},
                    required=False,
                )

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("quiet_starts"), cleaned.get("quiet_ends")
        if not self.errors and (starts is None) != (ends is None):
            raise forms.ValidationError(
                gettext(
                    "Quiet hours need both times: when they start and when they end "
                    "(or neither, for none)."
                )
            )
        if starts is not None and starts == ends:
            raise forms.ValidationError(
                gettext("Quiet hours need to end at another time than they start.")
            )
        return cleaned

    def rows(self):
        """For the template: each group of kinds (GROUPS), each kind with its four boxes."""
        grouped = {kind for _label, kinds in GROUPS for kind in kinds}
        others = [kind for kind in Notification.Kind if kind not in grouped]
        for label, kinds in [*GROUPS, ("Other", others)]:
            if kinds:
                yield (
                    gettext(label),
                    [
                        (
                            Notification.Kind(kind),
                            [self[f"{kind}-{channel}"] for channel, _ in CHANNEL_FIELDS],
                        )
                        for kind in kinds
                    ],
                )

    def kind_values(self) -> dict[str, dict[str, bool]]:
        return {
            kind.value: {
                channel: self.cleaned_data[f"{kind.value}-{channel}"]
                for channel, _ in CHANNEL_FIELDS
            }
            for kind in Notification.Kind
        }


def _key_bytes(value: str, problem: str) -> bytes:
    try:
        return b64url_decode(value.strip())
    except (binascii.Error, ValueError):
        raise forms.ValidationError(problem) from None


def _refused_if_problem(address: str, problem_of: Callable[[str], str]) -> str:
    """The address, stripped, unless `problem_of` says why Duet won't send there."""
    address = address.strip()
    problem = problem_of(address)
    if problem:
        raise forms.ValidationError(problem)
    return address


class PushSubscriptionForm(CarefulForm, forms.Form):
    """What a browser's PushSubscription.toJSON() holds; posted by static/js/devices.js."""

    endpoint = forms.CharField(max_length=1000)
    p256dh = forms.CharField(max_length=200)
    auth = forms.CharField(max_length=100)

    def clean_endpoint(self):
        return _refused_if_problem(self.cleaned_data["endpoint"], channels.endpoint_problem)

    def clean_p256dh(self):
        value = self.cleaned_data["p256dh"].strip()
        try:
            ec.EllipticCurvePublicKey.from_encoded_point(
                ec.SECP256R1(),
                _key_bytes(value, gettext("The browser's public key isn't valid base64.")),
            )
        except ValueError:
            raise forms.ValidationError(
                gettext("The browser's public key isn't a P-256 key.")
            ) from None
        return value

    def clean_auth(self):
        value = self.cleaned_data["auth"].strip()
        if len(_key_bytes(value, gettext("The browser's auth key isn't valid base64."))) != 16:
            raise forms.ValidationError(gettext("The browser's auth secret should be 16 bytes."))
        return value


class DeviceNameForm(CarefulForm, forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=60, required=False)


class ChannelForm(CarefulForm, forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=60,
        help_text=gettext_lazy("For you, e.g. “ntfy on my phone”."),
    )
    url = forms.CharField(
        label=gettext_lazy("Apprise URL"),
        max_length=1000,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=gettext_lazy(
            "For example ntfy://ntfy.sh/my-secret-topic or gotify://host/token. "
            "It is kept encrypted and never shown in full again."
        ),
    )

    def clean_url(self):
        return _refused_if_problem(self.cleaned_data["url"], channels.apprise_problem)


class OptInForm(CarefulForm, forms.Form):
    """Ask for, or stop, a kind of notification that only comes when asked for."""

    kind = forms.ChoiceField(
        choices=[(kind, Notification.Kind(kind).label) for kind in sorted(OPT_IN_KINDS)],
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": gettext_lazy("That isn't something to ask for here.")},
    )
    wanted = forms.TypedChoiceField(
        choices=[("yes", gettext_lazy("Yes, please")), ("no", gettext_lazy("No, thank you"))],
        coerce=lambda value: value == "yes",
        error_messages={"invalid_choice": gettext_lazy("Please choose yes or no.")},
    )
