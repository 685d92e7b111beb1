from django.apps import AppConfig


class WellbeingConfig(AppConfig):
    name = "wellbeing"
    verbose_name = "Wellbeing beyond the couple"

    def ready(self):
        from wellbeing import offline  # noqa: F401 (keeps the outage copy of resources fresh)
