"""Putting things in a person's inbox, and copying them to email where they asked."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from notifications.models import EmailPreference, EmailStatus, Notification

logger = logging.getLogger(__name__)


def wants_email(person, kind: str) -> bool:
    return EmailPreference.objects.filter(owner=person, kind=kind).exists()


def notify(
    recipient, kind: str, text: str, url: str = "", *, actor=None, ritual=None, words: str = ""
) -> Notification:
    """Add a notification to the recipient's in-app inbox, and queue its email if wanted.

    `text` is the wording; anything that can change or be un-shared goes in a slot
    ({actor}, {ritual}, {quoted_ritual}, {words}) that `Notification.message` fills in.
    The email task is a row in the same database transaction as the notification, so the
    worker sees it only once the notification exists.
    """
    from notifications.tasks import email_notification

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
        EmailPreference.objects.filter(owner=person).exclude(kind__in=kinds).delete()
        for kind in kinds:
            EmailPreference.objects.get_or_create(owner=person, kind=kind)


def email_notification_now(notification_id: int) -> str:
    """Send one queued notification by email, at most once; a failure is recorded, not raised.

    Claiming (queued -> sending) happens before sending: if the worker dies mid-send the
    email is not sent again, and the in-app notification is there either way.
    """
    claimed = Notification.objects.filter(
        pk=notification_id, email_status=EmailStatus.QUEUED
    ).update(email_status=EmailStatus.SENDING)
    if not claimed:
        return "already handled"
    notification = Notification.objects.select_related("recipient", "actor", "ritual").get(
        pk=notification_id
    )
    recipient = notification.recipient
    if not recipient.is_active or not wants_email(recipient, notification.kind):
        _finish(notification, EmailStatus.SKIPPED)
        return EmailStatus.SKIPPED
    link = f"{settings.SITE_URL}{notification.url or '/inbox/'}"
    # Worded now, not when it was queued: what was un-shared meanwhile stays out.
    try:
        send_mail(
            subject=f"Duet: {notification.get_kind_display()}",
            message=(
                f"Hello {recipient.display_name},\n\n{notification.message}\n\n{link}\n\n"
                "You chose to get these by email. You can change that at any time under "
                f"{settings.SITE_URL}{reverse('notifications:email_preferences')}\n"
            ),
            from_email=None,
            recipient_list=[recipient.email],
        )
    except Exception:
        logger.exception("Emailing notification %s failed; it stays in the inbox.", notification.pk)
        _finish(notification, EmailStatus.FAILED)
        return EmailStatus.FAILED
    _finish(notification, EmailStatus.SENT)
    return EmailStatus.SENT


def _finish(notification: Notification, status: str) -> None:
    notification.email_status = status
    notification.emailed_at = timezone.now() if status == EmailStatus.SENT else None
    notification.save(update_fields=["email_status", "emailed_at"])
