"""Copying a notification to email: who asked for which kind, and sending one at most once.

services.notify() queues the worker's task (notifications/tasks.py), and the task sends
with email_notification_now(). Both import this module, so neither imports the other.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone

from notifications.consent import still_allowed
from notifications.models import EmailPreference, EmailStatus, Notification

logger = logging.getLogger(__name__)


def wants_email(person, kind: str) -> bool:
    """Did this person ask for this kind of notification by email?"""
    return EmailPreference.objects.owned_by(person).filter(kind=kind).exists()


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
    if not wants_email(recipient, notification.kind) or not still_allowed(notification):
        # Consent is checked again at send time (notifications/consent.py).
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
