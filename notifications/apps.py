from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"

    def ready(self):
        from core.scheduler import register_periodic
        from notifications.tasks import reconcile_deliveries

        register_periodic(reconcile_deliveries)
