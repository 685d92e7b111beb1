"""Driving the real background worker from tests."""

from django.core.management import call_command
from django_tasks_db.models import DBTaskResult


def run_worker() -> None:
    """What one minute of `manage.py run_worker` does: queue the periodic tasks, run all."""
    call_command("run_worker", "--once")
    failed = DBTaskResult.objects.failed()
    assert not failed.exists(), [task.exception_class_path for task in failed]
