from django.apps import AppConfig


class PwaConfig(AppConfig):
    """Installable Duet: the web app manifest, the service worker and the offline page."""

    name = "pwa"
    verbose_name = "Installable app"
