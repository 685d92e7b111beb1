"""My words: a person's own feeling words, "what would help" options and ritual categories.

Plain forms, each change posted and redirected back; a change that can't be kept re-draws
the page with the reason next to it, and nothing saved. Only ever the person's own list.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from words import services
from words.forms import WordForm, group_title
from words.models import Group, Kind
from words.vocabulary import Word, words_of


@dataclass
class _Section:
    kind: str
    title: str
    intro: str
    groups: list[tuple[str, list[Word]]]
    error: str = ""
    errors: dict[str, str] = field(default_factory=dict)
    typed: str = ""
    typed_group: str = ""


def _intro(kind: str) -> str:
    if kind == Kind.FEELING:
        return _(
            "The words offered for a feeling in your evening check-in. Your partner sees "
            "the ones you pick only when you share your feeling."
        )
    if kind == Kind.WISH:
        return _(
            "The answers to “What would help tonight?”. Your partner sees your answer only "
            "when you share it."
        )
    return _(
        "The kinds of rituals you choose from. Your partner sees one only on a ritual you share."
    )


def _sections(person, error: tuple | None = None) -> list[_Section]:
    words = words_of(person)
    sections = []
    for kind in Kind:
        every = words.all(kind)
        if kind == Kind.FEELING:
            groups = [
                (group_title(group), [w for w in every if (w.group or Group.OWN) == group])
                for group in Group.values
            ]
            groups = [(title, items) for title, items in groups if items]
        else:
            groups = [("", every)]
        sections.append(_Section(kind.value, str(kind.label), _intro(kind), groups))
    if error:
        kind, key, message, typed, typed_group = error
        section = next(s for s in sections if s.kind == kind)
        if key:
            section.errors[key] = message
        else:
            section.error, section.typed, section.typed_group = message, typed, typed_group
    return sections


def _page(request, error: tuple | None = None):
    return render(
        request,
        "words/home.html",
        {
            "sections": _sections(request.user, error),
            "group_choices": Group.choices,
            "max_label": WordForm.base_fields["label"].max_length,
        },
        status=400 if error else 200,
    )


@login_required
def home(request):
    return _page(request)


def _kind(kind: str) -> str:
    if kind not in Kind.values:
        raise Http404
    return kind


def _back(kind: str):
    return redirect(f"{reverse('words:home')}#{kind}")


def _typed(request) -> tuple[str, str]:
    form = WordForm(request.POST)
    if not form.is_valid():
        # Too long for the field itself: the service says so in its own words.
        return request.POST.get("label", "")[:1000], request.POST.get("group", "")
    return form.cleaned_data["label"], form.cleaned_data["group"]


@login_required
@require_POST
def add(request, kind: str):
    kind = _kind(kind)
    label, group = _typed(request)
    try:
        services.add(request.user, kind, label, group)
    except services.WordProblem as problem:
        return _page(request, (kind, "", str(problem), label, group))
    # Flash messages travel in a readable cookie: the word itself stays out of it.
    messages.success(request, _("Added. It's one of your words now."))
    return _back(kind)


def _change(request, kind: str, key: str, change, done: str):
    kind = _kind(kind)
    try:
        change(kind)
    except LookupError:
        raise Http404 from None
    except services.WordProblem as problem:
        return _page(request, (kind, key, str(problem), "", ""))
    messages.success(request, done)
    return _back(kind)


@login_required
@require_POST
def rename(request, kind: str, key: str):
    label, _group = _typed(request)
    return _change(
        request,
        kind,
        key,
        lambda kind: services.rename(request.user, kind, key, label),
        _("Renamed. Past entries read with the new name too."),
    )


@login_required
@require_POST
def set_hidden(request, kind: str, key: str, hidden: bool):
    """Hide a word (it isn't offered any more) or show it again: the URL says which."""
    if hidden:
        done = _("Hidden. It isn't offered any more; past entries still show it.")
    else:
        done = _("It's offered again.")
    return _change(
        request,
        kind,
        key,
        lambda kind: services.set_hidden(request.user, kind, key, hidden),
        done,
    )


@login_required
@require_POST
def move(request, kind: str, key: str):
    up = request.POST.get("direction") != "down"
    return _change(
        request,
        kind,
        key,
        lambda kind: services.move(request.user, kind, key, up),
        _("Moved."),
    )
