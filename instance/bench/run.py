"""The benchmark: the real production server (gunicorn + WhiteNoise) on 127.0.0.1,
each page measured against a floor (a minimal logged-in view) sampled right beside it.

Absolute timings on a shared machine drift by several times within minutes, so nothing is
judged on one sample of the floor. Every page request is paired with a floor request made
just before it; a round is a few such pairs per page, the pages in a rotating order; a page's
ratio to the floor is the median over several rounds of (page p50 / floor p50 of its pairs),
and the spread of those round ratios is printed beside it. History growth is judged where
every page's window is already full: 13 months (the 12-month patterns plus one) against
3 years.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from instance.bench.generate import PASSWORD, bench_email

ROOT = Path(__file__).resolve().parents[2]
# 13 months: the longest window a page draws (12 months of patterns) is full.
HISTORIES = [("13 months", 395), ("3 years", 3 * 365)]
TARGET_RATIO = 5.0  # page p50 within 5x the floor's
TARGET_TAIL = 2.0  # p95 within 2x the page's own p50
TARGET_QUERIES = 15
TARGET_GROWTH = 1.2  # 3-year ratio within 1.2x the full-window ratio
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
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


FLOOR = Page("floor (minimal logged-in view)", "/_bench/floor/")


def pages(month: str) -> list[Page]:
    return [
        Page("Today", "/today/"),
        Page("Check-in form", "/check-in/"),
        Page("Check-in submit", "/check-in/", method="POST", expect=302),
        Page("Us", "/us/"),
        Page("Patterns (12 months)", "/check-in/patterns/?range=12m"),
        Page("Support", "/support/"),
        Page("Monthly progress page", f"/month/{month}/"),
        Page("Inbox", "/inbox/"),
        Page("Journal", "/wellbeing/journal/"),
    ]


def percentile(samples: list[float], q: int) -> float:
    if len(samples) == 1:
        return samples[0]
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


@dataclass
class Result:
    """One page at one history length: its samples and the floor samples paired with them."""

    page: Page
    latencies: list[float] = field(default_factory=list)  # seconds, every round
    floor: list[float] = field(default_factory=list)  # the paired floor samples
    round_ratios: list[float] = field(default_factory=list)
    round_tails: list[float] = field(default_factory=list)  # p95 / p50 within each round
    queries: set[int] = field(default_factory=set)  # every request's, kept parts or not
    afresh: set[int] = field(default_factory=set)  # each person's, nothing of theirs kept
    errors: int = 0

    def p(self, q: int) -> float:
        return percentile(self.latencies, q) * 1000

    @property
    def ratio(self) -> float:
        return statistics.median(self.round_ratios)

    @property
    def tail(self) -> float:
        """p95 over p50, within a round (a slow minute of the machine is no tail of the page)."""
        return statistics.median(self.round_tails)

    @property
    def spread(self) -> tuple[float, float]:
        return min(self.round_ratios), max(self.round_ratios)

    @property
    def floor_p50(self) -> float:
        return statistics.median(self.floor) * 1000

    def as_dict(self) -> dict:
        return {
            "page": self.page.name,
            "path": self.page.path,
            "method": self.page.method,
            "samples": len(self.latencies),
            "p50_ms": round(self.p(50), 2),
            "p95_ms": round(self.p(95), 2),
            "floor_p50_ms": round(self.floor_p50, 2),
            "ratio": round(self.ratio, 2),
            "round_ratios": [round(r, 2) for r in self.round_ratios],
            "tail": round(self.tail, 2),
            "queries": sorted(self.queries),
            "queries_afresh": sorted(self.afresh),
            "errors": self.errors,
        }


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

    def hidden_fields(self, path: str) -> dict[str, str]:
        """The form's hidden inputs (CSRF token, submission key, when it was drawn)."""
        _response, text = self.request("GET", path)
        return dict(HIDDEN.findall(text))

    def log_in(self, email: str) -> None:
        fields = self.hidden_fields("/accounts/login/")
        response, _ = self.request(
            "POST", "/accounts/login/", {**fields, "username": email, "password": PASSWORD}
        )
        if response.status != 302:
            raise RuntimeError(f"Could not log in as {email} (status {response.status}).")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, seconds: float = 60) -> None:
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
    """A database for one history: a SQLite file, or a PostgreSQL database on the server."""

    def __init__(self, label: str, couples: int, server_url: str | None, workdir: Path, prefix):
        self.server_url = server_url
        slug = f"{prefix}_{couples}c_{label.replace(' ', '_')}"
        if server_url:
            parts = urlsplit(server_url)
            self.name = slug
            self.url = parts._replace(path=f"/{self.name}").geturl()
        else:
            self.path = workdir / f"{slug}.sqlite3"
            self.url = f"sqlite:///{self.path}"

    def exists(self) -> bool:
        if not self.server_url:
            return self.path.exists()
        import psycopg

        with psycopg.connect(self.server_url, autocommit=True) as connection:
            found = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [self.name]
            ).fetchone()
        return found is not None

    def create(self) -> None:
        if self.server_url:
            import psycopg

            with psycopg.connect(self.server_url, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{self.name}"')
                connection.execute(f'CREATE DATABASE "{self.name}"')

    def tidy(self) -> None:
        """Before measuring a kept database: what earlier runs' writes left (the check-in
        submits' dead rows) is cleared and the planner's statistics are fresh, rather than
        left for autovacuum to do while the next run measures."""
        if self.server_url:
            import psycopg

            with psycopg.connect(self.url, autocommit=True) as connection:
                connection.execute("VACUUM (ANALYZE)")
        else:
            with closing(sqlite3.connect(self.path)) as connection:
                connection.execute("VACUUM")
                connection.execute("ANALYZE")

    def drop(self) -> None:
        if self.server_url:
            import psycopg

            with psycopg.connect(self.server_url, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{self.name}"')


@dataclass
class Settings:
    couples: int = 20
    rounds: int = 9
    pairs: int = 12  # page requests per page per round, each paired with a floor request
    sample_people: int = 8
    server_url: str | None = None
    keep: bool = False  # keep the generated databases and reuse them next time
    # With keep: where the databases' keys (and SQLite files) stay between runs.
    kept_dir: Path | None = None
    prefix: str = "duet_bench"
    workers: int = 2


def run_history(label, days, settings: Settings, workdir, out) -> dict:
    database = Database(label, settings.couples, settings.server_url, workdir, settings.prefix)
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
    generated = None
    reuse = settings.keep and database.exists()
    if not reuse:
        database.create()
    try:
        manage(env, "migrate", "--noinput")
        if reuse:
            database.tidy()
            out(f"Reusing {database.url} (--keep), vacuumed and analysed.")
        else:
            started = time.monotonic()
            couples = str(settings.couples)
            out(manage(env, "generate_data", "--couples", couples, "--days", str(days)))
            generated = time.monotonic() - started
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
                str(settings.workers),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            wait_for(port)
            results = measure(port, settings)
        finally:
            server.terminate()
            server.wait(timeout=30)
    finally:
        if not settings.keep:
            database.drop()
    return {"label": label, "days": days, "generate_seconds": generated, "results": results}


def sample_email(index: int, couples: int, partner: bool = False) -> str:
    """The `index`th sample person's address (seat 1 of each couple first), or their
    partner's."""
    seat = 1 + (index // couples + partner) % 2
    return bench_email(index % couples, seat)


def measure(port: int, settings: Settings) -> list[Result]:
    sessions, partners = [], []
    for index in range(min(settings.sample_people, settings.couples * 2)):
        for people, partner in ((sessions, False), (partners, True)):
            session = Session(port)
            session.log_in(sample_email(index, settings.couples, partner))
            people.append(session)
    month = time.strftime("%Y-%m", time.gmtime())
    results = [Result(page) for page in pages(month)]
    for result in results:  # warm every worker's caches and imports
        for session in sessions:
            hit(session, FLOOR, None)
            hit(session, result.page, None)
    for number in range(settings.rounds):
        # Rotate the order so no page always follows the same one.
        shift = number % len(results)
        for result in results[shift:] + results[:shift]:
            run_round(result, sessions, settings.pairs, number)
    # Each page once more for every person right after their partner saved a check-in, which
    # moves every version of theirs (their own would leave what came from their partner
    # kept): none of their pages' parts are kept then.
    submit = next(result.page for result in results if result.page.method == "POST")
    for result in results:
        for session, partner in zip(sessions, partners, strict=True):
            hit(partner, submit, None)
            hit(session, result.page, result, afresh=True)
    return results


def run_round(result: Result, sessions: list[Session], pairs: int, number: int) -> None:
    """`pairs` page requests, each right after a floor request by the same person."""
    page_samples, floor_samples = [], []
    for index in range(pairs):
        session = sessions[(number + index) % len(sessions)]
        floor_samples.append(hit(session, FLOOR, None))
        page_samples.append(hit(session, result.page, result))
    result.latencies += page_samples
    result.floor += floor_samples
    result.round_ratios.append(statistics.median(page_samples) / statistics.median(floor_samples))
    result.round_tails.append(percentile(page_samples, 95) / statistics.median(page_samples))


def hit(session: Session, page: Page, result: Result | None, afresh: bool = False) -> float:
    body = None
    if page.method == "POST":
        body = {**session.hidden_fields(page.path), **CHECKIN}  # drawn untimed, as a person would
    started = time.perf_counter()
    response, _text = session.request(page.method, page.path, body)
    elapsed = time.perf_counter() - started
    if result is not None:
        if response.status != page.expect:
            result.errors += 1
        counts = result.afresh if afresh else result.queries
        counts.add(int(response.getheader("X-Duet-Queries", "-1")))
    return elapsed


def table(results: list[Result]) -> list[str]:
    floor = statistics.median([sample for r in results for sample in r.floor]) * 1000
    lines = [
        f"{'page':30} {'p50 ms':>7} {'p95 ms':>7} {'queries':>7} {'p50/floor':>9}  "
        f"{'spread over rounds':>18}",
        f"{FLOOR.name:30} {floor:7.1f} {'':>7} {'':>7} {'1.00x':>9}",
    ]
    for result in results:
        low, high = result.spread
        queries = "/".join(map(str, sorted(result.queries)))
        lines.append(
            f"{result.page.name:30} {result.p(50):7.1f} {result.p(95):7.1f} {queries:>7} "
            f"{result.ratio:8.2f}x  {low:8.2f}x–{high:.2f}x"
            + (f"  ({result.errors} errors)" if result.errors else "")
        )
    return lines


def verdicts(short: list[Result], long: list[Result]) -> list[dict]:
    """Each page's targets, judged on 3 years of history and its growth from a full window."""
    judged = []
    for a, b in zip(short, long, strict=True):
        queries = max(b.queries | b.afresh)
        checks = {
            "ratio": b.ratio <= TARGET_RATIO,
            "tail": b.tail <= TARGET_TAIL,
            "queries": queries <= TARGET_QUERIES,
            # Drawn afresh: how many of a page's parts are kept in the rounds varies with
            # what its person saw since their last change, not with history.
            "same_queries": a.afresh == b.afresh,
            "growth": b.ratio / a.ratio <= TARGET_GROWTH,
            "no_errors": not (a.errors or b.errors),
        }
        judged.append(
            {
                "page": b.page.name,
                "ratio_full_window": round(a.ratio, 2),
                "ratio_3_years": round(b.ratio, 2),
                "growth": round(b.ratio / a.ratio, 2),
                "tail": round(b.tail, 2),
                "queries_full_window": sorted(a.queries),
                "queries_3_years": sorted(b.queries),
                "afresh_full_window": sorted(a.afresh),
                "afresh_3_years": sorted(b.afresh),
                "checks": checks,
                "met": all(checks.values()),
            }
        )
    return judged


def verdict_lines(judged: list[dict]) -> list[str]:
    lines = [
        f"{'page':30} {'13m ratio':>9} {'3y ratio':>9} {'3y/13m':>7} {'p95/p50':>8} "
        f"{'afresh 13m/3y':>15}  verdict"
    ]
    for row in judged:
        failed = [name for name, ok in row["checks"].items() if not ok]
        queries = (
            f"{'/'.join(map(str, row['afresh_full_window']))} / "
            f"{'/'.join(map(str, row['afresh_3_years']))}"
        )
        lines.append(
            f"{row['page']:30} {row['ratio_full_window']:8.2f}x {row['ratio_3_years']:8.2f}x "
            f"{row['growth']:7.2f} {row['tail']:8.2f} {queries:>15}  "
            + ("met" if row["met"] else "NOT MET: " + ", ".join(failed))
        )
    lines.append(
        f"Targets (3 years): p50 within {TARGET_RATIO:g}x the floor; p95 within "
        f"{TARGET_TAIL:g}x the p50 (within a round); at most {TARGET_QUERIES} queries; "
        f"from a full window (13 months) to 3 years the same queries (drawn afresh) "
        f"and a ratio within {TARGET_GROWTH:g}x."
    )
    return lines


def benchmark(settings: Settings, json_path: Path | None, out) -> bool:
    """Run both histories, print the tables and the verdicts; True when every target is met."""
    workdir = Path(tempfile.mkdtemp(prefix="duet-bench-"))
    if settings.keep:
        # The encryption keys the data was sealed with stay beside it.
        shutil.rmtree(workdir)
        workdir = settings.kept_dir or ROOT / "data" / "bench"
        workdir.mkdir(parents=True, exist_ok=True)
    engine = "PostgreSQL" if settings.server_url else "SQLite"
    try:
        runs = []
        for label, days in HISTORIES:
            out(f"\n== {label} of history, {settings.couples} couples ({engine})")
            run = run_history(label, days, settings, workdir, out)
            runs.append(run)
            for line in table(run["results"]):
                out(line)
        judged = verdicts(runs[0]["results"], runs[1]["results"])
        out("\n== verdicts")
        for line in verdict_lines(judged):
            out(line)
        met = all(row["met"] for row in judged)
        if json_path:
            write_json(json_path, settings, engine, runs, judged, met)
            out(f"\nResult written to {json_path}")
        return met
    finally:
        if not settings.keep:
            shutil.rmtree(workdir, ignore_errors=True)


def write_json(path: Path, settings: Settings, engine, runs, judged, met) -> None:
    document = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "engine": engine,
        "couples": settings.couples,
        "rounds": settings.rounds,
        "pairs_per_round": settings.pairs,
        "histories": [
            {
                "label": run["label"],
                "days": run["days"],
                "generate_seconds": run["generate_seconds"],
                "floor_p50_ms": round(
                    statistics.median([s for r in run["results"] for s in r.floor]) * 1000, 2
                ),
                "pages": [result.as_dict() for result in run["results"]],
            }
            for run in runs
        ],
        "verdicts": judged,
        "all_met": met,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2) + "\n")
