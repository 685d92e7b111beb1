from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "goals"

    def ready(self):
        from notifications.catalogue import about_still_visible
        from notifications.consent import register_check
        from notifications.models import Notification

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
