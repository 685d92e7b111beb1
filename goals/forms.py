from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CarefulForm
from core.widgets import CoachedTextarea, CoachedTextInput
from goals.models import Appreciation, JointActivity, MonthlyReview, PersonalObjective, Win


class ObjectiveForm(CarefulForm, forms.ModelForm):
    class Meta:
        model = PersonalObjective
        fields = ["text", "shared"]
        help_texts = {"text": _("Something enjoyable and sustainable, small enough for a month.")}
        widgets = {"text": forms.TextInput(attrs={"maxlength": 300})}


class ActivityForm(CarefulForm, forms.ModelForm):
    class Meta:
        model = JointActivity
        fields = ["text"]
        help_texts = {
            "text": _("Something you'd both enjoy, like a walk by the sea. Both of you see it.")
        }
        widgets = {"text": CoachedTextInput(attrs={"maxlength": 300})}


class ProgressForm(CarefulForm, forms.Form):
    text = forms.CharField(label=_("A note on how it's going"), max_length=500)


class ReviewForm(CarefulForm, forms.ModelForm):
    class Meta:
        model = MonthlyReview
        fields = ["went_well", "learned", "adjust", "shared"]
        widgets = {
            "went_well": forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
            "learned": forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
            "adjust": forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
        }
        help_texts = {"learned": _("Unmet goals count too: they're lessons, not failures.")}


class OurMonthForm(CarefulForm, forms.Form):
    text = forms.CharField(
        label=_("Our month"),
        max_length=2000,
        required=False,
        widget=CoachedTextarea(attrs={"rows": 5, "maxlength": 2000}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class AppreciationForm(CarefulForm, forms.ModelForm):
    class Meta:
        model = Appreciation
        fields = ["text"]
        widgets = {"text": CoachedTextarea(attrs={"rows": 2, "maxlength": 500})}
        help_texts = {
            "text": _(
                "Specific and sincere: “I appreciated how you made tea when I came home late.”"
            )
        }


class WinForm(CarefulForm, forms.ModelForm):
    class Meta:
        model = Win
        fields = ["text", "shared"]
        widgets = {"text": forms.TextInput(attrs={"maxlength": 300})}
        help_texts = {
            "text": _("Something you did on your own that you're glad about, however small.")
        }


class ReviewNudgeForm(CarefulForm, forms.Form):
    wanted = forms.BooleanField(
        label=_("Nudge me on the month's last evening to write my review"),
        label_suffix="",
        required=False,
        help_text=_("At your evening check-in time, unless it's written by then. Only you get it."),
    )
