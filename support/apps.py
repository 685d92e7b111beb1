from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "support"

    def ready(self):
        from core.scheduler import register_periodic
        from notifications.consent import register_check
        from notifications.models import Notification
        from support import receivers  # noqa: F401
        from support.services import (
            exchange_still_open,
            grant_still_live,
            reminder_consent_holds,
        )
        from support.tasks import deliver_partner_reminders, notice_expired_grants

        register_periodic(deliver_partner_reminders)
        register_periodic(notice_expired_grants)
        register_check(Notification.Kind.PARTNER_REMINDER, reminder_consent_holds)
        # A "welcomes you to…" copy sent later needs the permission still to hold.
        register_check(Notification.Kind.GRANT, grant_still_live)
        register_check(Notification.Kind.GRANT_CHANGED, grant_still_live)
        register_check(Notification.Kind.OFFER, exchange_still_open)
