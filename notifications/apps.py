from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"

    def ready(self):
        from core.health import register_report
        from core.scheduler import register_periodic
        from notifications import (
            checks,  # noqa: F401  (registers the VAPID checks)
            receivers,  # noqa: F401 (tells the partner of couples events)
        )
        from notifications.delivery import copies_failed_recently, failed_recently
        from notifications.tasks import reconcile_deliveries

        register_periodic(reconcile_deliveries)
        register_report("email", lambda: {"failed_last_day": failed_recently()})
        register_report("channels", lambda: {"failed_last_day": copies_failed_recently()})
