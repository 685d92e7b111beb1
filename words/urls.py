from django.urls import path

from words import views

app_name = "words"

urlpatterns = [
    path("", views.home, name="home"),
    path("<str:kind>/add/", views.add, name="add"),
    path("<str:kind>/<str:key>/rename/", views.rename, name="rename"),
    path("<str:kind>/<str:key>/hide/", views.set_hidden, {"hidden": True}, name="hide"),
    path("<str:kind>/<str:key>/show/", views.set_hidden, {"hidden": False}, name="show"),
    path("<str:kind>/<str:key>/move/", views.move, name="move"),
]
