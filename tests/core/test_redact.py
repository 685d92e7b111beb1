import logging
import os
import re
import socket
import subprocess
import sys
import time
from contextlib import suppress
from urllib.error import HTTPError
from urllib.request import urlopen

from django.conf import settings
from django.urls import URLResolver, get_resolver

from config.redact import RedactSecretsFilter, redact


def test_invitation_and_reset_tokens_are_redacted():
    line = 'GET /us/join/abc-DEF_123/ and /accounts/login/?next=/us/join/xyz/ "ref"'

    assert redact(line) == (
        'GET /us/join/[redacted] and /accounts/login/?next=/us/join/[redacted] "ref"'
    )
    assert redact("/accounts/password/reset/MQ/set-password/") == (
        "/accounts/password/reset/[redacted]"
    )
    assert redact("/accounts/password/reset/") == "/accounts/password/reset/"


def test_the_logging_filter_redacts_django_request_warnings():
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Conflict: %s", ("/us/join/tok/",), None
    )

    RedactSecretsFilter().filter(record)

    assert record.getMessage() == "Conflict: /us/join/[redacted]"


def test_calendar_feed_tokens_and_secret_query_values_are_redacted():
    assert redact('"GET /calendar/s3cr3t-Tok_en.ics HTTP/1.1" 200') == (
        '"GET /calendar/[redacted] HTTP/1.1" 200'
    )
    assert redact("/rituals/calendar/new/") == "/rituals/calendar/new/"
    assert redact("/accounts/login/?next=/x/&token=abc123&b=1") == (
        "/accounts/login/?next=/x/&token=[redacted]&b=1"
    )


def _routes(resolver=None, prefix=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern, route)
        else:
            yield route


def test_every_url_carrying_a_secret_in_its_path_is_redacted():
    """A new URL with a token in its path fails here until config/redact.py hides it."""
    secret_routes = [route for route in _routes() if re.search(r"<(\w+:)?(token|uidb64)>", route)]
    assert len(secret_routes) >= 3
    for route in secret_routes:
        url = "/" + re.sub(r"<[^>]+>", "sEcReT42", route)
        assert "sEcReT42" not in redact(f'"GET {url} HTTP/1.1" 404'), url


def test_a_running_server_logs_no_calendar_token_in_its_access_or_error_log(tmp_path):
    """Real gunicorn with Duet's config; the empty database makes the feed fail loudly too
    (answered as an outage, which the error log names)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "DATA_DIR": str(tmp_path), "DEBUG": "", "DUET_PRODUCTION": ""}
    env.pop("DATABASE_URL", None)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--config",
            "python:config.gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        # The master listens before its worker has booted (slow on a busy machine): wait for
        # the port, then give each request time to be answered.
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "no server"
                time.sleep(0.2)
        with suppress(HTTPError):
            urlopen(f"http://127.0.0.1:{port}/calendar/sEcReT42.ics", timeout=60)
        with suppress(HTTPError):
            urlopen(f"http://127.0.0.1:{port}/accounts/login/?next=/us/join/sEcReT43/", timeout=60)
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0].decode()

    assert "GET /calendar/[redacted] HTTP/1.1" in output
    assert "answered /calendar/[redacted]" in output  # the error log
    assert "sEcReT4" not in output
