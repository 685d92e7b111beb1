from datetime import time

from django import forms
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.localtime import local_today, on_clock, wall_clock_instant
from accounts.pronouns import they_verb
from core.forms import CarefulForm
from core.widgets import CoachedTextarea, CoachedTextInput
from couples import privacy
from couples.models import Boundary
from rituals.models import Ritual
from support.models import Kind, Reminder, SupportGrant, SupportOffer, SupportRequest


def _with_names(sentence: str, **values: str) -> str:
    """A translated sentence drawn as HTML (labels, help texts): the sentence is ours and
    trusted, the names and words filled into it are escaped."""
    return mark_safe(sentence % {name: escape(value) for name, value in values.items()})  # noqa: S308


def _ritual_label(ritual: Ritual) -> str:
    return ritual.title


class _GrantChoiceField(forms.ModelChoiceField):
    """A permission given to the person; each form narrows the queryset to the kinds it uses."""

    def __init__(self, refusal: str):
        super().__init__(
            queryset=SupportGrant.objects.none(),
            label=_("Under which permission"),
            error_messages={"invalid_choice": refusal},
        )

    def label_from_instance(self, grant: SupportGrant) -> str:
        return grant.partner_label


class GrantForm(CarefulForm, forms.ModelForm):
    expires_on = forms.DateField(
        label=_("Until (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The permission ends at the end of this day. Empty: until you revoke it."),
    )

    class Meta:
        model = SupportGrant
        fields = ["kind", "ritual", "weekly_cap", "quiet_from", "quiet_until", "phrasing"]
        labels = {
            "kind": _("What kind of support is welcome?"),
            "ritual": _("For"),
            "quiet_from": _("Quiet hours from (optional)"),
            "quiet_until": _("Quiet hours until"),
        }
        widgets = {
            "kind": forms.RadioSelect,
            "quiet_from": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_until": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "weekly_cap": forms.NumberInput(attrs={"min": 1, "max": 50}),
        }

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        # Only rituals the partner can already see: a grant must not reveal a private one.
        self.fields["ritual"].queryset = (
            Ritual.objects.owned_by(owner)
            .current()
            .filter(visibility__in=Ritual.Visibility.shared())
            .order_by("created_at")
        )
        self.fields["ritual"].label_from_instance = _ritual_label
        self.fields["ritual"].empty_label = gettext("Support in general")
        self.fields["ritual"].help_text = gettext(
            "Rituals you share with your partner can be chosen."
        )
        if partner := privacy.partner_of(owner):
            # help_text is drawn as HTML: the name is escaped here.
            # Translators: %(name)s is the partner's name, %(they_use)s "she uses", "they
            # use"… in English only (elsewhere it is empty: use the name, keep the placeholder).
            hint = gettext("Shown to %(name)s whenever %(they_use)s this permission.")
            self.fields["phrasing"].help_text = _with_names(
                hint,
                name=partner.display_name,
                they_use=they_verb(partner, "use"),
            )
        if self.instance.expires_at:
            self.fields["expires_on"].initial = on_clock(
                self.instance.expires_at, owner.zone
            ).date()

    def clean_weekly_cap(self):
        cap = self.cleaned_data.get("weekly_cap")
        if cap is not None and not 1 <= cap <= 50:
            raise forms.ValidationError(
                gettext("Choose between 1 and 50 a week, or leave it empty.")
            )
        return cap

    def clean_expires_on(self):
        expires_on = self.cleaned_data.get("expires_on")
        if expires_on and expires_on < local_today(self.owner):
            raise forms.ValidationError(gettext("Choose today or a later day, or leave it empty."))
        return expires_on

    def clean(self):
        cleaned = super().clean()
        quiet = [cleaned.get("quiet_from"), cleaned.get("quiet_until")]
        if any(quiet) and not all(quiet):
            self.add_error("quiet_until", gettext("Quiet hours need a start and an end."))
        if all(quiet) and quiet[0] == quiet[1]:
            self.add_error("quiet_until", gettext("Quiet hours need to end at a different time."))
        expires_on = cleaned.get("expires_on")
        # The end of that day on the owner's clock, whatever the server's zone.
        self.instance.expires_at = (
            wall_clock_instant(expires_on, time.max, self.owner.zone) if expires_on else None
        )
        return cleaned


class BoundaryForm(CarefulForm, forms.ModelForm):
    class Meta:
        model = Boundary
        fields = ["kind", "text"]
        labels = {"kind": _("This support is"), "text": _("In my words")}
        widgets = {"kind": forms.RadioSelect}


