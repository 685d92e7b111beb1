from couples import privacy, versions
from notifications.models import Notification


def inbox_badge(request):
    """The unread count in the navigation, evaluated only when a page shows it.

    Kept like the pages' own parts (couples/versions.py), apart from the person's own
    check-ins and practice notes, which never change it: reading an item is a change through
    the web, and every new item (`services.notify`, the worker's included) and every item
    reworded as read (`catalogue.reword_told`) bumps every version itself, so the count is
    exact on the next request. Counted afresh on a page that hasn't read the couple (the
    journal, say): the version would cost a query of its own.

    Only a count: the background worker (`manage.py run_worker`) delivers reminders.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:
        def unread() -> int:
            return Notification.objects.owned_by(user).unread().count()

        if not privacy.couple_read(user):
            return unread()
        # A person's own check-ins and practice notes never change their own count.
        return versions.kept(user, "notifications:unread", unread, apart_from_own_notes=True)

    return {"unread_notifications": count}
