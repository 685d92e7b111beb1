from django.conf import settings
from django.contrib.auth.middleware import get_user
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.translation.trans_real import parse_accept_lang_header


def browser_language(request) -> str:
    """The first of the browser's Accept-Language wishes Duet speaks (en, de, es), else English.

    Only the header counts: no language cookie and no language in the path, so a page
    anyone may open (login, sign-up, an invitation) reads the same for everyone whose
    browser asks alike, and a signed-in person's own choice is never overridden by one.
    """
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for code, _quality in parse_accept_lang_header(header):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


class PersonalLocaleMiddleware:
    """Render every page in the signed-in person's own time zone and language.

    Someone not signed in reads the page in their browser's language; such a response
    varies on Accept-Language, so no cache hands a German page to a Spanish browser.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if isinstance(user, SimpleLazyObject):
            # The person themselves from here on, not the lazy stand-in that auth's middleware
            # leaves (it stands for get_user, already read by the middleware before this one):
            # every page hands them to many helpers, and each attribute read through the
            # stand-in costs two calls more. Someone a middleware signed in is kept as is.
            user = request.user = get_user(request)
        if user.is_authenticated:
            timezone.activate(user.zone)
            language = user.language or settings.LANGUAGE_CODE
        else:
            timezone.deactivate()
            language = browser_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            # The page is rendered; the thread goes back to the default language, so work
            # done after a request (a test, a task run in-process) isn't in this one's.
            translation.deactivate()
        if not user.is_authenticated:
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", language)
        return response
