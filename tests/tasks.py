"""A task only tests queue: to catch a worker process in the middle of one."""

import os
import time
from pathlib import Path

from django.tasks import task


@task
def record_run(log: str, first_run_sleeps: float = 0) -> int:
    """Append this process's id to `log`; the first run then sleeps (a long task to kill)."""
    path = Path(log)
    earlier = path.read_text().split() if path.exists() else []
    with path.open("a") as runs:
        runs.write(f"{os.getpid()}\n")
    if not earlier:
        time.sleep(first_run_sleeps)
    return len(earlier) + 1
