from django.apps import AppConfig


class CheckinsConfig(AppConfig):
    name = "checkins"

    def ready(self):
        from checkins.sections import partner_latest
        from checkins.services import reminder_still_due
        from checkins.tasks import send_checkin_reminders
        from core.scheduler import register_periodic
        from couples import sections
        from notifications.catalogue import about_still_visible, still_wanted
        from notifications.consent import register_check
        from notifications.models import Notification

        register_periodic(send_checkin_reminders)
        # The partner's latest shared check-in on the Us page, ready to acknowledge.
        sections.register("partner_checkin", "checkins/partner_latest.html", partner_latest)
        # An evening's reminder held back (quiet hours, retries) is dropped once it's stale.
        register_check(Notification.Kind.CHECKIN_REMINDER, reminder_still_due)
        # A check-in un-shared before a copy went out is not told of.
        register_check(Notification.Kind.CHECKIN_SHARED, about_still_visible)
        register_check(Notification.Kind.CHECKIN_SHARED, still_wanted)
        # An answer from someone who is no longer the owner's partner is not told of.
        register_check(Notification.Kind.ACKNOWLEDGEMENT, about_still_visible)
