from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    name = "checkins"

    def ready(self):
        from checkins.services import reminder_still_due
        from checkins.tasks import send_checkin_reminders
        from core.scheduler import register_periodic
        from notifications.catalogue import about_still_visible, still_wanted
        from notifications.consent import register_check
        from notifications.models import Notification

        register_periodic(send_checkin_reminders)
        # An evening's reminder held back (quiet hours, retries) is dropped once it's stale.
        register_check(Notification.Kind.CHECKIN_REMINDER, reminder_still_due)
        # A check-in un-shared before a copy went out is not told of.
        register_check(Notification.Kind.CHECKIN_SHARED, about_still_visible)
        register_check(Notification.Kind.CHECKIN_SHARED, still_wanted)
