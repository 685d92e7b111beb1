"""System checks for encryption at rest."""

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security)
def check_encryption_keys(app_configs, **kwargs):
    errors = []
    for position, key in enumerate(settings.ENCRYPTION_KEYS, start=1):
        try:
            Fernet(key)
        except ValueError:
            errors.append(
                Error(
                    f"Encryption key number {position} is not a valid key.",
                    hint="Make one with `manage.py encryption new-key`.",
                    id="duet.E001",
                )
            )
    return errors


@register(Tags.security, deploy=True)
def check_encryption_enabled(app_configs, **kwargs):
    if settings.ENCRYPTION_KEYS:
        return []
    return [
        Warning(
            "Private free text is stored unencrypted: no encryption key is configured.",
            hint="Set DUET_ENCRYPTION_KEYS to a key from `manage.py encryption new-key`, "
            "then run `manage.py encryption rotate`.",
            id="duet.W001",
        )
    ]
