from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class DatarightsConfig(AppConfig):
    name = "datarights"
    verbose_name = "data rights"

    def ready(self):
        # Each app says what of a person's data it holds in its own `export.py`.
        autodiscover_modules("export")
