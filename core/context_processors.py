from notifications.models import Notification
from support.services import deliver_due_reminders


def inbox_badge(request):
    """The unread count in the navigation, evaluated only when a page shows it.

    Until a background worker delivers reminders, the person's own due reminders are
    delivered here, just before counting, so they arrive on the next page they open.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:
        deliver_due_reminders(owner=user)
        return Notification.objects.for_recipient(user).unread().count()

    return {"unread_notifications": count}
