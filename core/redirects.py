"""Where to send a person after a form: the `next` they came with, only if it stays here.

Every view that honours a `next` value asks `safe_next_url`. Only a same-site absolute
path counts ("/us/", "/checkins/partner/?week=2"): anything else, a bare word that
`redirect()` would try to reverse ("abc", "0"), a scheme or host ("https://evil",
"//evil"), a backslash or control character that browsers read as "/" ("/\\evil",
"/\t/evil"), falls back to the default.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def is_local_path(target: str) -> bool:
    """Is this a path on this site, and nothing a browser could read as another site?"""
    if not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(char.isspace() or not char.isprintable() for char in target):
        return False
    return url_has_allowed_host_and_scheme(target, allowed_hosts=None)


def safe_next_url(request: HttpRequest, default: str = "home") -> str:
    """The `next` target (POST, else GET) when it is a path on this site, else the default."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    return target if is_local_path(target) else default
