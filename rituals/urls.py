from django.urls import path

from rituals import views

app_name = "rituals"

urlpatterns = [
    path("today/", views.today, name="today"),
    path("rituals/", views.ritual_list, name="list"),
    path("rituals/new/", views.create, name="create"),
    path("rituals/<int:ritual_id>/", views.detail, name="detail"),
    path("rituals/<int:ritual_id>/edit/", views.edit, name="edit"),
    path("rituals/<int:ritual_id>/log/", views.log, name="log"),
    path("rituals/<int:ritual_id>/pause/", views.pause, name="pause"),
    path("rituals/<int:ritual_id>/resume/", views.resume, name="resume"),
    path("rituals/<int:ritual_id>/retire/", views.retire, name="retire"),
    path("rituals/<int:ritual_id>/restore/", views.restore, name="restore"),
    path("rituals/<int:ritual_id>/reflect/", views.reflect, name="reflect"),
    path("rituals/<int:ritual_id>/step-out/", views.step_out, name="step_out"),
    path("rituals/calendar/", views.calendar, name="calendar"),
    path("rituals/calendar/new/", views.calendar_issue, name="calendar_issue"),
    path("rituals/calendar/revoke/", views.calendar_revoke, name="calendar_revoke"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("rituals/together/new/", views.propose_joint, name="propose_joint"),
    path("rituals/together/<int:joint_id>/answer/", views.respond_joint, name="respond_joint"),
]
