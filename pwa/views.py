"""Installable Duet: the web app manifest, the service worker and the offline page.

None of the three knows who is asking: each answers the same to everyone, so what the
service worker keeps on a phone (static files and the offline page) holds nothing private.
The one private thing a phone may hold is a check-in kept while offline, which the page
script keeps and sends (static/js/checkin-outbox.js), never this worker's cache.
"""

import hashlib
import json
import re

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_htmx.jinja import htmx_script

from core.outage import offline_page
from pwa.colours import LIGHT_BACKGROUND, THEME_COLOR

# What the worker keeps so the offline page looks like Duet: static files only.
PRECACHED_STATIC = [
    "css/duet.css",
    "js/duet.js",
    "js/pwa.js",
    "js/checkin-outbox.js",
    "favicon.svg",
    "icons/icon-192.png",
    "icons/badge-96.png",
]


def _icon(name: str, size: int, purpose: str = "any") -> dict:
    return {
        "src": static(f"icons/{name}"),
        "sizes": f"{size}x{size}",
        "type": "image/png",
        "purpose": purpose,
    }


@require_safe
def manifest(request: HttpRequest) -> HttpResponse:
    today, checkin = reverse("rituals:today"), reverse("checkins:evening")
    shortcut_icon = [_icon("icon-192.png", 192)]
    body = {
        "id": today,
        "name": "Duet",
        "short_name": "Duet",
        "description": _(
            "Your own rituals, an evening check-in, and support between partners "
            "only where it is invited."
        ),
        # The reader's language: the page and the installed app's shortcuts speak it.
        "lang": get_language() or "en",
        "start_url": today,
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOR,
        "background_color": LIGHT_BACKGROUND,
        "icons": [
            {"src": static("favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
            _icon("icon-192.png", 192),
            _icon("icon-512.png", 512),
            _icon("icon-maskable-512.png", 512, "maskable"),
        ],
        "shortcuts": [
            {
                "name": _("Evening check-in"),
                "short_name": _("Check-in"),
                "url": checkin,
                "icons": shortcut_icon,
            },
            {"name": _("Today"), "url": today, "icons": shortcut_icon},
        ],
    }
    response = JsonResponse(body, content_type="application/manifest+json")
    response["Cache-Control"] = "no-cache"
    # Each person reads it in their own language (their account's, else the browser's).
    patch_vary_headers(response, ["Cookie", "Accept-Language"])
    return response


def _offline_context() -> dict:
    return {}


@require_safe
@offline_page("pwa/offline.html", _offline_context)
def offline(request: HttpRequest) -> HttpResponse:
    """The page a phone shows when it can't reach Duet: the crisis resources, for everyone.

    Rendered without the request, so no name, token or private word can be in it (the
    service worker keeps it on the phone)."""
    return HttpResponse(render_to_string("pwa/offline.html", _offline_context()))


def _htmx_url() -> str:
    """The htmx file every page loads (django-htmx names it by its version)."""
    return re.search(r'src="([^"]+)"', str(htmx_script(minified=True))).group(1)


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    offline_url = reverse("pwa:offline")
    precache = [static(name) for name in PRECACHED_STATIC] + [_htmx_url(), offline_url]
    # A new version whenever a kept file's name (its hash) or the offline page changes, so
    # phones fetch the new ones and drop the old.
    fingerprint = json.dumps(precache) + render_to_string("pwa/offline.html", _offline_context())
    context = {
        "version": hashlib.sha256(fingerprint.encode()).hexdigest()[:16],
        "precache": json.dumps(precache),
        "offline_url": json.dumps(offline_url),
        "outbox_script": json.dumps(static("js/checkin-outbox.js")),
        "icon": json.dumps(static("icons/icon-192.png")),
        "badge": json.dumps(static("icons/badge-96.png")),
    }
    response = HttpResponse(
        render_to_string("pwa/sw.js", context), content_type="text/javascript; charset=utf-8"
    )
    # Checked on every visit: a phone never runs an old worker against new pages.
    response["Cache-Control"] = "no-cache"
    return response
