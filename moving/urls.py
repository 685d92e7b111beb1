from django.urls import path

from moving import views

app_name = "moving"

urlpatterns = [
    path("", views.home, name="home"),
    path("duet/", views.duet_upload, name="duet_upload"),
    path("daylio/", views.daylio_upload, name="daylio_upload"),
    path("<int:run_id>/", views.run, name="run"),
    path("<int:run_id>/choices/", views.daylio_map, name="daylio_map"),
    path("<int:run_id>/discard/", views.discard, name="discard"),
]
