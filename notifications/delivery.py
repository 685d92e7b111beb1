"""The delivery rule every channel follows (email, Web Push, Apprise), and email itself.

services.notify() queues the worker's tasks (notifications/tasks.py), and the tasks send
with email_notification_now() and deliver_now(). Both import this module, so neither
imports the other; a task hands in how to queue itself again (`retry`, `requeue`).

The rule (README, "The background worker"), for each copy of a notification (its email, or
one Delivery row per push subscription or Apprise channel; a Ledger says where the copy
keeps its state):
- A copy is claimed (queued or retrying -> sending, with the claim's time) before it is
  sent, so two workers never send it at once.
- Right before every attempt, the recipient must still want it and consent must still hold
  (notifications/consent.py); otherwise it is skipped.
- A transient failure (no connection, a timeout, a 4xx reply, a push service's 5xx or 429)
  waits and tries again after 1, 2, 4 ... minutes, for EMAIL_RETRY_HOURS after the copy was
  due. A permanent failure or the end of that time marks it failed: the person sees it on
  the inbox item, the host in the admin and through failed_recently(), and the task raises
  NotDelivered so its result counts as failed.
- At least once: a copy still "sending" after EMAIL_SENDING_LEASE_MINUTES lost its worker
  mid-send, and reconcile_stuck() sends it again. If that worker had handed it over just
  before it died, the person gets it twice (an email's Message-ID and a push's tag let the
  other side fold the two); never losing it silently matters more.
"""

import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from couples import versions
from notifications import channels
from notifications.consent import still_allowed
from notifications.models import (
    INTERRUPTED,
    DeliveryStatus,
    EmailStatus,
    KindChoice,
    Notification,
)
from notifications.models import Delivery as DeliveryRow

logger = logging.getLogger(__name__)

FIRST_RETRY = timedelta(minutes=1)
CLAIMABLE = [DeliveryStatus.QUEUED, DeliveryStatus.RETRYING]
# Where a kind reaches a person who never chose: push and other channels yes, email no.
DEFAULT_CHOICE = {"email": False, "push": True, "other": True, "urgent": False}


class NotDelivered(Exception):
    """Raised by a delivery task after recording a permanent failure, so its result fails."""


class EmailNotDelivered(NotDelivered):
    """An email that failed for good."""


@dataclass(frozen=True)
class Ledger:
    """Where one channel's copies keep their state: the model and its fields' names."""

    model: type[models.Model]
    notification: str  # the path from a row to its notification ("" for a Notification)
    related: tuple[str, ...]
    failure: type[NotDelivered]
    what: str  # for the log: "Emailing notification 7"
    # The state's fields, named as on a Delivery row unless the model says otherwise.
    status: str = "status"
    status_at: str = "status_at"
    attempts: str = "attempts"
    error: str = "error"
    sent_at: str = "sent_at"

    def rows(self) -> models.QuerySet:
        return self.model._base_manager.all()

    def notification_of(self, row) -> Notification:
        return getattr(row, self.notification) if self.notification else row

    def since_fields(self) -> tuple[str, str]:
        prefix = f"{self.notification}__" if self.notification else ""
        return f"{prefix}created_at", f"{prefix}held_until"


# An email keeps its state on the notification itself (it came first), in fields of its own.
EMAIL = Ledger(
    model=Notification,
    notification="",
    related=("recipient", "actor", "ritual"),
    failure=EmailNotDelivered,
    what="Emailing notification",
    status="email_status",
    status_at="email_status_at",
    attempts="email_attempts",
    error="email_error",
    sent_at="emailed_at",
)
# A push or Apprise copy keeps it on its Delivery row.
COPY = Ledger(
    model=DeliveryRow,
    notification="notification",
    related=(
        "notification__recipient",
        "notification__actor",
        "notification__ritual",
        "subscription",
        "channel",
    ),
    failure=NotDelivered,
    what="Delivery",
)


def is_transient(error: BaseException) -> bool:
    """Could trying again later succeed? Outages and 4xx replies yes; 5xx and our bugs no."""
    if isinstance(error, channels.SendFailed):
        return error.transient
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


def choice_for(person, kind: str) -> dict[str, bool]:
    """Where this kind reaches this person besides the inbox (their choice or the default)."""
    row = KindChoice.objects.owned_by(person).filter(kind=kind).values(*DEFAULT_CHOICE).first()
    return row or dict(DEFAULT_CHOICE)


