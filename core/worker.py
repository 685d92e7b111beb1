"""How the background worker outlives outages and crashes.

- Database errors never end a worker. It drops the broken connection, waits (1 s, doubling
  up to 60 s), logs once when the database goes away and once when it is back, and goes on
  where it was, idle or not.
- Each worker process writes a heartbeat (WorkerHeartbeat) from a thread of its own, every
  quarter of the lease (at most every 30 s), so a long task keeps it fresh too.
- The lease: a RUNNING task whose worker has shown no heartbeat for WORKER_LEASE_SECONDS
  (10 minutes by default) was abandoned (kill -9, out of memory, power cut). Any worker puts
  it back in the queue, and it runs again from the start. So every task must be safe to run
  twice: Duet's tasks are (reminders are claimed with unique rows or row locks; whatever
  sends mail must record what it sent before it counts as done). A task that was abandoned
  MAX_CLAIMS times is marked failed instead: it probably takes its worker down.
- A worker between tasks runs none, so a RUNNING task still carrying its own id (its
  result couldn't be saved during an outage) goes back to the queue at once.
"""

import contextlib
import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.tasks import TaskResultStatus
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.models import WorkerHeartbeat

logger = logging.getLogger("duet.worker")

# The errors of a database that is down, restarting or unreachable.
OUTAGE_ERRORS = (OperationalError, InterfaceError)
FIRST_WAIT = 1.0  # seconds
LONGEST_WAIT = 60.0
MAX_CLAIMS = 3
KEEP_HEARTBEATS = timedelta(days=1)


def lease() -> timedelta:
    return timedelta(seconds=settings.WORKER_LEASE_SECONDS)


def heartbeat_every() -> float:
    """Seconds between heartbeats: four a lease, so one late beat never loses it."""
    return min(30.0, settings.WORKER_LEASE_SECONDS / 4)


def heartbeat_is_fresh(last_seen: datetime, now: datetime) -> bool:
    """Fresh while at most two beats were missed (a slow query, a short outage)."""
    return now - last_seen <= timedelta(seconds=3 * heartbeat_every())


def close_connections() -> None:
    """Drop this thread's database connections, broken or not; the next query reconnects."""
    for connection in connections.all(initialized_only=True):
        with contextlib.suppress(DatabaseError):
            connection.close()


class Heartbeat:
    """A daemon thread that writes this worker's heartbeat until stopped."""

    def __init__(self, worker_id: str):
        self.worker_id = worker_id
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name="heartbeat", daemon=True)

    def start(self) -> None:
        self.beat()
        self.thread.start()

    def stop(self) -> None:
        """Stop beating and forget this worker: it is gone now, not a lease from now."""
        self.stopped.set()
        self.thread.join(timeout=5)
        with contextlib.suppress(DatabaseError):
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()

    def beat(self) -> bool:
        try:
            WorkerHeartbeat.objects.update_or_create(
                worker_id=self.worker_id,
                defaults={"last_seen": timezone.now()},
                create_defaults={"host": socket.gethostname()[:255], "pid": os.getpid()},
            )
        except DatabaseError:
            return False  # the worker's main loop reports outages; here we just try again
        return True

    def _run(self) -> None:
        while not self.stopped.wait(heartbeat_every()):
            self.beat()
            close_connections()  # this thread's own: a fresh one each beat survives outages


class Outage:
    """Waits out a database outage with backoff, logging its start and end once each."""

    def __init__(self, sleep: Callable[[float], None] = time.sleep):
        self.sleep = sleep
        self.started: float | None = None
        self.wait = FIRST_WAIT

    def retry_after(self, error: Exception) -> None:
        close_connections()
        if self.started is None:
            self.started = time.monotonic()
            logger.warning("Database unreachable (%s), retrying.", str(error).strip() or error)
        self.sleep(self.wait)
        self.wait = min(self.wait * 2, LONGEST_WAIT)

    def over(self) -> None:
        if self.started is not None:
            logger.warning("Database back after %d s.", round(time.monotonic() - self.started))
        self.started = None
        self.wait = FIRST_WAIT


def reclaim_abandoned_tasks(idle_worker_id: str | None = None, now: datetime | None = None) -> int:
    """Put back in the queue the tasks whose worker died mid-task (see the lease above);
    `idle_worker_id` is the caller's own id, given while it runs no task."""
    now = now or timezone.now()
    expired = now - lease()
    alive = set(
        WorkerHeartbeat.objects.filter(last_seen__gte=expired).values_list("worker_id", flat=True)
    )
    reclaimed = 0
    running = DBTaskResult.objects.running().only("id", "enqueued_at", "started_at", "worker_ids")
    for task in running:
        owner = task.worker_ids[-1] if task.worker_ids else None
        started = task.started_at or task.enqueued_at
        if owner != idle_worker_id and (owner in alive or started > expired):
            continue
        # Only if nobody finished or reclaimed it meanwhile.
        still_stuck = DBTaskResult.objects.running().filter(pk=task.pk, started_at=task.started_at)
        if len(task.worker_ids) >= MAX_CLAIMS:
            changed = still_stuck.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path="core.worker.AbandonedTask",
                traceback=f"Its worker stopped mid-task {len(task.worker_ids)} times.",
            )
            logger.error("Task %s took down %d workers; marked failed.", task.pk, MAX_CLAIMS)
        else:
            changed = still_stuck.update(status=TaskResultStatus.READY)
            if changed:
                logger.warning("Task %s was abandoned by worker %s; queued again.", task.pk, owner)
        reclaimed += changed
    return reclaimed


def prune_heartbeats(now: datetime | None = None) -> int:
    """Forget workers that have been gone for a day."""
    now = now or timezone.now()
    return WorkerHeartbeat.objects.filter(last_seen__lt=now - KEEP_HEARTBEATS).delete()[0]
