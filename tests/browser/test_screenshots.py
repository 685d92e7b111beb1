"""`manage.py screenshots`: every main page, phone and desktop, light and dark, as PNGs."""

import struct
from pathlib import Path

import pytest
from django.core.management import call_command

from instance.demo import seed_demo

pytestmark = pytest.mark.django_db(transaction=True)


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


def test_screenshots_photograph_a_page_at_phone_and_desktop_size_in_both_schemes(
    live_server, tmp_path
):
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium.")
    seed_demo()

    call_command("screenshots", "--url", live_server.url, "--out", tmp_path, "--page", "today")

    shots = sorted(path.name for path in tmp_path.iterdir())
    assert shots == [
        "today-desktop-dark.png",
        "today-desktop-light.png",
        "today-phone-dark.png",
        "today-phone-light.png",
    ]
    assert png_size(tmp_path / "today-phone-light.png")[0] == 390
    assert png_size(tmp_path / "today-desktop-dark.png")[0] == 1280
