"""Own words in other apps' forms, and the small forms of the My words page."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CarefulForm
from words.models import MAX_LABEL, Group
from words.vocabulary import Words, words_of


def group_title(group: str) -> str:
    return str(Group(group).label) if group in Group.values else str(Group.OWN.label)


def feeling_choices(owner, keep=()) -> list:
    """The person's visible feeling words grouped as on the form (quadrants, then their own
    group), with any of `keep` (already on the check-in being edited) still offered."""
    grouped: dict[str, list] = {group: [] for group in Group.values}
    for word in words_of(owner).visible("feeling", keep=keep):
        grouped.setdefault(word.group or Group.OWN, []).append((word.key, word.label))
    return [(group_title(group), words) for group, words in grouped.items() if words]


def fit_checkin_form(form) -> None:
    """Offer the check-in's owner their own feeling words and "what would help" options;
    only those (and what the check-in already holds) are accepted."""
    checkin = form.instance
    # The words are read by the person's id, without loading them again (a form drawn for
    # someone not saved yet has no id: their words are the defaults).
    owner = checkin.owner_id if checkin.owner_id is not None else checkin.owner
    form.fields["feeling_words"].choices = feeling_choices(owner, keep=checkin.feeling_words or [])
    wishes = words_of(owner).visible("wish", keep=[checkin.wish] if checkin.wish else [])
    old = form.fields["wish"]
    form.fields["wish"] = forms.ChoiceField(
        label=old.label,
        required=False,
        choices=[("", _("I'd rather not say")), *((w.key, w.label) for w in wishes)],
        widget=forms.RadioSelect,
    )


def fit_ritual_form(form) -> None:
    """Offer the ritual's owner their own categories (a joint proposal: the defaults, the
    same for both partners)."""
    plan = form.instance
    owner_id = getattr(plan, "owner_id", None)
    current = getattr(plan, "category", "") if plan.pk else ""
    if owner_id:
        words = words_of(owner_id).visible("category", keep=[current] if current else [])
    else:
        words = Words(0, []).all("category")
    old = form.fields["category"]
    form.fields["category"] = forms.ChoiceField(
        label=old.label,
        help_text=old.help_text,
        choices=[(w.key, w.label) for w in words],
        initial=current or "other",
    )


class WordForm(CarefulForm, forms.Form):
    label = forms.CharField(
        label=_("Word"),
        max_length=MAX_LABEL,
        required=False,
        widget=forms.TextInput(attrs={"maxlength": MAX_LABEL, "autocomplete": "off"}),
    )
    group = forms.ChoiceField(label=_("Where it goes"), choices=Group.choices, required=False)
