"""What /health/ tells load balancers and compose: the machinery, never a person's data.

Healthy means: the database answers, every migration is applied, a worker's heartbeat is
fresh (core/worker.py), and no queued task has waited longer than QUEUE_LATE_AFTER. Each
check reads only what it names; once the database is unreachable, none reads further.
Apps may add counts for the host (emails that failed for good) that don't change the verdict.
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Max, Min
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from core.models import WorkerHeartbeat
from core.worker import heartbeat_is_fresh

# The worker looks at the queue every 2 s; five minutes of waiting means it's stuck.
QUEUE_LATE_AFTER = timedelta(minutes=5)

# Numbers apps add for the host (registered from their AppConfig.ready, so core imports no
# app). They inform; they never make Duet unhealthy: a failed email isn't a reason for a
# load balancer to stop sending people to the site.
_REPORTS: dict[str, Callable[[], dict[str, Any]]] = {}


def register_report(name: str, report: Callable[[], dict[str, Any]]) -> None:
    """Show `report()` under `name` on /health/ (machinery counts only, never a person)."""
    _REPORTS[name] = report


def health_report(now: datetime | None = None) -> dict[str, Any]:
    """Each check with its verdict (`ok`) and the numbers behind it, plus the overall one."""
    now = now or timezone.now()
    checks: dict[str, dict[str, Any]] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = {"ok": True}
        checks["migrations"] = _migrations()
        checks["worker"] = _worker(now)
        checks["queue"] = _queue(now)
        for name, report in _REPORTS.items():
            checks[name] = {"ok": True, **report()}
    except DatabaseError:
        unreachable = {"ok": False, "error": "database unreachable"}
        for name in ("database", "migrations", "worker", "queue"):
            checks.setdefault(name, unreachable)
        checks["database"] = unreachable
    healthy = all(check["ok"] for check in checks.values())
    return {"status": "ok" if healthy else "unhealthy", "checks": checks}


def _migrations() -> dict[str, Any]:
    executor = MigrationExecutor(connection)
    unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return {"ok": not unapplied, "unapplied": len(unapplied)}


def _worker(now: datetime) -> dict[str, Any]:
    last_seen = WorkerHeartbeat.objects.aggregate(last=Max("last_seen"))["last"]
    if last_seen is None:
        return {"ok": False, "last_seen_seconds": None}
    age = round((now - last_seen).total_seconds())
    return {"ok": heartbeat_is_fresh(last_seen, now), "last_seen_seconds": age}


def _queue(now: datetime) -> dict[str, Any]:
    ready = DBTaskResult.objects.ready()
    never_delayed = get_date_max()
    oldest = [
        ready.filter(run_after=never_delayed).aggregate(due=Min("enqueued_at"))["due"],
        ready.exclude(run_after=never_delayed).aggregate(due=Min("run_after"))["due"],
    ]
    due = min((moment for moment in oldest if moment), default=None)
    waited = max(now - due, timedelta(0)) if due else timedelta(0)
    return {"ok": waited <= QUEUE_LATE_AFTER, "oldest_due_seconds": round(waited.total_seconds())}
