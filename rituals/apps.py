from django.apps import AppConfig


class RitualsConfig(AppConfig):
    name = "rituals"

    def ready(self):
        from core.scheduler import register_periodic
        from couples import sections
        from notifications.consent import register_check
        from notifications.models import Notification
        from rituals import receivers  # noqa: F401
        from rituals.queries import shared_rituals
        from rituals.reminders import still_due
        from rituals.services import proposal_still_open
        from rituals.tasks import send_ritual_reminders

        register_periodic(send_ritual_reminders)
        # The partner's shared rituals on the Us page, at each one's level of sharing.
        sections.register("partner_rituals", "rituals/partner_rituals.html", shared_rituals)
        register_check(Notification.Kind.RITUAL_REMINDER, still_due)

        # A proposal withdrawn before its copy went out is not sent at all.
        register_check(Notification.Kind.JOINT_RITUAL_PROPOSED, proposal_still_open)
