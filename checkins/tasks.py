"""Background tasks of the check-ins app, run by `manage.py run_worker`."""

from datetime import datetime

from django.tasks import task

from checkins import services


@task
def send_checkin_reminders(now: str | None = None) -> int:
    return services.send_due_checkin_reminders(datetime.fromisoformat(now) if now else None)
