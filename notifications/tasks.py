"""Background tasks of the notifications app, run by `manage.py run_worker`."""

from django.tasks import task

from notifications import delivery


@task
def email_notification(notification_id: int) -> str:
    return delivery.email_notification_now(notification_id)
