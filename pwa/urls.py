from django.urls import path

from pwa import views

app_name = "pwa"

# At the site root: a service worker controls only the pages under the folder it is served
# from, and the manifest's scope is "/".
urlpatterns = [
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("offline/", views.offline, name="offline"),
]
