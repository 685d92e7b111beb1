"""The clock of the background worker: which tasks run every minute.

Django's tasks framework queues work but has no cron, so `manage.py run_worker` calls
enqueue_periodic_tasks() once a minute. Every periodic task is idempotent (reminders are
claimed with unique rows or row locks), so an extra run delivers nothing twice.
"""

from django_tasks_db.models import DBTaskResult

from checkins.tasks import send_checkin_reminders
from support.tasks import deliver_partner_reminders

PERIODIC_TASKS = [deliver_partner_reminders, send_checkin_reminders]


def enqueue_periodic_tasks() -> int:
    """Queue each periodic task unless one is already waiting, so a busy or stopped
    worker doesn't collect a pile of identical runs."""
    queued = 0
    for periodic in PERIODIC_TASKS:
        waiting = DBTaskResult.objects.ready().filter(task_path=periodic.module_path)
        if not waiting.exists():
            periodic.enqueue()
            queued += 1
    return queued