class OfferForm(CarefulForm, forms.ModelForm):
    grant = _GrantChoiceField(_("That permission isn't live any more, so the offer can't be made."))

    class Meta:
        model = SupportOffer
        fields = ["grant", "text"]
        widgets = {"text": CoachedTextarea(attrs={"rows": 2, "maxlength": 300})}

    def __init__(self, *args, partner, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grant"].queryset = (
            SupportGrant.objects.given_to(partner)
            .exclude(kind=Kind.REMIND)
            .select_related("ritual")
        )


class _AboutField(forms.ChoiceField):
    """One choice of what to remind about; the form explains a refused choice itself."""

    def validate(self, value):
        if value in self.empty_values:
            raise forms.ValidationError(gettext("Choose what to remind about."), code="required")


class ReminderForm(CarefulForm, forms.ModelForm):
    """A reminder for the partner, about exactly what their permissions cover.

    One choice (`about`) lists each ritual a live remind permission covers, once, and
    resolves to `cleaned_data["grant"]` and `["ritual"]`; the time is typed on the clock of
    the person it reaches.
    """

    about = _AboutField(label=_("What to remind about"), widget=forms.RadioSelect)
    field_order = ["about", "text", "due"]
    due = forms.DateTimeField(
        label=_("When"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    class Meta:
        model = Reminder
        fields = ["text"]
        labels = {"text": _("Your reminder (short and kind)")}
        widgets = {"text": CoachedTextInput(attrs={"maxlength": 200})}

    def __init__(self, *args, partner, owner, grant_id: str = "", ritual_id: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.grants = list(
            SupportGrant.objects.given_to(partner).filter(kind=Kind.REMIND).select_related("ritual")
        )
        shared = (
            list(Ritual.objects.from_partner(partner).current().order_by("created_at"))
            if owner
            else []
        )
        # Each ritual once: a permission for that ritual goes before a general one.
        self.options: dict[str, tuple[SupportGrant, Ritual]] = {}
        covered: set[int] = set()
        for grant in sorted(self.grants, key=lambda g: g.ritual_id is None):
            for ritual in shared:
                if ritual.pk not in covered and grant.ritual_id in (None, ritual.pk):
                    covered.add(ritual.pk)
                    self.options[f"{grant.pk}-{ritual.pk}"] = (grant, ritual)
        self.fields["about"].choices = [
            (key, ritual.title) for key, (_grant, ritual) in self.options.items()
        ]
        wanted = [k for k, (g, r) in self.options.items() if str(r.pk) == ritual_id]
        wanted += [k for k, (g, r) in self.options.items() if str(g.pk) == grant_id]
        if wanted or len(self.options) == 1:
            self.fields["about"].initial = (wanted or list(self.options))[0]
        if owner:
            self.fields["due"].label = _with_names(
                gettext("When, on %(name)s's clock"), name=owner.display_name
            )
            # Django renders help_text unescaped, so a person's name must be escaped here.
            self.fields["due"].help_text = _with_names(
                gettext("%(name)s's time zone is %(zone)s."),
                name=owner.display_name,
                zone=owner.time_zone,
            )

    @property
    def phrasings(self) -> list[SupportGrant]:
        """The permissions whose owner said how they'd like reminders phrased."""
        return [grant for grant in self.grants if grant.phrasing]

    def clean_about(self):
        about = self.cleaned_data["about"]
        if about in self.options:
            grant, ritual = self.options[about]
            self.cleaned_data["grant"], self.cleaned_data["ritual"] = grant, ritual
            return about
        grant_id = about.split("-", 1)[0]
        if not any(str(grant.pk) == grant_id for grant in self.grants):
            raise forms.ValidationError(
                gettext("That permission isn't live any more, so nothing was scheduled.")
            )
        raise forms.ValidationError(
            gettext("This permission covers a different ritual, or one that isn't shared with you.")
        )

    def clean_due(self):
        due = self.cleaned_data["due"]
        # The browser sends a wall-clock time: read it on the owner's clock, not ours.
        naive = timezone.make_naive(due) if timezone.is_aware(due) else due
        return wall_clock_instant(naive.date(), naive.time(), self.owner.zone)


class RequestForm(CarefulForm, forms.ModelForm):
    class Meta:
        model = SupportRequest
        fields = ["kind", "text"]
        labels = {"kind": _("Kind of support")}
        widgets = {
            "kind": forms.RadioSelect,
            "text": CoachedTextarea(attrs={"rows": 2, "maxlength": 300}),
        }
        help_texts = {
            "text": _("For example: “Would you join my walk on Saturday?”"),
        }


class RequestAnswerForm(CarefulForm, forms.Form):
    answer = forms.ChoiceField(choices=[("yes", _("Yes")), ("not_this_time", _("Not this time"))])
    alternative = forms.CharField(
        label=_("An alternative (optional)"),
        max_length=300,
        required=False,
        widget=CoachedTextInput(attrs={"maxlength": 300}),
    )
