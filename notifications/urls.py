from django.contrib.auth.decorators import login_required
from django.urls import path
from django.views.generic import RedirectView

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("badge/", views.badge, name="badge"),
    path("preferences/", views.preferences, name="preferences"),
    # The page's old name (links in settings, emails already sent say "email_preferences").
    path("preferences/", views.preferences, name="email_preferences"),
    path(
        "email/",
        login_required(RedirectView.as_view(pattern_name="notifications:preferences")),
        name="email_redirect",
    ),
    path("devices/", views.devices, name="devices"),
    path("devices/<int:subscription_id>/name/", views.device_rename, name="device_rename"),
    path("devices/<int:subscription_id>/test/", views.device_test, name="device_test"),
    path("devices/<int:subscription_id>/remove/", views.device_remove, name="device_remove"),
    path("channels/", views.channel_list, name="channels"),
    path("channels/<int:channel_id>/test/", views.channel_test, name="channel_test"),
    path("channels/<int:channel_id>/remove/", views.channel_remove, name="channel_remove"),
    path("<int:notification_id>/read/", views.mark_read, name="mark_read"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
    path("ask/", views.opt_in, name="opt_in"),
]
