from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "goals"

    def ready(self):
        from core.scheduler import register_periodic
        from goals.nudges import still_due
        from goals.tasks import send_review_nudges
        from notifications.catalogue import about_still_visible
        from notifications.consent import register_check
        from notifications.models import Notification

        register_periodic(send_review_nudges)
        register_check(Notification.Kind.REVIEW_NUDGE, still_due)

        # A copy sent later needs what it is about still there and still shared.
        for kind in [
            Notification.Kind.APPRECIATION,
            Notification.Kind.WIN_SHARED,
            Notification.Kind.REVIEW_SHARED,
            Notification.Kind.JOINT_ACTIVITY_PROPOSED,
            Notification.Kind.JOINT_ACTIVITY_ACCEPTED,
            Notification.Kind.JOINT_ACTIVITY_DECLINED,
            Notification.Kind.JOINT_ACTIVITY_STEPPED_OUT,
        ]:
            register_check(kind, about_still_visible)
