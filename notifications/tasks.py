"""Background tasks of the notifications app, run by `manage.py run_worker`."""

from django.tasks import task

from notifications import services


@task
def email_notification(notification_id: int) -> str:
    return services.email_notification_now(notification_id)
