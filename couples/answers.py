"""A partner's answer to something shared with them: acknowledgement, never advice.

Check-ins and journal entries brought to "revisit together" are answered the same way: the
partner picks one of a few kind answers and may add a few words. Each answer model is a
`PartnerAnswer` (it declares what it answers, its author and its kinds), with one
visibility rule (`PartnerAnswerQuerySet` in `couples/privacy.py`), and views take answers through
`answerable` and `receive_answer` below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from django.contrib import messages
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext

from core.fields import EncryptedCharField
from couples.privacy import PartnerAnswerQuerySet

if TYPE_CHECKING:
    from collections.abc import Callable

    from django import forms
    from django.http import HttpRequest

    from accounts.models import User


class PartnerAnswer(models.Model):
    """One partner's answer to one item; answering again replaces it.

    A subclass declares `answered_field` (the foreign key to the item, whose owner the
    answer is for), an `author` foreign key and a `kind` with its choices.
    """

    answered_field: ClassVar[str]

    note = EncryptedCharField(max_length=280, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = PartnerAnswerQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["created_at"]

    def __str__(self) -> str:
        # The kind only, never the note: this may show up in logs or the admin.
        return f"{self.get_kind_display()} (answer #{self.pk})"


def save_answer(
    model: type[PartnerAnswer], item: models.Model, author: User, kind: str, note: str
) -> tuple[PartnerAnswer, bool]:
    """Record `author`'s answer to `item`, replacing their earlier one; (answer, created)."""
    return model.objects.update_or_create(
        **{model.answered_field: item, "author": author},
        defaults={"kind": kind, "note": note},
    )


def answerable(items: models.QuerySet, request: HttpRequest, item_id: int) -> models.Model:
    """The partner's item the viewer may answer: visible to them and not their own, else 404."""
    return get_object_or_404(items.from_partner(request.user).select_related("owner"), pk=item_id)


def receive_answer(
    request: HttpRequest,
    item: models.Model,
    form: forms.Form,
    save: Callable[..., PartnerAnswer],
) -> bool:
    """Save a valid answer with `save(item, author, kind=..., note=...)`; False if invalid."""
    if not form.is_valid():
        return False
    save(item, request.user, **form.cleaned_data)
    if not request.htmx:
        messages.success(request, gettext("Your partner will see your answer."))
    return True
