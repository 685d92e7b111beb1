"""Background tasks of the rituals app, run by `manage.py run_worker`."""

from datetime import datetime

from django.tasks import task

from rituals import reminders


@task
def send_ritual_reminders(now: str | None = None) -> int:
    return reminders.send_due_ritual_reminders(datetime.fromisoformat(now) if now else None)
