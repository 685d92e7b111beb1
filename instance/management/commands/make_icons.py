"""Render Duet's home-screen icons from static/favicon.svg (needs Chromium and Playwright).

Run again after the SVG changes; the PNGs are committed, so a deployment never needs this.
"""

import base64
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pwa.colours import LIGHT_BACKGROUND

CHROMIUM = "/usr/bin/chromium"
# name -> (size, background, share of the side the two circles fill, monochrome?)
ICONS = {
    "icon-192.png": (192, None, 0.92, False),
    "icon-512.png": (512, None, 0.92, False),
    # Maskable: full-bleed colour, the picture inside the central safe circle (80 %).
    "icon-maskable-512.png": (512, LIGHT_BACKGROUND, 0.78, False),
    # iOS puts a transparent icon on black: give it the page's colour.
    "apple-touch-icon.png": (180, LIGHT_BACKGROUND, 0.86, False),
    # Android's status-bar badge: a white silhouette on transparent.
    "badge-96.png": (96, None, 0.92, True),
}


def page(svg: str, size: int, background: str | None, share: float, mono: bool) -> str:
    if mono:
        svg = svg.replace('fill="#3d5a80"', 'fill="#fff"').replace('fill="#b3541e"', 'fill="#fff"')
    data = base64.b64encode(svg.encode()).decode()
    inner = round(size * share)
    return (
        "<!doctype html><html><body style='margin:0;background:"
        f"{background or 'transparent'};width:{size}px;height:{size}px;display:grid;"
        "place-items:center'>"
        f"<img src='data:image/svg+xml;base64,{data}' width='{inner}' height='{inner}'>"
        "</body></html>"
    )


class Command(BaseCommand):
    help = "Render the home-screen icons in static/icons/ from static/favicon.svg."

    def handle(self, *args, **options):
        try:
            from playwright.sync_api import sync_playwright
        except ImportError as error:
            raise CommandError("Playwright is needed: uv sync --group dev") from error
        static_dir = Path(settings.BASE_DIR) / "static"
        svg = (static_dir / "favicon.svg").read_text()
        out = static_dir / "icons"
        out.mkdir(exist_ok=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            for name, (size, background, share, mono) in ICONS.items():
                tab = browser.new_page(viewport={"width": size, "height": size})
                tab.set_content(page(svg, size, background, share, mono))
                tab.screenshot(path=str(out / name), omit_background=background is None)
                tab.close()
                self.stdout.write(f"static/icons/{name} ({size}×{size})")
            browser.close()
