"""Putting things in a person's inbox, and copying them to email where they asked."""

from django.db import transaction

from notifications.delivery import wants_email
from notifications.models import EmailPreference, EmailStatus, Notification
from notifications.tasks import email_notification


def notify(
    recipient, kind: str, text: str, url: str = "", *, actor=None, ritual=None, words: str = ""
) -> Notification:
    """Add a notification to the recipient's in-app inbox, and queue its email if wanted.

    `text` is the wording; anything that can change or be un-shared goes in a slot
    ({actor}, {ritual}, {quoted_ritual}, {words}) that `Notification.message` fills in.
    The email task is a row in the same database transaction as the notification, so the
    worker sees it only once the notification exists.
    """
    with transaction.atomic():
        notification = Notification.objects.create(
            recipient=recipient,
            kind=kind,
            text=text,
            actor=actor,
            ritual=ritual,
            words=words,
            url=url,
            email_status=EmailStatus.QUEUED if wants_email(recipient, kind) else "",
        )
        if notification.email_status:
            email_notification.enqueue(notification.pk)
    return notification


def set_email_kinds(person, kinds: list[str]) -> None:
    """Email the person exactly these kinds of notification from now on."""
    with transaction.atomic():
        EmailPreference.objects.owned_by(person).exclude(kind__in=kinds).delete()
        for kind in kinds:
            EmailPreference.objects.get_or_create(owner=person, kind=kind)
