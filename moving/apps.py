from django.apps import AppConfig


class MovingConfig(AppConfig):
    """Bringing a person's data in: their own Duet export, or a Daylio CSV."""

    name = "moving"
    verbose_name = "bringing data in"

    def ready(self):
        from core.scheduler import register_periodic
        from moving.tasks import let_go_of_stale_uploads

        # A preview nobody continued keeps its file for a day at most.
        register_periodic(let_go_of_stale_uploads)
