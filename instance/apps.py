from django.apps import AppConfig


class InstanceConfig(AppConfig):
    """The top floor: running this instance (`serve`), its demo couple and its benchmark.

    It may import every app; nothing imports it.
    """

    name = "instance"
