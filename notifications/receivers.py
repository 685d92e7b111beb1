"""Events of the apps below notifications (couples), told to the partner without those
apps importing notifications."""

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_noop

from couples.signals import vision_saved
from notifications.catalogue import tell_partner
from notifications.models import Notification


@receiver(vision_saved, dispatch_uid="notifications_tell_vision_saved")
def tell_partner_of_vision(sender, version, **kwargs) -> None:
    """The partner hears that the shared vision has a new version (its words stay on its page)."""
    author = version.author
    tell_partner(
        author,
        Notification.Kind.VISION_EDITED,
        # Translators: {actor} is the partner's name; keep the braces as they are.
        gettext_noop(
            "{actor} wrote a new version of your shared vision of being well. "
            "Would you like to read it together?"
        ),
        reverse("couples:vision"),
        about=version,
    )
