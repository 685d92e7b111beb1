"""Support following consent changes made elsewhere: the reminders queued under that
consent end in the same transaction as the change, so none is delivered after it."""

from django.dispatch import receiver

from couples.signals import couple_ended
from rituals.signals import ritual_made_private
from support import services


@receiver(couple_ended, dispatch_uid="support_cancel_couples_reminders")
def cancel_couples_reminders(sender, couple, now, **kwargs) -> None:
    services.cancel_pending_reminders(
        "the couple ended", between=couple.memberships.values("user_id")
    )


@receiver(ritual_made_private, dispatch_uid="support_cancel_private_rituals_reminders")
def cancel_private_rituals_reminders(sender, ritual, **kwargs) -> None:
    services.cancel_pending_reminders("ritual no longer shared", ritual=ritual)
