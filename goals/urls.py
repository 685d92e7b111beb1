from django.urls import path

from goals import views

app_name = "goals"

urlpatterns = [
    path("", views.current, name="current"),
    path("appreciations/new/", views.appreciation, name="appreciation"),
    path("wins/new/", views.win, name="win"),
    path("review-nudge/", views.review_nudge, name="review_nudge"),
    path("wins/<int:win_id>/delete/", views.win_delete, name="win_delete"),
    path("activities/<int:activity_id>/done/", views.toggle_done, name="toggle_done"),
    path("activities/<int:activity_id>/answer/", views.activity_answer, name="activity_answer"),
    path("<month:month_key>/", views.month, name="month"),
    path("<month:month_key>/plan/", views.plan, name="plan"),
    path("<month:month_key>/review/", views.review, name="review"),
    path("<month:month_key>/our-month/", views.our_month, name="our_month"),
    path(
        "<month:month_key>/objective/<int:item_id>/progress/",
        views.progress,
        {"item": "objective"},
        name="objective_progress",
    ),
    path(
        "<month:month_key>/activity/<int:item_id>/progress/",
        views.progress,
        {"item": "activity"},
        name="activity_progress",
    ),
]
