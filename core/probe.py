"""Compose's health check of the web service: `python -m core.probe` asks /health/.

It exits 0 only on a 200. Django answers only a Host it allows, so the probe sends the
first of ALLOWED_HOSTS; plain HTTP reaches /health/ because SECURE_REDIRECT_EXEMPT lets it
through. No Django here: the probe must stay cheap.
"""

import os
import sys
from urllib.error import URLError
from urllib.request import Request, urlopen

URL = "http://127.0.0.1:8000/health/"


def probe_host() -> str:
    """A Host header the settings allow ('.example.com' allows 'example.com')."""
    hosts = [host.strip() for host in os.environ.get("ALLOWED_HOSTS", "").split(",")]
    host = next((host for host in hosts if host), "localhost").lstrip(".")
    return "localhost" if host == "*" else host


def main(url: str = URL) -> int:
    try:
        with urlopen(Request(url, headers={"Host": probe_host()}), timeout=5) as response:  # noqa: S310
            healthy = response.status == 200
    except (URLError, OSError) as error:  # HTTPError (a 503) is a URLError
        print(f"Duet is not healthy: {error}", file=sys.stderr)
        return 1
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
