"""Background tasks of the goals app, run by `manage.py run_worker`."""

from datetime import datetime

from django.tasks import task

from goals import nudges


@task
def send_review_nudges(now: str | None = None) -> int:
    return nudges.send_due_review_nudges(datetime.fromisoformat(now) if now else None)
