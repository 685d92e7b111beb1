"""Driving the real background worker from tests."""

from unittest import mock

from django.core.management import call_command
from django.test import TestCase
from django_tasks_db.models import DBTaskResult


def run_worker(*, failures_expected: bool = False) -> None:
    """What one minute of `manage.py run_worker` does: queue the periodic tasks, run all.

    Any task that failed fails the test, unless the test expects failures (an email the
    mail server refused for good fails its task on purpose).

    The worker drops stale database connections between tasks; inside a test's
    transaction (on PostgreSQL) that would close the test's own connection, so here only
    that housekeeping is skipped. What its tasks leave for after their commit (moving the
    versions of pages kept for the people a task changed, couples/versions.py) runs as it
    does in production, though the test's transaction never commits.
    """
    with (
        mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        call_command("run_worker", "--once")
    failed = DBTaskResult.objects.failed()
    assert failures_expected or not failed.exists(), [task.exception_class_path for task in failed]
