from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CarefulForm
from core.widgets import CoachedTextInput
from wellbeing.models import (
    ITEM_FIELDS,
    WHO5_ITEMS,
    WHO5_SCALE,
    Contact,
    JournalAcknowledgement,
    JournalEntry,
    Tag,
    Who5Response,
)


class ContactForm(CarefulForm, forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "kind", "reach", "goes_for", "shared"]
        labels = {
            "name": _("Who (a name is enough)"),
            "kind": _("They are"),
            "reach": _("How to reach them (optional)"),
            "goes_for": _("What I go to them for (optional)"),
        }
        help_texts = {
            "reach": _("A phone number, email, address or meeting time."),
            "shared": _("Off by default: this stays yours unless you tick it."),
        }
        widgets = {
            "reach": forms.TextInput(attrs={"maxlength": 200}),
            "goes_for": forms.Textarea(attrs={"rows": 2, "maxlength": 500}),
        }
        error_messages = {
            "name": {"required": _("Would you give them a name, even just a first name?")},
        }


class JournalEntryForm(CarefulForm, forms.ModelForm):
    tags = forms.MultipleChoiceField(
        label=_("Tags (optional)"),
        choices=Tag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = JournalEntry
        fields = ["title", "body", "tags"]
        labels = {"title": _("A title (optional)")}
        widgets = {
            "title": forms.TextInput(attrs={"maxlength": 120}),
            "body": forms.Textarea(attrs={"rows": 6, "maxlength": 5000}),
        }
        help_texts = {
            "body": _("Only you see this, unless you later bring it to revisit together.")
        }
        error_messages = {
            "body": {"required": _("I notice the entry is empty. What would you like to note?")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["tags"].initial = self.instance.tag_values


class JournalSearchForm(CarefulForm, forms.Form):
    q = forms.CharField(label=_("Words"), max_length=100, required=False)
    tag = forms.ChoiceField(
        label=_("Tag"), choices=[("", _("Any tag")), *Tag.choices], required=False
    )


class JournalAcknowledgementForm(CarefulForm, forms.ModelForm):
    kind = forms.ChoiceField(
        label=_("Answer with"),
        choices=JournalAcknowledgement.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Would you pick one of the answers?")},
    )

    class Meta:
        model = JournalAcknowledgement
        fields = ["kind", "note"]
        labels = {"note": _("A few words of your own (optional)")}
        widgets = {
            "kind": forms.RadioSelect,
            "note": CoachedTextInput(attrs={"maxlength": 280}),
        }


class Who5Form(CarefulForm, forms.ModelForm):
    class Meta:
        model = Who5Response
        fields = [*ITEM_FIELDS, "shared"]
        help_texts = {"shared": _("Off by default: your score stays yours unless you tick it.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for index, field in enumerate(ITEM_FIELDS):
            self.fields[field] = forms.TypedChoiceField(
                # The item's official wording in the reader's language (WHO5_ITEMS).
                label=_(WHO5_ITEMS[index]),
                choices=WHO5_SCALE,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Would you choose the answer closest to how it was?")
                },
            )

    def item_fields(self):
        return [self[field] for field in ITEM_FIELDS]
