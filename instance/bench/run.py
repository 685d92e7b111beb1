"""The benchmark: the real production server (gunicorn + WhiteNoise) on 127.0.0.1,
measured page by page against a floor (a minimal logged-in view) in the same run,
at one month and at three years of history.
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from instance.bench.generate import PASSWORD, bench_email

ROOT = Path(__file__).resolve().parents[2]
HISTORIES = [("1 month", 30), ("3 years", 3 * 365)]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CHECKIN = {
    "pleasantness": "4",
    "feeling_energy": "3",
    "sleep_hours": "7.5",
    "energy": "3",
    "wish": "company",
    "share_feeling": "on",
}


@dataclass
class Page:
    name: str
    path: str
    method: str = "GET"
    expect: int = 200


@dataclass
class Result:
    page: Page
    latencies: list[float] = field(default_factory=list)
    queries: set[int] = field(default_factory=set)
    seconds: float = 0.0
    errors: int = 0

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, q: int) -> float:
        cuts = statistics.quantiles(self.latencies, n=100, method="inclusive")
        return cuts[q - 1] * 1000


def pages(month: str) -> list[Page]:
    return [
        Page("floor (minimal logged-in view)", "/_bench/floor/"),
        Page("Today", "/today/"),
        Page("Check-in form", "/check-in/"),
        Page("Check-in submit", "/check-in/", method="POST", expect=302),
        Page("Couple page (Us)", "/us/"),
        Page("Patterns (12 months)", "/check-in/patterns/?range=12m"),
        Page("Support page", "/support/"),
        Page("Monthly progress page", f"/month/{month}/"),
    ]


class Session:
    """A logged-in browser, reduced to its cookies, over plain HTTP/1.1."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        payload = None
        if body is not None:
            payload = urlencode(body, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=payload, headers=headers)
        response = connection.getresponse()
        text = response.read().decode()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        connection.close()
        return response, text

    def token(self, path: str) -> str:
        _response, text = self.request("GET", path)
        return TOKEN.search(text).group(1)

    def log_in(self, email: str) -> None:
        token = self.token("/accounts/login/")
        response, _ = self.request(
            "POST",
            "/accounts/login/",
            {"username": email, "password": PASSWORD, "csrfmiddlewaretoken": token},
        )
        if response.status != 302:
            raise RuntimeError(f"Could not log in as {email} (status {response.status}).")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("The server did not start.")


def manage(env: dict, *args: str) -> str:
    command = [sys.executable, "manage.py", *args]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode:
        raise RuntimeError(result.stderr or result.stdout)
    return result.stdout.strip()


