import logging
import os
import socket
import time

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from core import supervisor
from core.models import WorkerHeartbeat
from core.scheduler import enqueue_periodic_tasks, prune_finished_tasks
from core.worker import (
    OUTAGE_ERRORS,
    Heartbeat,
    Outage,
    heartbeat_is_fresh,
    prune_heartbeats,
    reclaim_abandoned_tasks,
)

PRUNE_EVERY = 3600  # seconds


class Command(BaseCommand):
    help = (
        "Run Duet's background worker: queue the periodic tasks (reminders) every minute "
        "and run every queued task (reminders, emails) as it comes. It waits out database "
        "outages and runs again the tasks of workers that died (see core/worker.py)."
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
        parser.add_argument(
            "--supervise",
            action="store_true",
            help="Keep a worker process running: restart it (with backoff) whenever it dies. "
            "`serve` starts the worker this way.",
        )
        parser.add_argument(
            "--check-heartbeat",
            action="store_true",
            help="Exit 0 if a worker on this host has a fresh heartbeat, 1 if not "
            "(a container health check).",
        )

    def check(self, *args, **kwargs):
        """Django's checks with the database's: do the keys open the stored text?"""
        kwargs.setdefault("databases", [DEFAULT_DB_ALIAS])
        return super().check(*args, **kwargs)

    def execute(self, *args, **options):
        if options.get("check_heartbeat") or options.get("supervise"):
            # Neither touches stored text, and a health check must answer fast.
            options["skip_checks"] = True
        elif not options.get("once"):
            # The checks read the database: started during an outage, wait it out first.
            self.wait_for_database(options.get("parent_pid"))
        return super().execute(*args, **options)

    def wait_for_database(self, parent_pid: int | None) -> None:
        outage = Outage()
        while True:
            try:
                connections[DEFAULT_DB_ALIAS].ensure_connection()
            except OUTAGE_ERRORS as error:
                if parent_pid and os.getppid() != parent_pid:
                    raise SystemExit(0) from error
                outage.retry_after(error)
            else:
                outage.over()
                return

    def handle(self, *args, interval, tick, once, parent_pid, verbosity, **options):
        if options["check_heartbeat"]:
            return self.check_heartbeat()
        if options["supervise"]:
            worker_argv = ["--interval", str(interval), "--tick", str(tick)]
            supervisor.supervise(worker_argv, parent_pid, self.stdout)
            return None
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
            Heartbeat(worker.worker_id).beat()
            reclaim_abandoned_tasks(worker.worker_id)
            enqueue_periodic_tasks()
            worker.run()
            return None
        # Ctrl-C or SIGTERM: finish the task at hand, then stop; a second one stops at once.
        worker.configure_signals()
        heartbeat = Heartbeat(worker.worker_id)
        heartbeat.start()
        self.stdout.write(f"Duet worker {worker.worker_id} is running.")
        self.stdout.flush()

        def orphaned() -> bool:
            return bool(parent_pid) and os.getppid() != parent_pid

        def wait(seconds: float) -> None:
            # In short steps, so an orphaned worker stops soon even in a long backoff.
            deadline = time.monotonic() + seconds
            while worker.running and not orphaned() and time.monotonic() < deadline:
                time.sleep(min(0.5, max(deadline - time.monotonic(), 0)))

        outage = Outage(sleep=wait)
        next_tick = next_prune = time.monotonic()
        try:
            while worker.running and not orphaned():
                try:
                    if outage.started is not None:
                        # The task it was running when the database went away, if any.
                        reclaim_abandoned_tasks(worker.worker_id)
                    if time.monotonic() >= next_prune:
                        prune_finished_tasks()
                        prune_heartbeats()
                        next_prune = time.monotonic() + PRUNE_EVERY
                    if time.monotonic() >= next_tick:
                        reclaim_abandoned_tasks(worker.worker_id)
                        enqueue_periodic_tasks()
                        next_tick = time.monotonic() + tick
                    worker.run()
                except OUTAGE_ERRORS as error:
                    outage.retry_after(error)
                    continue
                outage.over()
                if worker.running:
                    wait(interval)
        finally:
            heartbeat.stop()

    def check_heartbeat(self) -> None:
        now = timezone.now()
        beats = WorkerHeartbeat.objects.filter(host=socket.gethostname()[:255])
        try:
            last_seen = beats.order_by("-last_seen").values_list("last_seen", flat=True).first()
        except DatabaseError as error:
            self.stderr.write(f"Database unreachable: {error}")
            raise SystemExit(1) from error
        if last_seen is None or not heartbeat_is_fresh(last_seen, now):
            self.stderr.write("No fresh heartbeat from a worker on this host.")
            raise SystemExit(1)
        age = round((now - last_seen).total_seconds())
        self.stdout.write(f"Worker alive, last seen {age} s ago.")
