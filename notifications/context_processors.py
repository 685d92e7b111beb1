from notifications.models import Notification


def inbox_badge(request):
    """The unread count in the navigation, evaluated only when a page shows it.

    Only a count: the background worker (`manage.py run_worker`) delivers reminders.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:
        return Notification.objects.owned_by(user).unread().count()

    return {"unread_notifications": count}