class Database:
    """A fresh database for one history: a SQLite file, or a PostgreSQL database."""

    def __init__(self, label: str, server_url: str | None, workdir: Path):
        self.server_url = server_url
        slug = label.replace(" ", "_")
        if server_url:
            parts = urlsplit(server_url)
            self.name = f"duet_bench_{slug}"
            self.url = parts._replace(path=f"/{self.name}").geturl()
        else:
            self.url = f"sqlite:///{workdir / f'bench_{slug}.sqlite3'}"

    def create(self) -> None:
        if self.server_url:
            import psycopg

            with psycopg.connect(self.server_url, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{self.name}"')
                connection.execute(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        if self.server_url:
            import psycopg

            with psycopg.connect(self.server_url, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{self.name}"')


def run_history(label, days, couples, requests, concurrency, server_url, workdir, out):
    database = Database(label, server_url, workdir)
    database.create()
    env = {
        **os.environ,
        "DATABASE_URL": database.url,
        "DUET_BENCHMARK": "true",
        "DUET_PRODUCTION": "",
        "DEBUG": "",
        "DATA_DIR": str(workdir),
        "SECRET_KEY": "benchmark-only-secret-key-" + "x" * 30,
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }
    try:
        manage(env, "migrate", "--noinput")
        out(manage(env, "generate_data", "--couples", str(couples), "--days", str(days)))
        port = free_port()
        server = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            wait_for(port)
            return measure(port, couples, requests, concurrency)
        finally:
            server.terminate()
            server.wait(timeout=30)
    finally:
        database.drop()


def measure(port: int, couples: int, requests: int, concurrency: int) -> list[Result]:
    sessions = []
    for index in range(concurrency):
        session = Session(port)
        session.log_in(bench_email(index % couples, 1 + index // couples % 2))
        sessions.append(session)
    month = time.strftime("%Y-%m", time.gmtime())
    return [run_page(page, sessions, requests) for page in pages(month)]


def run_page(page: Page, sessions: list[Session], requests: int) -> Result:
    """Warm up, then `requests` requests spread over one thread per session."""
    result = Result(page)
    for session in sessions:
        hit(session, page, result, record=False)
    per_thread = max(1, requests // len(sessions))
    lock = threading.Lock()

    def work(session: Session) -> None:
        local = Result(page)
        for _ in range(per_thread):
            hit(session, page, local, record=True)
        with lock:
            result.latencies += local.latencies
            result.queries |= local.queries
            result.errors += local.errors

    threads = [threading.Thread(target=work, args=(session,)) for session in sessions]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    return result


def hit(session: Session, page: Page, result: Result, record: bool) -> None:
    body = None
    if page.method == "POST":
        body = {**CHECKIN, "csrfmiddlewaretoken": session.cookies.get("csrftoken", "")}
    started = time.perf_counter()
    response, _text = session.request(page.method, page.path, body)
    elapsed = time.perf_counter() - started
    if response.status != page.expect:
        result.errors += 1
    if record:
        result.latencies.append(elapsed)
        result.queries.add(int(response.getheader("X-Duet-Queries", "-1")))


def table(results: list[Result]) -> list[str]:
    floor = results[0].percentile(50)
    lines = [
        f"{'page':32} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8} {'p50/floor':>10}",
        "(queries: the most any sample person's page made)",
    ]
    for result in results:
        queries = str(max(result.queries))
        lines.append(
            f"{result.page.name:32} {result.rps:7.1f} {result.percentile(50):8.1f} "
            f"{result.percentile(95):8.1f} {queries:>8} {result.percentile(50) / floor:9.2f}x"
            + (f"  ({result.errors} errors)" if result.errors else "")
        )
    return lines


def benchmark(couples, requests, concurrency, server_url, out) -> bool:
    """Run both histories, print the tables and the targets; True when every target is met."""
    workdir = Path(tempfile.mkdtemp(prefix="duet-bench-"))
    try:
        runs = {}
        for label, days in HISTORIES:
            engine = "PostgreSQL" if server_url else "SQLite"
            out(f"\n== {label} of history, {couples} couples ({engine})")
            runs[label] = run_history(
                label, days, couples, requests, concurrency, server_url, workdir, out
            )
            for line in table(runs[label]):
                out(line)
        return report_targets(runs, out)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def report_targets(runs: dict, out) -> bool:
    short, long = (runs[label] for label, _days in HISTORIES)
    floor_short, floor_long = short[0].percentile(50), long[0].percentile(50)
    out("\n== targets")
    out(f"{'page':32} {'1m ratio':>9} {'3y ratio':>9} {'3y/1m':>7} {'queries 1m/3y':>14}  verdict")
    all_met = True
    for a, b in zip(short[1:], long[1:], strict=True):
        ratio_short = a.percentile(50) / floor_short
        ratio_long = b.percentile(50) / floor_long
        growth = ratio_long / ratio_short
        same_queries = max(a.queries) == max(b.queries)
        met = ratio_long <= 5 and growth <= 1.2 and same_queries and not (a.errors or b.errors)
        all_met &= met
        queries = (
            f"{'/'.join(map(str, sorted(a.queries)))} / {'/'.join(map(str, sorted(b.queries)))}"
        )
        out(
            f"{a.page.name:32} {ratio_short:8.2f}x {ratio_long:8.2f}x {growth:7.2f} {queries:>14}  "
            + ("met" if met else "NOT MET")
        )
    out(
        "Targets: p50 within 5x the floor; 3-year ratio within 1.2x the 1-month ratio; "
        "the same query count at both history lengths."
    )
    return all_met
