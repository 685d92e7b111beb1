from django.apps import AppConfig


class RitualsConfig(AppConfig):
    name = "rituals"
