from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import CarefulForm
from core.widgets import CoachedTextarea
from couples.models import VisionVersion


def _coached_textarea() -> CoachedTextarea:
    return CoachedTextarea(attrs={"rows": 3, "maxlength": 600})


class VisionForm(CarefulForm, forms.Form):
    # The version this edit started from; 0 before the first. Missing counts as 0, so a
    # stray post can only ever meet a conflict, never overwrite.
    based_on = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)
    safety = forms.CharField(
        label=_("What safety looks like for us"),
        max_length=600,
        required=False,
        widget=_coached_textarea(),
        help_text=_("For example: “we can say ‘not tonight’ and it's heard kindly”."),
    )
    predictability = forms.CharField(
        label=_("What predictability looks like for us"),
        max_length=600,
        required=False,
        widget=_coached_textarea(),
    )
    joy = forms.CharField(
        label=_("What joy looks like for us"),
        max_length=600,
        required=False,
        widget=_coached_textarea(),
    )

    def clean_based_on(self):
        return self.cleaned_data.get("based_on") or 0

    def clean(self):
        cleaned = super().clean()
        if "based_on" in self.errors:
            # A hidden field's own error would go unseen: say it where it's read.
            raise forms.ValidationError(
                gettext(
                    "I couldn't tell which version you started from. Would you reload the page "
                    "and try again? Copy your words first if you'd like to keep them."
                )
            )
        if not self.errors and not any(
            cleaned.get(f, "").strip() for f in VisionVersion.TEXT_FIELDS
        ):
            raise forms.ValidationError(
                gettext(
                    "I notice all three parts are empty. "
                    "Would you write a few words in one of them?"
                )
            )
        return cleaned

    def texts(self) -> dict[str, str]:
        return {field: self.cleaned_data[field].strip() for field in VisionVersion.TEXT_FIELDS}
