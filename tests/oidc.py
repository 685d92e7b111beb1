"""A real OpenID Connect provider on 127.0.0.1 for tests: panva's oidc-provider, run by Node.

tests/oidc_provider/ holds its pinned package (installed by .ci/run with `npm ci`) and the
small script that configures it. Its login page is the library's development one, where
any of ACCOUNTS logs in with any password.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import requests

PROVIDER_DIR = Path(__file__).parent / "oidc_provider"
CLIENT_ID = "duet-test"
CLIENT_SECRET = "duet-test-secret-" + "x" * 24
# The provider's people: the login typed on its page, and what it says about each.
ACCOUNTS = {
    "ana": {"email": "ana@example.org", "email_verified": True, "name": "Ana"},
    "una": {"email": "una@example.org", "email_verified": False, "name": "Una"},
    "nia": {"email": "nia@example.org", "email_verified": True, "name": "Nia Okafor"},
}


class OpenIDProvider:
    """One provider process, with one confidential client allowed to return to `redirect_uris`."""

    def __init__(self, redirect_uris: list[str]) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.redirect_uris = redirect_uris
        self._process: subprocess.Popen | None = None

    def start(self) -> None:
        if not (PROVIDER_DIR / "node_modules" / "oidc-provider").exists():
            if os.environ.get("CI"):
                raise RuntimeError(".ci/run must install tests/oidc_provider (npm ci).")
            subprocess.run(  # noqa: S603
                [shutil.which("npm") or "npm", "ci", "--no-audit", "--no-fund"],
                cwd=PROVIDER_DIR,
                check=True,
                capture_output=True,
            )
        environment = {
            **os.environ,
            "OIDC_PORT": str(self.port),
            "OIDC_CLIENT": json.dumps(
                {
                    "client_id": CLIENT_ID,
                    "client_secret": CLIENT_SECRET,
                    "redirect_uris": self.redirect_uris,
                }
            ),
            "OIDC_ACCOUNTS": json.dumps(ACCOUNTS),
        }
        self._process = subprocess.Popen(  # noqa: S603
            [shutil.which("node") or "node", "provider.mjs"],
            cwd=PROVIDER_DIR,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        line = self._process.stdout.readline()
        if "ready" not in line:
            self.stop()
            raise RuntimeError(f"The OpenID provider didn't start: {line!r}")
        for _ in range(50):  # the port answers a moment after the line
            try:
                requests.get(f"{self.issuer}/.well-known/openid-configuration", timeout=1)
                return
            except requests.ConnectionError:
                time.sleep(0.1)

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=10)
            self._process = None

    def configure(self, settings, name: str = "Example ID") -> OpenIDProvider:
        """Point Duet at this provider, as a host's environment would (discovery included)."""
        settings.OIDC_ISSUER = self.issuer
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
        settings.OIDC_PROVIDER_NAME = name
        return self


@contextmanager
def running_provider(callback_url: str) -> Iterator[OpenIDProvider]:
    """A provider that sends people back to `callback_url` alone, for as long as it's needed."""
    provider = OpenIDProvider([callback_url])
    provider.start()
    try:
        yield provider
    finally:
        provider.stop()


def _form_action(html: str) -> str:
    return unescape(re.search(r'<form[^>]*action="([^"]+)"', html).group(1))


def sign_in(authorize_url: str, login: str, issuer: str) -> str:
    """Log in at the provider as `login`; returns the URL it sends the browser back to."""
    idp = requests.Session()
    url, response = authorize_url, None
    for _ in range(10):
        response = idp.get(url, allow_redirects=False, timeout=10)
        if response.status_code == 200:  # the provider's login page
            action = _form_action(response.text)
            form = {"prompt": "login", "login": login, "password": "anything"}
            response = idp.post(
                requests.compat.urljoin(url, action), data=form, allow_redirects=False, timeout=10
            )
        assert response.is_redirect, f"{response.status_code}: {response.text[:300]}"
        url = requests.compat.urljoin(url, response.headers["Location"])
        if not url.startswith(issuer):
            return url
    raise AssertionError("The provider never sent the browser back.")


def with_param(url: str, name: str, value: str) -> str:
    """`url` with one query parameter changed, as someone tampering with it would."""
    parts = urlsplit(url)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    query[name] = value
    return urlunsplit(parts._replace(query=urlencode(query)))