def wants_email(person, kind: str) -> bool:
    """Did this person ask for this kind of notification by email?"""
    return choice_for(person, kind)["email"]


def email_notification_now(notification_id: int, retry: Callable[[timedelta], None]) -> str:
    """Send one queued notification by email; `retry(delay)` queues the next try after a
    transient failure. A permanent failure is recorded, then raised as EmailNotDelivered."""
    return deliver_now(
        EMAIL,
        notification_id,
        wanted=lambda notification: wants_email(notification.recipient, notification.kind),
        send=_email,
        retry=retry,
    )


def delivery_now(delivery_id: int, retry: Callable[[timedelta], None]) -> str:
    """Send one push or Apprise copy (a Delivery row), by the same rule as an email."""
    return deliver_now(COPY, delivery_id, wanted=_copy_wanted, send=_send_copy, retry=retry)


def deliver_now(ledger: Ledger, pk: int, *, wanted, send, retry) -> str:
    """Claim one copy, check it may still go, send it; retry, fail or skip by the rule."""
    claimed = (
        ledger.rows()
        .filter(pk=pk, **{f"{ledger.status}__in": CLAIMABLE})
        .update(
            **{
                ledger.status: DeliveryStatus.SENDING,
                ledger.status_at: timezone.now(),
                ledger.attempts: F(ledger.attempts) + 1,
            }
        )
    )
    if not claimed:
        return "already handled"
    row = ledger.rows().select_related(*ledger.related).get(pk=pk)
    notification = ledger.notification_of(row)
    if not wanted(row) or not still_allowed(notification):
        # Consent is checked again before every attempt (notifications/consent.py).
        _record(ledger, row, DeliveryStatus.SKIPPED)
        return DeliveryStatus.SKIPPED
    try:
        send(row)
    except channels.Gone:
        # The push service says this browser unsubscribed: it goes, with its deliveries.
        row.subscription.delete()
        logger.info("%s %s: the browser unsubscribed; removed it.", ledger.what, pk)
        return "gone"
    except Exception as error:
        reason = _reason(error)
        attempts = getattr(row, ledger.attempts)
        delay = retry_delay(attempts, notification.due_at, timezone.now())
        if is_transient(error) and delay is not None:
            with transaction.atomic():
                if _record(ledger, row, DeliveryStatus.RETRYING, reason):
                    retry(delay)
            logger.warning("%s %s failed (%s); trying again in %s.", ledger.what, pk, reason, delay)
            return DeliveryStatus.RETRYING
        if _record(ledger, row, DeliveryStatus.FAILED, reason):
            _failed_for_good(ledger, pk)
        logger.error("%s %s failed for good (%s).", ledger.what, pk, reason)
        raise ledger.failure(f"{ledger.what} {pk}: {reason}") from None
    _record(ledger, row, DeliveryStatus.SENT)
    return DeliveryStatus.SENT


def reconcile_stuck(ledger: Ledger, requeue: Callable[[int], None]) -> int:
    """Send again each copy whose worker stopped mid-send (still "sending" after the
    lease), at least once; past the retry time it is marked failed instead."""
    now = timezone.now()
    lease = timedelta(minutes=settings.EMAIL_SENDING_LEASE_MINUTES)
    stuck = ledger.rows().filter(
        **{ledger.status: DeliveryStatus.SENDING, f"{ledger.status_at}__lt": now - lease}
    )
    created, held = ledger.since_fields()
    reconciled = 0
    for pk, created_at, held_until, attempts in stuck.values_list(
        "pk", created, held, ledger.attempts
    ):
        out_of_time = retry_delay(attempts, held_until or created_at, now) is None
        with transaction.atomic():
            taken = stuck.filter(pk=pk).update(
                **{
                    ledger.status: DeliveryStatus.FAILED
                    if out_of_time
                    else DeliveryStatus.RETRYING,
                    ledger.status_at: now,
                    ledger.error: INTERRUPTED,
                }
            )
            if taken and not out_of_time:
                requeue(pk)
        if taken and out_of_time:
            _failed_for_good(ledger, pk)
        if taken:
            reconciled += 1
            logger.warning(
                "%s %s was interrupted mid-send; %s.",
                ledger.what,
                pk,
                "it failed, out of time" if out_of_time else "sending it again",
            )
    return reconciled


