"""Photograph every main page of the demo, phone and desktop, light and dark.

So anyone can look at the app before and after a change without clicking through it:
the command serves the demo couple from a fresh data folder (or uses a running server),
logs in as Ana and writes one PNG per page, size and colour scheme.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from instance.demo import DEMO_PASSWORD, DEMO_PEOPLE

CHROMIUM = "/usr/bin/chromium"
SIZES = {"phone": (390, 844), "desktop": (1280, 900)}
SCHEMES = ("light", "dark")
# The pages a person lives in, by the name each PNG gets.
PAGES = {
    "today": "/today/",
    "checkin": "/check-in/",
    "us": "/us/",
    "support": "/support/",
    "month": "/month/",
    "inbox": "/inbox/",
    "settings": "/accounts/settings/",
    "patterns": "/check-in/patterns/",
    "history": "/check-in/history/",
    "partner-checkins": "/check-in/partner/",
    "journal": "/wellbeing/journal/",
    "revisit": "/wellbeing/together/",
}
STARTUP_SECONDS = 90


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(port: int, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CommandError("The demo server stopped before it answered; see its output above.")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.5)
    raise CommandError(f"The demo server didn't answer on port {port} in {STARTUP_SECONDS} s.")


class Command(BaseCommand):
    help = (
        "Serve the demo and write phone and desktop, light and dark PNGs of every main page "
        "to a folder, to look at before and after a change."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", default="screenshots", help="Folder for the PNGs.")
        parser.add_argument("--port", type=int, default=0, help="Port for the demo server.")
        parser.add_argument(
            "--url", help="Photograph a server that is already running the demo instead."
        )
        parser.add_argument("--person", default=DEMO_PEOPLE[0].email, help="Whom to log in as.")
        parser.add_argument(
            "--page", action="append", choices=sorted(PAGES), help="Only these pages."
        )

    def handle(self, *args, out, port, url, person, page, **options):
        if settings.PRODUCTION:
            raise CommandError("Screenshots serve the demo, with a published password; not here.")
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        pages = {name: PAGES[name] for name in page} if page else PAGES
        if url:
            written = self.photograph(url.rstrip("/"), folder, person, pages)
        else:
            with tempfile.TemporaryDirectory(prefix="duet-screenshots-") as data_dir:
                port = port or _free_port()
                server = self.start_demo(data_dir, port)
                try:
                    _wait_for(port, server)
                    written = self.photograph(f"http://127.0.0.1:{port}", folder, person, pages)
                finally:
                    server.terminate()
                    server.wait(timeout=30)
        self.stdout.write(self.style.SUCCESS(f"Wrote {written} screenshots to {folder}/"))

    def start_demo(self, data_dir: str, port: int) -> subprocess.Popen:
        env = {**os.environ, "DATA_DIR": data_dir}
        env.pop("DATABASE_URL", None)  # a fresh embedded database, never the host's
        argv = [sys.executable, "manage.py", "serve", "--demo", "--no-worker"]
        argv += ["--workers", "1", "--port", str(port)]
        return subprocess.Popen(argv, env=env, cwd=settings.BASE_DIR)  # noqa: S603 (our own argv)

    def photograph(self, base_url: str, folder: Path, email: str, pages: dict) -> int:
        from playwright.sync_api import sync_playwright

        written = 0
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            for size, (width, height) in SIZES.items():
                for scheme in SCHEMES:
                    context = browser.new_context(
                        base_url=base_url,
                        viewport={"width": width, "height": height},
                        color_scheme=scheme,
                    )
                    tab = context.new_page()
                    tab.goto("/accounts/login/")
                    tab.get_by_label("Email:").fill(email)
                    tab.get_by_label("Password:").fill(DEMO_PASSWORD)
                    tab.get_by_role("button", name="Log in").click()
                    tab.wait_for_load_state()
                    for name, path in pages.items():
                        tab.goto(path)
                        target = folder / f"{name}-{size}-{scheme}.png"
                        tab.screenshot(path=str(target), full_page=True)
                        written += 1
                    context.close()
            browser.close()
        return written
