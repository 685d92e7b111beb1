from django.urls import path

from couples import views

app_name = "couples"

urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.create, name="create"),
    path("invite/", views.invite, name="invite"),
    path("invite/<int:invitation_id>/revoke/", views.revoke_invite, name="revoke_invite"),
    path("join/<str:token>/", views.join, name="join"),
    path("leave/", views.leave, name="leave"),
    path("vision/", views.vision, name="vision"),
    path("vision/history/", views.vision_history, name="vision_history"),
]
