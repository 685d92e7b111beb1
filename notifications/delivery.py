"""Copying a notification to email, and the delivery rule every channel follows.

services.notify() queues the worker's task (notifications/tasks.py), and the task sends
with email_notification_now(). Both import this module, so neither imports the other; the
task hands in how to queue itself again (`retry`, `requeue`).

The rule (README, "The background worker"):
- An email is claimed (queued or retrying -> sending, with the claim's time) before it is
  sent, so two workers never send it at once.
- A transient failure (no connection, a timeout, a socket error, a 4xx reply) waits and
  tries again after 1, 2, 4 ... minutes, for EMAIL_RETRY_HOURS after the notification was
  made. A permanent failure (a 5xx reply) or the end of that time marks it failed: the
  person sees it on the inbox item, the host in the admin and through failed_recently(),
  and the task raises EmailNotDelivered so its result counts as failed.
- At least once: an email still "sending" after EMAIL_SENDING_LEASE_MINUTES lost its worker
  mid-send, and reconcile_stuck_emails() sends it again. If that worker had handed it to the
  mail server just before it died, the person gets it twice (the same Message-ID lets mail
  services fold the two); never losing it silently matters more.

is_transient() and retry_delay() know nothing of email, for the channels to come.
"""

import logging
import smtplib
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from notifications.models import INTERRUPTED, EmailPreference, EmailStatus, Notification

logger = logging.getLogger(__name__)

FIRST_RETRY = timedelta(minutes=1)
CLAIMABLE = [EmailStatus.QUEUED, EmailStatus.RETRYING]


class EmailNotDelivered(Exception):
    """Raised by the email task after recording a permanent failure, so its result fails."""


def is_transient(error: BaseException) -> bool:
    """Could trying again later succeed? Outages and 4xx replies yes; 5xx and our bugs no."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return True
    if isinstance(error, smtplib.SMTPException):
        return False  # e.g. no STARTTLS: the host's configuration, which waiting won't fix
    return isinstance(error, OSError)  # refused, reset, timed out, no route, name lookup


def retry_delay(attempts: int, since: datetime, now: datetime) -> timedelta | None:
    """The wait before trying again after `attempts` tries: 1, 2, 4 ... minutes, ending
    EMAIL_RETRY_HOURS after `since`; None once that time is up."""
    remaining = since + timedelta(hours=settings.EMAIL_RETRY_HOURS) - now
    if remaining <= timedelta(0):
        return None
    return min(FIRST_RETRY * 2 ** min(max(attempts - 1, 0), 20), remaining)


def wants_email(person, kind: str) -> bool:
    """Did this person ask for this kind of notification by email?"""
    return EmailPreference.objects.owned_by(person).filter(kind=kind).exists()


def email_notification_now(notification_id: int, retry: Callable[[timedelta], None]) -> str:
    """Send one queued notification by email; `retry(delay)` queues the next try after a
    transient failure. A permanent failure is recorded, then raised as EmailNotDelivered."""
    claimed = Notification.objects.filter(pk=notification_id, email_status__in=CLAIMABLE).update(
        email_status=EmailStatus.SENDING,
        email_status_at=timezone.now(),
        email_attempts=F("email_attempts") + 1,
    )
    if not claimed:
        return "already handled"
    notification = Notification.objects.select_related("recipient", "actor", "ritual").get(
        pk=notification_id
    )
    recipient = notification.recipient
    # From a couple that has ended meanwhile: the inbox keeps a neutral trace, no email.
    if (
        not recipient.is_active
        or not wants_email(recipient, notification.kind)
        or notification.from_former_partner
    ):
        _record(notification, EmailStatus.SKIPPED)
        return EmailStatus.SKIPPED
    try:
        _email(notification)
    except Exception as error:
        reason = _reason(error)
        delay = retry_delay(notification.email_attempts, notification.created_at, timezone.now())
        if is_transient(error) and delay is not None:
            with transaction.atomic():
                if _record(notification, EmailStatus.RETRYING, reason):
                    retry(delay)
            logger.warning(
                "Emailing notification %s failed (%s); trying again in %s.",
                notification.pk,
                reason,
                delay,
            )
            return EmailStatus.RETRYING
        _record(notification, EmailStatus.FAILED, reason)
        logger.error("Emailing notification %s failed for good (%s).", notification.pk, reason)
        raise EmailNotDelivered(f"notification {notification.pk}: {reason}") from None
    _record(notification, EmailStatus.SENT)
    return EmailStatus.SENT


def reconcile_stuck_emails(requeue: Callable[[int], None]) -> int:
    """Send again each email whose worker stopped mid-send (still "sending" after the
    lease), at least once; past the retry time it is marked failed instead."""
    now = timezone.now()
    lease = timedelta(minutes=settings.EMAIL_SENDING_LEASE_MINUTES)
    stuck = Notification.objects.filter(
        email_status=EmailStatus.SENDING, email_status_at__lt=now - lease
    )
    reconciled = 0
    for pk, created_at, attempts in stuck.values_list("pk", "created_at", "email_attempts"):
        out_of_time = retry_delay(attempts, created_at, now) is None
        with transaction.atomic():
            taken = stuck.filter(pk=pk).update(
                email_status=EmailStatus.FAILED if out_of_time else EmailStatus.RETRYING,
                email_status_at=now,
                email_error=INTERRUPTED,
            )
            if taken and not out_of_time:
                requeue(pk)
        if taken:
            reconciled += 1
            logger.warning(
                "Emailing notification %s was interrupted mid-send; %s.",
                pk,
                "it failed, out of time" if out_of_time else "sending it again",
            )
    return reconciled


def failed_recently(within: timedelta = timedelta(days=1)) -> int:
    """How many notification emails failed for good lately, for the host's health page."""
    return Notification.objects.filter(
        email_status=EmailStatus.FAILED, email_status_at__gte=timezone.now() - within
    ).count()


