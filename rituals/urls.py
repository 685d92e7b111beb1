from django.urls import path

from rituals import views

app_name = "rituals"

urlpatterns = [
    path("", views.today, name="today"),
]
