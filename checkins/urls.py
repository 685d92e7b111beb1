from django.urls import path

from checkins import views

app_name = "checkins"

urlpatterns = [
    path("", views.evening, name="evening"),
    path("evening/<date:evening>/", views.edit, name="edit"),
    path("history/", views.history, name="history"),
    path("partner/", views.partner, name="partner"),
    path("<int:checkin_id>/answer/", views.acknowledge, name="acknowledge"),
    path("<int:checkin_id>/sharing/", views.change_sharing, name="change_sharing"),
    path("patterns/", views.patterns, name="patterns"),
    path("sharing/", views.sharing, name="sharing"),
    path("support/", views.support, name="support"),
]
