"""`{% row_url %}`: `{% url %}` for the rows of a long page (the journal, the inbox), which
reverse the same route once a row.

Django's `reverse` matches the route afresh on every call (about 20 µs on the benchmark's
machine: 2 ms of the journal page's 100 links). This reverses each route once, with a marker
where the row's key goes, and puts each row's key in the marker's place. Only for routes
whose one argument is an `<int:…>`, which Django writes as `str(key)`: the cut is checked
against that.
"""

from functools import lru_cache

from django import template
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()

MARKER = "9081726354"


@register.simple_tag
def row_url(viewname: str, key: int) -> str:
    """The address of `viewname` for the row whose key is `key`, as `{% url %}` gives it."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    head, tail = _around_key(viewname, get_script_prefix(), urlconf)
    return f"{head}{int(key)}{tail}"


@lru_cache(maxsize=64)
def _around_key(viewname: str, prefix: str, urlconf: str) -> tuple[str, str]:
    """What stands before and after the key in the route's address, in `urlconf` (the
    request's, else ROOT_URLCONF) under `prefix` (which `reverse` reads itself)."""
    head, marker, tail = reverse(viewname, args=[int(MARKER)], urlconf=urlconf).partition(MARKER)
    if not marker or MARKER in tail:
        raise ImproperlyConfigured(f"{viewname} is not a route with one <int:…> key.")
    return head, tail
