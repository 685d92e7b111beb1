"""One inbox item per partner-facing event, for the right person, never twice.

Each app tells the partner about its events with `tell()`, inside the transaction that
makes the event, naming the row the event is about (`about`). A notification about the same
row, of the same kind, for the same person, exists at most once (a constraint on
Notification), so a double submit or two racing requests leave one item. The row is also
what the consent checks at delivery read (`about_still_visible`, and each app's own
`register_check`), and what `reword_told` finds when an item must stop reading as live.

Wordings are English msgids worded for the reader when read, never in the sender's language:
pass `gettext_noop("…")` or `gettext_lazy("…")`, with `params` for what fills the other slots
(notifications/wording.py says how).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from accounts.pronouns import pronouns_of
from couples import privacy, versions
from couples.answers import PartnerAnswer, save_answer
from notifications import wording
from notifications.models import OPT_IN_KINDS, Notification, OptIn
from notifications.services import notify


def them(person) -> str:
    """How wording refers to `person` as an object, by their own pronouns ("she/her" ->
    "her"); accounts/pronouns.py reads them."""
    return pronouns_of(person).them


# Two identical posts this close together are one submit sent twice, not two events.
TWIN_WINDOW = timedelta(minutes=2)


def recent_twin(rows: models.QuerySet, same: Callable[[models.Model], bool]):
    """A row made within TWIN_WINDOW that `same` recognises as this post again, if any.

    For events that make a new row each time (a proposal, an appreciation, a win), so a
    double submit doesn't make a second event; `same` compares in Python, since the words
    are encrypted in the database.
    """
    recent = rows.filter(created_at__gte=timezone.now() - TWIN_WINDOW)
    return next((row for row in recent if same(row)), None)


def tell(
    recipient,
    kind: str,
    text: str,
    url: str = "",
    *,
    about: models.Model,
    actor=None,
    ritual=None,
    words: str = "",
    params: dict | None = None,
) -> Notification | None:
    """Notify `recipient` of an event about `about`, once; None if already told (or the
    kind is opt-in and they didn't ask for it).

    Call it inside the event's own transaction, so the item exists exactly when the event
    does. `text` follows notify(): private things go in slots, never in the wording; it is
    an English msgid (gettext_noop or gettext_lazy), worded in the recipient's language.
    """
    if recipient is None or (actor is not None and recipient.pk == actor.pk):
        return None
    if kind in OPT_IN_KINDS and not OptIn.objects.owned_by(recipient).filter(kind=kind).exists():
        return None
    subject_type = ContentType.objects.get_for_model(about)
    already = Notification.objects.filter(
        recipient=recipient, kind=kind, subject_type=subject_type, subject_id=about.pk
    )
    if already.exists():
        return None
    try:
        with transaction.atomic():
            notification = notify(
                recipient,
                kind,
                text,
                url,
                actor=actor,
                ritual=ritual,
                words=words,
                params=params,
            )
            # The subject is set in the same savepoint: a racing twin fails on the
            # constraint here, and its item (and any delivery queued for it) rolls back.
            already.model.objects.filter(pk=notification.pk).update(
                subject_type=subject_type, subject_id=about.pk
            )
    except IntegrityError:
        return None
    notification.subject_type, notification.subject_id = subject_type, about.pk
    return notification


def tell_partner(
    actor, kind: str, text: str, url: str = "", *, about: models.Model, params: dict | None = None
):
    """Tell `actor`'s current partner, if they have one, of something `actor` did, once
    (see tell()): the way every "your partner shared…" item is made."""
    return tell(privacy.partner_of(actor), kind, text, url, about=about, actor=actor, params=params)


def answer_and_tell(
    model: type[PartnerAnswer],
    item: models.Model,
    author,
    kind: str,
    note: str,
    *,
    news: str,
    text: str,
    url: str,
    params: dict | None = None,
) -> PartnerAnswer:
    """Save `author`'s answer to `item` (couples.answers.save_answer) and, the first time,
    tell the item's owner, in one transaction. By its kind only: a note stays beside the
    item, out of inboxes and emails."""
    with transaction.atomic():
        answer, created = save_answer(model, item, author, kind, note)
        if created:
            tell(item.owner, news, text, url, about=answer, actor=author, params=params)
    return answer


def told(
    about: models.Model | models.QuerySet | type[models.Model], *kinds: str
) -> models.QuerySet:
    """The notifications about this row (these rows, or any row of this model), of these
    kinds (any, if none)."""
    if isinstance(about, type):
        found = Notification.objects.filter(subject_type=ContentType.objects.get_for_model(about))
    elif isinstance(about, models.QuerySet):
        found = Notification.objects.filter(
            subject_type=ContentType.objects.get_for_model(about.model),
            subject_id__in=about.values("pk"),
        )
    else:
        found = Notification.objects.filter(
            subject_type=ContentType.objects.get_for_model(about), subject_id=about.pk
        )
    return found.filter(kind__in=kinds) if kinds else found


def reword_told(notifications: models.QuerySet, text: str, params: dict | None = None) -> int:
    """Let items that no longer hold say so (read, and in `text`'s words, an English msgid
    like tell()'s): an ended permission's welcome must not read as live in the inbox. Those
    read now leave their recipients' unread count at once, the worker's rewording too (their
    couple version moves)."""
    reworded = 0
    now_read = set()
    for notification in notifications:
        notification.text = wording.msgid(text)
        notification.params = wording.stored(params)
        if notification.read_at is None:
            notification.read_at = timezone.now()
            now_read.add(notification.recipient_id)
        # Through save, so the new wording is encrypted like any other.
        notification.save(update_fields=["text", "params", "read_at"])
        reworded += 1
    if now_read:  # once committed, as for a new item (services.notify)
        transaction.on_commit(lambda: versions.bump_people(now_read), robust=True)
    return reworded


def about_still_visible(notification: Notification) -> bool:
    """A consent check for items about something shareable (a win, a review, a journal
    entry, a check-in): it is still there and still shared with the recipient."""
    model = notification.subject_type.model_class() if notification.subject_type_id else None
    if model is None:
        return False
    return (
        model.objects.visible_to(notification.recipient).filter(pk=notification.subject_id).exists()
    )


def subject_of(notification: Notification, model: type[models.Model]) -> models.Model | None:
    """The notification's subject if it is a `model` row that still exists, else None."""
    if notification.subject_type_id != ContentType.objects.get_for_model(model).pk:
        return None
    return model._base_manager.filter(pk=notification.subject_id).first()


def wants(person, kind: str) -> bool:
    """Did the person ask for this opt-in kind?"""
    return OptIn.objects.owned_by(person).filter(kind=kind).exists()


def still_wanted(notification: Notification) -> bool:
    """A consent check for opt-in kinds: the recipient still asks for them."""
    return wants(notification.recipient, notification.kind)


def set_opt_in(person, kind: str, wanted: bool) -> None:
    """Ask for (or stop) an opt-in kind of notification."""
    if kind not in OPT_IN_KINDS:
        raise ValueError(f"{kind} is not an opt-in kind")
    if wanted:
        try:
            with transaction.atomic():
                OptIn.objects.get_or_create(owner=person, kind=kind)
        except IntegrityError:
            pass  # a double submit: the other request asked already
    else:
        OptIn.objects.owned_by(person).filter(kind=kind).delete()
