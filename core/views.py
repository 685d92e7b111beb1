from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from core.health import health_report


def home(request):
    if request.user.is_authenticated:
        return redirect("rituals:today")
    return render(request, "core/welcome.html")


@require_safe
@never_cache
def health(request):
    """For load balancers and compose: 200 when every check passes, 503 when not."""
    report = health_report()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)
