from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from checkins.forms import LOW_TO_HIGH, PLEASANTNESS
from core.forms import CarefulForm
from moving import daylio
from rituals.models import Ritual
from words.forms import feeling_choices
from words.vocabulary import words_of


class UploadForm(CarefulForm, forms.Form):
    """One file, refused above the host's size limit before it is read."""

    accept = ""
    label = gettext_lazy("The file")

    file = forms.FileField(
        label=gettext_lazy("The file"),
        error_messages={
            "required": gettext_lazy("Which file would you like to bring in? Nothing was chosen."),
            "empty": gettext_lazy("This file is empty, so there was nothing to import."),
            "invalid": gettext_lazy("I couldn't receive a file. Would you choose it again?"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = self.accept
        self.fields["file"].label = self.label

    @staticmethod
    def too_large(size: int | None = None) -> str:
        limit = filesizeformat(settings.IMPORT_MAX_UPLOAD_BYTES)
        if size:
            return _(
                "This file is %(size)s; this server takes files up to %(limit)s. "
                "Nothing was imported."
            ) % {"size": filesizeformat(size), "limit": limit}
        return _(
            "This file is too large; this server takes files up to %(limit)s. Nothing was imported."
        ) % {"limit": limit}

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(self.too_large(upload.size))
        return upload.read(limit + 1)


class DuetUploadForm(UploadForm):
    accept = ".zip,application/zip"
    label = gettext_lazy("My Duet export (.zip)")
    prefix = "duet"


class DaylioUploadForm(UploadForm):
    accept = ".csv,text/csv"
    label = gettext_lazy("My Daylio export (.csv)")
    prefix = "daylio"


def _targets(person, rituals: list[Ritual]) -> list:
    """Where an activity may go: the note, nowhere, one of the person's own feeling words
    (grouped as on their check-in), or a practice of one of their rituals."""
    choices = [(daylio.NOTE, _("Add it to the note")), (daylio.LEAVE, _("Leave it out"))]
    for title, words in feeling_choices(person):
        group = _("Feeling word: %(quadrant)s") % {"quadrant": title}
        choices.append((group, [(f"word:{key}", label) for key, label in words]))
    if rituals:
        choices.append((_("Practice of my ritual"), [(f"ritual:{r.pk}", r.title) for r in rituals]))
    return choices


class MappingForm(CarefulForm, forms.Form):
    """Where each Daylio mood sits on the mood meter, and where each activity goes."""

    def __init__(self, *args, person, preview: daylio.Preview, rituals: list[Ritual], **kwargs):
        super().__init__(*args, **kwargs)
        self.moods = sorted(preview.moods, key=lambda m: (-daylio.default_place(m)[0], m.lower()))
        self.activities = sorted(preview.activities, key=lambda a: (-preview.activities[a], a))
        self.mood_rows, self.activity_rows = [], []
        for number, mood in enumerate(self.moods):
            pleasant, energy = daylio.default_place(mood)
            self.fields[f"mood_{number}_p"] = forms.TypedChoiceField(
                label=_("How pleasant"), choices=PLEASANTNESS, coerce=int, initial=pleasant
            )
            self.fields[f"mood_{number}_e"] = forms.TypedChoiceField(
                label=_("How much energy"), choices=LOW_TO_HIGH, coerce=int, initial=energy
            )
            self.mood_rows.append(
                (mood, preview.moods[mood], self[f"mood_{number}_p"], self[f"mood_{number}_e"])
            )
        targets = _targets(person, rituals)
        own_words = words_of(person).visible("feeling")
        for number, activity in enumerate(self.activities):
            times = preview.activities[activity]
            self.fields[f"activity_{number}"] = forms.ChoiceField(
                label=activity,
                choices=targets,
                initial=daylio.default_target(activity, rituals, own_words),
                help_text=ngettext(
                    "%(count)s time in the file", "%(count)s times in the file", times
                )
                % {"count": times},
            )
            self.activity_rows.append(
                (activity, preview.activities[activity], self[f"activity_{number}"])
            )

    def mapping(self) -> dict:
        data = self.cleaned_data
        return {
            "moods": {
                mood: [data[f"mood_{n}_p"], data[f"mood_{n}_e"]]
                for n, mood in enumerate(self.moods)
            },
            "activities": {
                activity: data[f"activity_{n}"] for n, activity in enumerate(self.activities)
            },
        }