def failed_recently(within: timedelta = timedelta(days=1)) -> int:
    """How many notification emails failed for good lately, for the host's health page."""
    return Notification.objects.filter(
        email_status=EmailStatus.FAILED, email_status_at__gte=timezone.now() - within
    ).count()


def copies_failed_recently(within: timedelta = timedelta(days=1)) -> int:
    """How many push and channel copies failed for good lately, for the health page."""
    return DeliveryRow.objects.filter(
        status=DeliveryStatus.FAILED, status_at__gte=timezone.now() - within
    ).count()


def _copy_wanted(delivery: DeliveryRow) -> bool:
    notification = delivery.notification
    choice = choice_for(notification.recipient, notification.kind)
    return choice["push"] if delivery.subscription_id else choice["other"]


def _send_copy(delivery: DeliveryRow) -> None:
    notification = delivery.notification
    # Worded in the recipient's language, whoever's action it is about.
    with translation.override(notification.recipient.language):
        if delivery.subscription_id:
            target = delivery.subscription
            payload = channels.push_payload(notification)
        else:
            target = delivery.channel
            title, body = channels.apprise_text(notification)
    if delivery.subscription_id:
        channels.push(target, payload)
    else:
        channels.apprise_send(target, title, body)
    type(target).objects.filter(pk=target.pk).update(last_success_at=timezone.now())


def _email(notification: Notification) -> None:
    recipient = notification.recipient
    link = f"{settings.SITE_URL}{notification.url or '/inbox/'}"
    preferences = f"{settings.SITE_URL}{reverse('notifications:email_preferences')}"
    # Worded now, not when it was queued: what was un-shared meanwhile stays out. And in the
    # recipient's language, whoever's action it is about.
    with translation.override(recipient.language):
        # Translators: an email's subject; %(kind)s names the kind of notification.
        subject = gettext("Duet: %(kind)s") % {"kind": notification.get_kind_display()}
        greeting = gettext("Hello %(name)s,") % {"name": recipient.display_name}
        footer = gettext(
            "You chose to get these by email. You can change that at any time under %(url)s"
        ) % {"url": preferences}
        body = f"{greeting}\n\n{notification.message}\n\n{link}\n\n{footer}\n"
    EmailMessage(
        subject=subject,
        body=body,
        to=[recipient.email],
        # The same on every try, so a mail service can fold a rare second copy into one.
        headers={"Message-ID": _message_id(notification)},
    ).send()


def _message_id(notification: Notification) -> str:
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return f"<notification-{notification.pk}.{notification.created_at:%Y%m%d%H%M%S}@{host}>"


def _reason(error: BaseException) -> str:
    """An SMTP code or the error's class: never its message, which may quote an address."""
    if isinstance(error, channels.SendFailed):
        return error.reason[:60]
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        return f"SMTP {next(iter(error.recipients.values()))[0]}"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"SMTP {error.smtp_code}"
    return type(error).__name__[:60]


def _failed_for_good(ledger: Ledger, pk: int) -> None:
    """The inbox item now says its copy didn't arrive: what its recipient keeps (their
    inbox, couples/versions.py) is drawn again on their next request."""
    recipient = f"{ledger.notification}__recipient" if ledger.notification else "recipient"
    versions.bump_people(ledger.rows().filter(pk=pk).values_list(recipient, flat=True))


def _record(ledger: Ledger, row, status: str, error: str = "") -> bool:
    """Move this claim on from "sending"; False if the reconcile took it back meanwhile.

    A late "sent" still counts when the copy is waiting to be sent again, so that try
    finds it handled instead of sending a second copy.
    """
    now = timezone.now()
    mine = Q(
        **{ledger.status: DeliveryStatus.SENDING, ledger.status_at: getattr(row, ledger.status_at)}
    )
    if status == DeliveryStatus.SENT:
        mine |= Q(**{ledger.status: DeliveryStatus.RETRYING})
    return bool(
        ledger.rows()
        .filter(mine, pk=row.pk)
        .update(
            **{
                ledger.status: status,
                ledger.status_at: now,
                ledger.error: error,
                ledger.sent_at: now if status == DeliveryStatus.SENT else None,
            }
        )
    )
