from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "goals"

    def ready(self):
        from core.scheduler import register_periodic
        from goals.nudges import still_due
        from goals.tasks import send_review_nudges
        from notifications.consent import register_check
        from notifications.models import Notification

        register_periodic(send_review_nudges)
        register_check(Notification.Kind.REVIEW_NUDGE, still_due)
