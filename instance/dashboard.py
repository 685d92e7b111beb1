"""The host's dashboard in the admin: counts and health, never a person's words.

It reads only counts (people, couples, invitations, tasks) and the same machinery facts as
/health/ (core/health.py). No row is listed, so nothing anyone wrote can reach the page;
tests/instance/test_dashboard.py seeds private markers and checks that none appears.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.tasks import TaskResultStatus
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from accounts import invites
from accounts.models import SignupInvitation, User
from core.health import health_report
from couples.models import Couple


def dashboard_figures(now=None) -> dict[str, Any]:
    """Every number the dashboard shows, as counts only."""
    now = now or timezone.now()
    day_ago = now - timedelta(days=1)
    people = User.objects.aggregate(
        active=Count("pk", filter=Q(is_active=True)),
        waiting=Count("pk", filter=Q(email_confirmed=False)),
        joined_last_week=Count(
            "pk", filter=Q(is_active=True, date_joined__gte=now - timedelta(days=7))
        ),
    )
    couples = (
        Couple.objects.current()
        .annotate(members=Count("memberships", filter=Q(memberships__left_at__isnull=True)))
        .aggregate(
            together=Count("pk", filter=Q(members=2)),
            waiting=Count("pk", filter=Q(members__lt=2)),
        )
    )
    status = TaskResultStatus
    tasks = DBTaskResult.objects.aggregate(
        queued=Count("pk", filter=Q(status=status.READY)),
        running=Count("pk", filter=Q(status=status.RUNNING)),
        failed_last_day=Count("pk", filter=Q(status=status.FAILED, finished_at__gte=day_ago)),
    )
    return {
        "people": people,
        "couples": couples,
        "tasks": tasks,
        "signup": {
            "policy": invites.policy(),
            "live_invitations": SignupInvitation.objects.usable().count(),
        },
        "health": health_report(now),
    }


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Staff only; anyone else is told nothing is here (404), as for any page not theirs."""
    if not (request.user.is_active and request.user.is_staff):
        raise Http404
    figures = dashboard_figures()
    context = {
        **admin.site.each_context(request),
        "title": _("How this Duet is doing"),
        **figures,
        "checks": sorted(figures["health"]["checks"].items()),
    }
    return TemplateResponse(request, "instance/dashboard.html", context)
