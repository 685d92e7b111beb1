from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    name = "checkins"

    def ready(self):
        from checkins.tasks import send_checkin_reminders
        from core.scheduler import register_periodic

        register_periodic(send_checkin_reminders)
