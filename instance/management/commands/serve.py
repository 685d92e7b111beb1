import os
import socket
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from core import static
from instance.demo import DEMO_PASSWORD, DEMO_PEOPLE, seed_demo


def site_url(host: str, port: int) -> str:
    """Where people reach a server bound to host:port (a wildcard address: this machine's name)."""
    if host in {"", "0.0.0.0", "::"}:  # noqa: S104 (naming the wildcard, not binding it)
        host = socket.getfqdn()
    if ":" in host:
        host = f"[{host}]"  # an IPv6 address
    return f"http://{host}:{port}"


class Command(BaseCommand):
    help = (
        "Run Duet: apply migrations, collect static files when they changed, "
        "then start the background worker and gunicorn (production-grade) on 127.0.0.1:8000."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument(
            "--demo", action="store_true", help="Create a demo couple (Ana and Sam) to log in as."
        )
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Don't start the background worker here (run `manage.py run_worker` elsewhere).",
        )
        parser.add_argument(
            "--no-server",
            action="store_true",
            help="Prepare everything but don't start the server (for scripts and tests).",
        )

    def handle(self, *args, host, port, workers, demo, no_worker, no_server, **options):
        # With its checks: a database check stops here if the keys can't open stored text.
        call_command(
            "migrate",
            interactive=False,
            verbosity=max(options["verbosity"] - 1, 0),
            skip_checks=False,
        )
        static.collect_if_changed(self.stdout.write)
        if demo:
            if settings.PRODUCTION:
                raise CommandError("--demo creates accounts with a published password; not here.")
            self.seed_demo()
        if no_server:
            return
        # Links in emails start with SITE_URL: unless the host set one, it is where this
        # server listens. The worker and gunicorn read settings afresh from this environment.
        os.environ.setdefault("SITE_URL", site_url(host, port))
        if not no_worker:
            self.start_worker()
        self.stdout.write(self.style.SUCCESS(f"Duet is starting on http://{host}:{port}/"))
        self.stdout.flush()
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"{host}:{port}",
            "--workers",
            str(workers),
            "--config",
            "python:config.gunicorn",
        ]
        # gunicorn takes over this process, so signals and exit codes reach it directly.
        # The worker's supervisor started above stays its child: it restarts the worker
        # if it dies, and stops it when gunicorn (its parent) is gone (core/supervisor.py).
        os.execv(sys.executable, argv)  # noqa: S606

    def start_worker(self) -> subprocess.Popen:
        manage_py = Path(settings.BASE_DIR) / "manage.py"
        self.stdout.write("Starting the background worker (reminders, emails)…")
        return subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                str(manage_py),
                "run_worker",
                "--supervise",
                "--parent-pid",
                str(os.getpid()),
            ]
        )

    def seed_demo(self) -> None:
        seed_demo()
        self.stdout.write(self.style.SUCCESS("Demo couple ready. Log in as either partner:"))
        for person in DEMO_PEOPLE:
            self.stdout.write(f"  {person.display_name}: {person.email} / {DEMO_PASSWORD}")
