from django.apps import AppConfig


class RitualsConfig(AppConfig):
    name = "rituals"

    def ready(self):
        from notifications.consent import register_check
        from notifications.models import Notification
        from rituals import receivers  # noqa: F401
        from rituals.services import proposal_still_open

        # A proposal withdrawn before its copy went out is not sent at all.
        register_check(Notification.Kind.JOINT_RITUAL_PROPOSED, proposal_still_open)
