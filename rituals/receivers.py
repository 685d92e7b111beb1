"""Rituals following what happens to the couple they were shared in."""

from django.dispatch import receiver

from couples.signals import couple_ended
from rituals import services


@receiver(couple_ended, dispatch_uid="rituals_end_joint_rituals")
def end_joint_rituals(sender, couple, now, **kwargs) -> None:
    services.end_joint_rituals(couple)
