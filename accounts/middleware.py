from django.utils import timezone, translation


class PersonalLocaleMiddleware:
    """Render every page in the signed-in person's own time zone and language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            timezone.activate(user.zone)
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        else:
            timezone.deactivate()
            translation.deactivate()
        return self.get_response(request)
