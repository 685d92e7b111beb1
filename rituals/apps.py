from django.apps import AppConfig


class RitualsConfig(AppConfig):
    name = "rituals"

    def ready(self):
        from rituals import receivers  # noqa: F401
