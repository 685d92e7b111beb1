"""Keeps the worker that `serve` starts running, and stops it with the server.

serve hands its own process over to gunicorn (exec), so signals and exit codes reach
gunicorn directly; it starts this supervisor first (`run_worker --supervise --parent-pid`):
- a worker process that ends or is killed is started again after 1 s, doubling up to 60 s
  while it keeps dying (after a minute of running, the wait starts again at 1 s);
- when the server is gone, or on SIGTERM or Ctrl-C, it stops the worker (SIGTERM: the task
  at hand finishes, for up to 30 s) and ends.
The worker runs in a session of its own, so Ctrl-C in the terminal reaches it once, from
here; it also watches this process and stops if the supervisor is killed.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import TextIO

from django.conf import settings

FIRST_WAIT = 1.0  # seconds
LONGEST_WAIT = 60.0
STEADY_AFTER = 60.0
STOP_GRACE = 30.0


def supervise(worker_args: list[str], parent_pid: int | None, out: TextIO) -> None:
    """Run `run_worker` with these arguments until the parent is gone or we're told to stop."""
    stopping = False

    def stop(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    manage_py = Path(settings.BASE_DIR) / "manage.py"
    argv = [sys.executable, str(manage_py), "run_worker", *worker_args]
    argv += ["--parent-pid", str(os.getpid())]
    worker: subprocess.Popen | None = None
    started = restart_at = time.monotonic()
    wait = FIRST_WAIT
    try:
        while not stopping and not (parent_pid and os.getppid() != parent_pid):
            if worker is None and time.monotonic() >= restart_at:
                worker = subprocess.Popen(argv, start_new_session=True)  # noqa: S603
                started = time.monotonic()
                _say(out, f"Supervisor started worker process {worker.pid}.")
            elif worker is not None and worker.poll() is not None:
                if time.monotonic() - started >= STEADY_AFTER:
                    wait = FIRST_WAIT
                _say(
                    out,
                    f"Worker process {worker.pid} {_ending(worker.returncode)}; "
                    f"restarting it in {wait:g} s.",
                )
                restart_at = time.monotonic() + wait
                wait = min(wait * 2, LONGEST_WAIT)
                worker = None
            time.sleep(0.2)
    finally:
        if worker is not None and worker.poll() is None:
            worker.terminate()
            try:
                worker.wait(STOP_GRACE)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()


def _ending(returncode: int) -> str:
    if returncode < 0:
        return f"was killed ({signal.Signals(-returncode).name})"
    return f"exited with code {returncode}"


def _say(out: TextIO, line: str) -> None:
    out.write(line)
    out.flush()
