from django.conf import settings
from django.utils.cache import patch_vary_headers
from django_htmx.middleware import HtmxDetails
from django_htmx.middleware import HtmxMiddleware as DjangoHtmxMiddleware


class PermissionsPolicyMiddleware:
    """Django has no setting for Permissions-Policy; Duet needs none of these features."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class PrivateCacheMiddleware:
    """Nothing shown to a signed-in person is kept by a browser or a shared cache.

    Every response to a request that carries a session (anyone logged in, or logging out),
    or that starts one (logging in), gets `Cache-Control: private, no-store`. Deciding by the
    session cookie costs no query, unlike asking whether the user is signed in. Static files
    never reach it: WhiteNoise answers them earlier, with its own long-lived caching.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cookie = settings.SESSION_COOKIE_NAME
        response = self.get_response(request)
        # `modified`: this request started a session (logging in); the cookie comes later.
        if (
            cookie in request.COOKIES
            or getattr(request, "session", None)
            and request.session.modified
        ):
            # Replaces whatever a view set: no max-age or public may survive.
            response.headers["Cache-Control"] = "private, no-store"
        return response


class _WatchedHtmxDetails(HtmxDetails):
    """Remembers which HX-* headers a view looked at, so the response can vary on them."""

    def _get_header_value(self, name: str) -> str | None:
        self.request._duet_htmx_headers_read.add(name)
        return super()._get_header_value(name)


class HtmxMiddleware(DjangoHtmxMiddleware):
    """django-htmx's middleware, adding `Vary` for every HX-* header the view read.

    A view that answers a partial for `request.htmx` and the full page otherwise serves two
    different bodies at one URL; without `Vary: HX-Request` a browser may show the partial
    as the page after going back (django-htmx's "Vary" guidance).
    """

    def __call__(self, request):
        request._duet_htmx_headers_read = set()
        request.htmx = _WatchedHtmxDetails(request)
        response = self.get_response(request)
        if request._duet_htmx_headers_read:
            patch_vary_headers(response, sorted(request._duet_htmx_headers_read))
        return response