def _email(notification: Notification) -> None:
    recipient = notification.recipient
    link = f"{settings.SITE_URL}{notification.url or '/inbox/'}"
    # Worded now, not when it was queued: what was un-shared meanwhile stays out.
    EmailMessage(
        subject=f"Duet: {notification.get_kind_display()}",
        body=(
            f"Hello {recipient.display_name},\n\n{notification.message}\n\n{link}\n\n"
            "You chose to get these by email. You can change that at any time under "
            f"{settings.SITE_URL}{reverse('notifications:email_preferences')}\n"
        ),
        to=[recipient.email],
        # The same on every try, so a mail service can fold a rare second copy into one.
        headers={"Message-ID": _message_id(notification)},
    ).send()


def _message_id(notification: Notification) -> str:
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return f"<notification-{notification.pk}.{notification.created_at:%Y%m%d%H%M%S}@{host}>"


def _reason(error: BaseException) -> str:
    """An SMTP code or the error's class: never its message, which may quote an address."""
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        return f"SMTP {next(iter(error.recipients.values()))[0]}"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"SMTP {error.smtp_code}"
    return type(error).__name__[:60]


def _record(notification: Notification, status: str, error: str = "") -> bool:
    """Move this claim on from "sending"; False if the reconcile took it back meanwhile.

    A late "sent" still counts when the email is waiting to be sent again, so that try
    finds it handled instead of sending a second copy.
    """
    now = timezone.now()
    rows = Notification.objects.filter(pk=notification.pk)
    if status == EmailStatus.SENT:
        mine = rows.filter(
            email_status=EmailStatus.SENDING, email_status_at=notification.email_status_at
        )
        rows = mine | rows.filter(email_status=EmailStatus.RETRYING)
    else:
        rows = rows.filter(
            email_status=EmailStatus.SENDING, email_status_at=notification.email_status_at
        )
    return bool(
        rows.update(
            email_status=status,
            email_status_at=now,
            email_error=error,
            emailed_at=now if status == EmailStatus.SENT else None,
        )
    )
