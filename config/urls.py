from django.conf import settings
from django.contrib import admin
from django.urls import include, path, register_converter, reverse_lazy
from django.views.generic import RedirectView

from core import views as core_views
from core.converters import DateConverter, MonthConverter
from instance.dashboard import dashboard

# Before the includes below, which use them.
register_converter(MonthConverter, "month")
register_converter(DateConverter, "date")

# Kind pages that need no database; a database outage answers 503 (core/outage.py).
handler500 = "core.outage.server_error"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("health/", core_views.health, name="health"),
    path("", include("pwa.urls")),  # /manifest.webmanifest, /sw.js, /offline/
    path("accounts/", include("accounts.urls")),
    path("us/", include("couples.urls")),
    path("", include("rituals.urls")),
    path("check-in/", include("checkins.urls")),
    path("month/", include("goals.urls")),
    path("support/", include("support.urls")),
    path("inbox/", include("notifications.urls")),
    path("wellbeing/", include("wellbeing.urls")),
    path("my-data/", include("datarights.urls")),
    path("my-data/bring-in/", include("moving.urls")),
    path("words/", include("words.urls")),
    # Staff log in through the app's own login (throttling, two-step), not the admin's form.
    path(
        "admin/login/",
        RedirectView.as_view(url=reverse_lazy("accounts:login"), query_string=True),
        name="admin_login",
    ),
    # The host's counts and health (staff only; instance/dashboard.py).
    path("admin/dashboard/", dashboard, name="admin_dashboard"),
    path("admin/", admin.site.urls),
]

if settings.BENCHMARK:
    from instance.bench.views import floor

    urlpatterns.append(path("_bench/floor/", floor, name="bench_floor"))
