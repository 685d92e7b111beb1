"""Background tasks of the notifications app, run by `manage.py run_worker`."""

from datetime import timedelta

from django.tasks import task
from django.utils import timezone

from notifications import delivery


@task
def email_notification(notification_id: int) -> str:
    """Email one notification; its retries are this task again, queued for later."""
    return delivery.email_notification_now(
        notification_id, retry=lambda delay: _email_later(notification_id, delay)
    )


@task
def deliver_copy(delivery_id: int) -> str:
    """Send one push or Apprise copy; its retries are this task again, queued for later."""
    return delivery.delivery_now(delivery_id, retry=lambda delay: _copy_later(delivery_id, delay))


@task
def reconcile_deliveries() -> int:
    """Periodic: send again what a worker stopped mid-send (emails, pushes, channels)."""
    emails = delivery.reconcile_stuck(
        delivery.EMAIL, requeue=lambda notification_id: _email_later(notification_id, timedelta(0))
    )
    copies = delivery.reconcile_stuck(
        delivery.COPY, requeue=lambda delivery_id: _copy_later(delivery_id, timedelta(0))
    )
    return emails + copies


def _email_later(notification_id: int, delay: timedelta) -> None:
    email_notification.using(run_after=timezone.now() + delay).enqueue(notification_id)


def _copy_later(delivery_id: int, delay: timedelta) -> None:
    deliver_copy.using(run_after=timezone.now() + delay).enqueue(delivery_id)
