"""Putting things in a person's inbox."""

from notifications.models import Notification


def notify(recipient, kind: str, text: str, url: str = "") -> Notification:
    """Add a notification to the recipient's in-app inbox."""
    return Notification.objects.create(recipient=recipient, kind=kind, text=text, url=url)
