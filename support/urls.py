from django.urls import path

from support import views

app_name = "support"

urlpatterns = [
    path("", views.home, name="home"),
    path("grants/new/", views.grant_create, name="grant_create"),
    path("grants/<int:grant_id>/edit/", views.grant_edit, name="grant_edit"),
    path("grants/<int:grant_id>/revoke/", views.grant_revoke, name="grant_revoke"),
    path("grants/history/", views.history, name="history"),
    path("boundaries/", views.boundary_add, name="boundary_add"),
    path("boundaries/<int:boundary_id>/delete/", views.boundary_delete, name="boundary_delete"),
    path("offers/new/", views.offer_create, name="offer_create"),
    path("offers/<int:offer_id>/answer/", views.offer_answer, name="offer_answer"),
    path("reminders/new/", views.reminder_create, name="reminder_create"),
    path("reminders/<int:reminder_id>/cancel/", views.reminder_cancel, name="reminder_cancel"),
    path("reminders/<int:reminder_id>/snooze/", views.reminder_snooze, name="reminder_snooze"),
    path("reminders/<int:reminder_id>/stop/", views.reminder_stop, name="reminder_stop"),
    path("requests/new/", views.request_create, name="request_create"),
    path("requests/<int:request_id>/answer/", views.request_answer, name="request_answer"),
    path("requests/<int:request_id>/withdraw/", views.request_withdraw, name="request_withdraw"),
    path("coach/", views.coach_check, name="coach"),
]
