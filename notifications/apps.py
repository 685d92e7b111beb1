from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"

    def ready(self):
        from core.health import register_report
        from core.scheduler import register_periodic
        from notifications import receivers  # noqa: F401 (tells the partner of couples events)
        from notifications.delivery import failed_recently
        from notifications.tasks import reconcile_deliveries

        register_periodic(reconcile_deliveries)
        register_report("email", lambda: {"failed_last_day": failed_recently()})
