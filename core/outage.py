"""Outages answer a kind page, never Django's bare "Server Error (500)".

While the database is unreachable every page answers 503 with Retry-After, and a public
view marked `offline_page` (the crisis resources) is served from what was cached. These
pages render without a request, so no context processor, session or user lookup can reach
for the database that may be the very thing that is down.
"""

import logging
import sys
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# What the database drivers raise when the server is down, unreachable or out of reach.
OUTAGE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


# What is left when even the kind page can't be rendered (a broken install, a missing
# static manifest): plain words and the one number that matters most, no template.
BARE_PAGE = (
    "<!doctype html><html lang=en><meta charset=utf-8><title>Duet</title>"
    "<p>I notice Duet can't answer right now. Please try again in a little while.</p>"
    "<p>If you are in danger or thinking of harming yourself, please call your local "
    "emergency number now.</p></html>"
)


def bare_page() -> str:
    """BARE_PAGE in the reader's language (the catalogue's own words, no markup), or in
    English if even translating fails."""
    try:
        return (
            f"<!doctype html><html lang={get_language() or 'en'}><meta charset=utf-8>"
            f"<title>Duet</title><p>{_(BARE_TRY_AGAIN)}</p>"
            f"<p>{_(BARE_EMERGENCY)}</p></html>"
        )
    except Exception:
        return BARE_PAGE


BARE_TRY_AGAIN = gettext_noop(
    "I notice Duet can't answer right now. Please try again in a little while."
)
BARE_EMERGENCY = gettext_noop(
    "If you are in danger or thinking of harming yourself, please call your local "
    "emergency number now."
)


def _kind_page(template_name: str) -> str:
    """The template, or the bare page if rendering it fails too: an error page never errs."""
    try:
        return render_to_string(template_name)
    except Exception:
        logger.exception("The %s page could not be rendered; answered the bare page", template_name)
        return bare_page()


def offline_page(template_name: str, context: Callable[[], dict]):
    """Mark a public view that can be rendered without the database, from `context()`."""

    def mark(view):
        view.render_offline = lambda: render_to_string(template_name, context())
        return view

    return mark


def outage_response(request: HttpRequest) -> HttpResponse:
    """The page for a request the database couldn't answer: its offline page, or the 503."""
    try:
        render_offline = getattr(resolve(request.path_info).func, "render_offline", None)
    except Resolver404:
        render_offline = None
    if render_offline is not None:
        return HttpResponse(render_offline())
    response = HttpResponse(_kind_page("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseOutageMiddleware:
    """A view that can't reach the database answers the outage page instead of a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OUTAGE_ERRORS):
            return None
        logger.warning("The database is unavailable (%s): answered %s", exception, request.path)
        return outage_response(request)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500. Errors raised outside a view (a session or a user looked up by another
    middleware) arrive here, so a database outage is recognised here too."""
    if isinstance(sys.exc_info()[1], OUTAGE_ERRORS):
        return outage_response(request)
    return HttpResponse(_kind_page("500.html"), status=500)
