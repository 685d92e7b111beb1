"""Beyond one machine: two web servers share one database and one Redis.

A real redis-server and two real gunicorn processes on 127.0.0.1, on PostgreSQL (through
Django's psycopg pool) when DATABASE_URL names one, else on one SQLite file. A session
made on one server is valid on the other, and login failures spread across both count
together, because the throttle's counters live in Redis, not in each server's own cache.
"""

from __future__ import annotations

import os
import re
import runpy
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from unittest import mock

import psycopg
import pytest
import redis
import requests
import yaml
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import override_settings

import config.settings

BASE_DIR = Path(config.settings.__file__).resolve().parent.parent
PASSWORD = "a long and quiet evening"
# As the Docker image runs it, one process each, on the port that follows.
GUNICORN = [
    "config.wsgi:application",
    "--config",
    "python:config.gunicorn",
    "--workers",
    "1",
    "--bind",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(ready, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ready():
            return
        time.sleep(0.2)
    raise AssertionError(f"{what} did not come up within {seconds} s")


@pytest.fixture
def redis_server(tmp_path):
    """A real redis-server of the test's own on a free port (CI installs it: .ci/run)."""
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is missing: .ci/run installs it (apt-get install)")
        pytest.skip("redis-server is not installed (apt-get install redis-server)")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(host="127.0.0.1", port=port)

    def answers() -> bool:
        try:
            return client.ping()
        except redis.ConnectionError:
            return False

    wait_until(answers, "redis-server")
    yield f"redis://127.0.0.1:{port}/0", client
    process.terminate()
    process.wait(10)


# Settings


def settings_with(tmp_path, **environment) -> dict:
    """config/settings.py as it reads `environment` alone (not the suite's DATABASE_URL)."""
    own = {"DATA_DIR": str(tmp_path), **environment}
    with mock.patch.dict(os.environ, own):
        for name in {"DATABASE_URL", "REDIS_URL", "DUET_DB_POOL", "DUET_DB_PREPARED"} - set(
            environment
        ):
            os.environ.pop(name, None)
        return runpy.run_path(str(BASE_DIR / "config" / "settings.py"))


def test_redis_url_puts_the_cache_in_redis_and_without_it_in_a_folder(tmp_path):
    shared = settings_with(tmp_path, REDIS_URL="redis://cache:6379/1")["CACHES"]["default"]
    assert shared["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert shared["LOCATION"] == "redis://cache:6379/1"
    alone = settings_with(tmp_path)["CACHES"]["default"]
    assert alone["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache"


def test_a_redis_url_that_is_no_url_stops_the_start(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL"):
        settings_with(tmp_path, REDIS_URL="cache:6379")


@pytest.mark.parametrize(
    ("value", "pool"),
    [("true", True), ("8", {"min_size": 1, "max_size": 8, "timeout": 10}), ("false", None)],
)
def test_the_postgres_pool_is_chosen_by_duet_db_pool(tmp_path, value, pool):
    database = settings_with(
        tmp_path, DATABASE_URL="postgres://duet@db:5432/duet", DUET_DB_POOL=value
    )["DATABASES"]["default"]
    assert database.get("OPTIONS", {}).get("pool") == pool
    if pool:
        assert database["CONN_MAX_AGE"] == 0  # the pool keeps connections, not Django


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"DATABASE_URL": "postgres://duet@db/duet", "DUET_DB_POOL": "plenty"}, "pool size"),
        ({"DATABASE_URL": "postgres://duet@db/duet", "DUET_DB_POOL": "-3"}, "pool size"),
        ({"DUET_DB_POOL": "true"}, "needs PostgreSQL"),
    ],
)
def test_a_pool_setting_that_cant_work_stops_the_start(tmp_path, environment, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        settings_with(tmp_path, **environment)


@pytest.mark.parametrize(
    ("environment", "prepared"),
    [
        ({"DATABASE_URL": "postgres://duet@db/duet"}, True),
        ({"DATABASE_URL": "postgres://duet@db/duet", "DUET_DB_POOL": "8"}, True),
        ({"DATABASE_URL": "postgres://duet@db/duet", "DUET_DB_PREPARED": "false"}, False),
        ({}, False),  # SQLite
    ],
)
def test_postgres_keeps_repeated_queries_prepared_unless_told_not_to(
    tmp_path, environment, prepared
):
    options = settings_with(tmp_path, **environment)["DATABASES"]["default"].get("OPTIONS", {})
    assert options.get("server_side_binding", False) is prepared
    assert options.get("prepare_threshold") == (5 if prepared else None)


def test_a_prepared_setting_that_is_no_yes_or_no_stops_the_start(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="DUET_DB_PREPARED"):
        settings_with(tmp_path, DATABASE_URL="postgres://duet@db/duet", DUET_DB_PREPARED="maybe")


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_a_query_a_page_repeats_is_planned_once_on_postgres(client, user):
    client.force_login(user)
    for _ in range(6):
        assert client.get("/today/").status_code == 200

    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert any('FROM "django_session"' in statement for statement in prepared), prepared


# Two web servers, one database, one Redis


class Servers:
    """Two gunicorn processes serving one Duet."""

    def __init__(self, environment: dict[str, str], log_dir: Path):
        self.environment = environment
        self.log_dir = log_dir
        self.processes: list[subprocess.Popen] = []
        self.urls: list[str] = []

    def manage(self, *arguments: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=BASE_DIR,
            env=self.environment,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def start(self, count: int = 2) -> None:
        for number in range(count):
            port = free_port()
            log = (self.log_dir / f"web{number}.log").open("w")
            self.processes.append(
                subprocess.Popen(
                    [sys.executable, "-m", "gunicorn", *GUNICORN, f"127.0.0.1:{port}"],
                    cwd=BASE_DIR,
                    env=self.environment,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
            self.urls.append(f"http://127.0.0.1:{port}")
        for url in self.urls:
            wait_until(lambda url=url: self._answers(url), f"gunicorn at {url}", seconds=120)

    @staticmethod
    def _answers(url: str) -> bool:
        try:
            return requests.get(f"{url}/health/", timeout=10).status_code in {200, 503}
        except requests.RequestException:  # not listening yet, or still importing Django
            return False

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            process.wait(20)


def log_in(browser: requests.Session, url: str, email: str, password: str) -> requests.Response:
    page = browser.get(f"{url}/accounts/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
    return browser.post(
        f"{url}/accounts/login/",
        data={"csrfmiddlewaretoken": token, "username": email, "password": password},
        headers={"Referer": f"{url}/accounts/login/"},
        allow_redirects=False,
        timeout=10,
    )


@pytest.fixture
def database_url(tmp_path):
    """A fresh database for the servers: on the suite's PostgreSQL if it runs on one."""
    suite = os.environ.get("DATABASE_URL", "")
    if not suite.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'duet.sqlite3'}"
        return
    name = f"duet_scaled_{uuid.uuid4().hex[:12]}"
    admin = suite.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield suite.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def servers(tmp_path, redis_server, database_url):
    redis_url, _client = redis_server
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.scaled_settings",
        "DATA_DIR": str(tmp_path / "data"),
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "LOGIN_FAILURES_PER_ACCOUNT": "4",
        "ALLOWED_HOSTS": "127.0.0.1",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    if database_url.startswith("postgres"):
        environment["DUET_DB_POOL"] = "4"
    running = Servers(environment, tmp_path)
    running.manage("migrate", "--noinput", "-v0")
    running.manage(
        "shell",
        "-c",
        "from accounts.models import User\n"
        "for name in ('ana', 'bo'):\n"
        f"    User.objects.create_user(f'{{name}}@example.org', {PASSWORD!r},"
        " display_name=name.title(), email_confirmed=True)",
    )
    running.start(2)
    yield running
    running.stop()


def test_two_web_servers_share_sessions_and_login_throttling(servers, redis_server):
    one, two = servers.urls
    _url, redis_client = redis_server

    # A session made on one server is valid on the other.
    bo = requests.Session()
    assert log_in(bo, one, "bo@example.org", PASSWORD).status_code == 302
    today = bo.get(f"{two}/today/", allow_redirects=False, timeout=10)
    assert today.status_code == 200 and "Bo" in today.text

    # Four failures for Ana, two on each server, from browsers she never used: paused on both.
    for url in (one, two, one, two):
        failed = log_in(requests.Session(), url, "ana@example.org", "not her password")
        assert failed.status_code in {200, 400, 429}
    for url in (one, two):
        refused = log_in(requests.Session(), url, "ana@example.org", PASSWORD)
        assert refused.status_code == 429, url
        assert "logging in is paused" in refused.text
    assert redis_client.keys("*duet:throttle:*"), "the counters are in Redis"

    # Bo's own session, made before, is untouched by Ana's pause.
    assert bo.get(f"{one}/today/", allow_redirects=False, timeout=10).status_code == 200

    if "DUET_DB_POOL" in servers.environment:  # on PostgreSQL: through Django's psycopg pool
        out = servers.manage(
            "shell",
            "--verbosity",
            "0",
            "-c",
            "from django.db import connection\n"
            "connection.ensure_connection()\n"
            "print(type(connection.pool).__name__, connection.pool.max_size)",
        )
        assert out.split()[-2:] == ["ConnectionPool", "4"]


# The compose profile


def test_the_scaled_compose_profile_runs_two_web_replicas_behind_one_address():
    compose = yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())
    services = compose["services"]
    scaled = {name for name, service in services.items() if "scaled" in service.get("profiles", [])}
    assert scaled == {"redis", "web2", "worker2", "proxy"}
    assert not {"db", "web", "worker"} & scaled, "the default services run without the profile"

    web = services["web"]
    duet = {name: services[name] for name in ("web", "web2", "worker", "worker2")}
    for name, service in duet.items():
        # One .env and one environment: one SECRET_KEY, encryption keys and REDIS_URL.
        assert service["env_file"] == ".env", name
        assert service["environment"] == web["environment"], name
        assert service["build"] == web["build"], name
        assert service["depends_on"]["redis"]["condition"] == "service_healthy", name
        # The default services start without Redis; the profile's own need it.
        assert service["depends_on"]["redis"].get("required", True) is (name in scaled), name
    # Only web migrates (the image's default command); the others wait until it is healthy.
    for name in ("web2", "worker2"):
        assert "migrate" not in " ".join(duet[name]["command"]), name
        assert duet[name]["depends_on"]["web"]["condition"] == "service_healthy", name
    # A replica without REDIS_URL would keep its own throttle counters: it refuses to start.
    assert 'test -n "$$REDIS_URL" ||' in duet["web2"]["command"][-1]
    assert duet["web2"]["healthcheck"] == web["healthcheck"]
    assert duet["worker2"]["healthcheck"] == services["worker"]["healthcheck"]
    assert services["redis"]["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]

    proxy = services["proxy"]
    assert proxy["ports"] == ["127.0.0.1:8080:8080"]
    assert set(proxy["depends_on"]) == {"web", "web2"}
    source = proxy["volumes"][0].split(":")[0]
    caddyfile = (BASE_DIR / source).read_text()
    assert "reverse_proxy web:8000 web2:8000" in caddyfile
    assert "header_up X-Forwarded-For {client_ip}" in caddyfile  # one entry: the client's
    for name, service in services.items():
        for needed in service.get("depends_on", {}):
            assert needed in services, f"{name} depends on unknown {needed}"
    assert set(compose["volumes"]) == {"pgdata"}


@pytest.mark.django_db
def test_the_crisis_resources_show_while_redis_is_down(client, settings):
    from wellbeing.models import Resource

    Resource.objects.create(name="Night line", kind="crisis", phone="112", description="")
    nowhere = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    redis_cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": nowhere}
    # Redis is only ever the default cache: what pages and the layout keep stays in process
    # memory, as config/settings.py has it.
    assert {"pages", "template_fragments"} <= set(config.settings.CACHES)
    with override_settings(CACHES={**settings.CACHES, "default": redis_cache}):
        response = client.get("/wellbeing/resources/")

    assert response.status_code == 200 and "Night line" in response.text
