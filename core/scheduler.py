"""The clock of the background worker: which tasks run every minute.

Django's tasks framework queues work but has no cron, so `manage.py run_worker` calls
enqueue_periodic_tasks() once a minute. Every periodic task is idempotent (reminders are
claimed with unique rows or row locks), so an extra run delivers nothing twice.

The apps that own periodic tasks register them from their AppConfig.ready() with
register_periodic(), so this module, at the bottom, never imports a feature app.
"""

from datetime import datetime, timedelta

from django.tasks import Task
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

PERIODIC_TASKS: list[Task] = []


def register_periodic(periodic: Task) -> None:
    """Run this task once a minute in the worker; registering it twice changes nothing."""
    if periodic not in PERIODIC_TASKS:
        PERIODIC_TASKS.append(periodic)


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


# The periodic tasks leave two results a minute; keep a day of them (a week of failures).
KEEP_SUCCESSFUL = timedelta(days=1)
KEEP_FAILED = timedelta(days=7)


def prune_finished_tasks(now: datetime | None = None) -> int:
    """Delete old task results so the queue table doesn't grow for ever."""
    now = now or timezone.now()
    old = DBTaskResult.objects.successful().filter(finished_at__lt=now - KEEP_SUCCESSFUL)
    old_failures = DBTaskResult.objects.failed().filter(finished_at__lt=now - KEEP_FAILED)
    return old.delete()[0] + old_failures.delete()[0]
