import logging
import os
import time

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from core.scheduler import enqueue_periodic_tasks, prune_finished_tasks

PRUNE_EVERY = 3600  # seconds


class Command(BaseCommand):
    help = (
        "Run Duet's background worker: queue the periodic tasks (reminders) every minute "
        "and run every queued task (reminders, emails) as it comes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=2, help="Seconds between looks at the queue."
        )
        parser.add_argument(
            "--tick", type=float, default=60, help="Seconds between periodic task runs."
        )
        parser.add_argument(
            "--once",
            action="store_true",
            help="Queue the periodic tasks, run everything queued, then exit (scripts, tests).",
        )
        parser.add_argument(
            "--parent-pid",
            type=int,
            help="Stop once this process (the one that started the worker) has ended; "
            "`serve` passes its own, which becomes gunicorn's.",
        )

    def check(self, *args, **kwargs):
        """Django's checks with the database's: do the keys open the stored text?"""
        kwargs.setdefault("databases", [DEFAULT_DB_ALIAS])
        return super().check(*args, **kwargs)

    def handle(self, *args, interval, tick, once, parent_pid, verbosity, **options):
        if verbosity < 2:
            # Each batch start and stop, and each periodic task, would log several lines a
            # minute; failures still show (as errors). -v 2 shows everything.
            logging.getLogger("django_tasks_db").setLevel(logging.WARNING)
            logging.getLogger("django.tasks").setLevel(logging.WARNING)
        worker = Worker(
            queue_names=["default"],
            interval=0,
            batch=True,  # run what is queued, then come back here for the clock
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=f"duet-{os.getpid()}-{get_random_string(8)}",
            excluded_queue_names=[],
        )
        if once:
            enqueue_periodic_tasks()
            worker.run()
            return
        # Ctrl-C or SIGTERM: finish the task at hand, then stop; a second one stops at once.
        worker.configure_signals()
        self.stdout.write(f"Duet worker {worker.worker_id} is running.")
        self.stdout.flush()
        next_tick = next_prune = time.monotonic()
        while worker.running:
            if time.monotonic() >= next_prune:
                prune_finished_tasks()
                next_prune = time.monotonic() + PRUNE_EVERY
            if time.monotonic() >= next_tick:
                enqueue_periodic_tasks()
                next_tick = time.monotonic() + tick
            worker.run()
            if parent_pid and os.getppid() != parent_pid:
                break  # orphaned: the server that started us is gone
            if worker.running:
                time.sleep(interval)
