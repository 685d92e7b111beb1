"""System checks for Web Push: a key that can't be read stops the start; none in
production leaves push off, which `check --deploy` says (README, "Notifications")."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from notifications import vapid

MAKE_ONE = "Make one with `manage.py vapid_key` and set DUET_VAPID_PRIVATE_KEY to it."


@register(Tags.security)
def check_vapid_key(app_configs, **kwargs):
    if not vapid.enabled():
        return []
    try:
        vapid.private_key()
    except ValueError:
        return [
            Error(
                "DUET_VAPID_PRIVATE_KEY is not a P-256 private key.",
                hint=MAKE_ONE,
                id="duet.E010",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def check_push_enabled(app_configs, **kwargs):
    if settings.VAPID_PRIVATE_KEY:
        return []
    return [
        Warning(
            "Web Push is off: no VAPID key is configured, so no one can get notifications "
            "on their phone (email and Apprise channels still work).",
            hint=MAKE_ONE + " Keep it like the secret key: browsers subscribed with it.",
            id="duet.W010",
        )
    ]
