from django.contrib.auth.decorators import login_required
from django.http import HttpResponse


@login_required
def floor(request):
    """The benchmark's floor: the least a logged-in Django page can cost on this server."""
    return HttpResponse(f"ok {request.user.pk}", content_type="text/plain")
