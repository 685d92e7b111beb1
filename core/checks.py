"""System checks for encryption at rest."""

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError, connections
from django.db.models import TextField
from django.db.models.functions import Cast

from core import encryption
from core.fields import encrypted_fields


def malformed_keys() -> list[int]:
    """Positions (from 1) of the configured keys that aren't Fernet keys."""
    positions = []
    for position, key in enumerate(settings.ENCRYPTION_KEYS, start=1):
        try:
            Fernet(key)
        except ValueError:
            positions.append(position)
    return positions


@register(Tags.security)
def check_encryption_keys(app_configs, **kwargs):
    return [
        Error(
            f"Encryption key number {position} is not a valid key.",
            hint="Make one with `manage.py encryption new-key`.",
            id="duet.E001",
        )
        for position in malformed_keys()
    ]


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


@register(Tags.database)
def check_stored_text_opens(app_configs, databases=None, **kwargs):
    """Catch lost or replaced keys at migrate time (so `serve` stops), not as broken pages.

    Opens one sealed value per encrypted field. A key file deleted by mistake is the case
    in mind: the embedded default would quietly generate a new one. Malformed keys are
    E001's to report; nothing can be opened with them.
    """
    if malformed_keys():
        return []
    for alias in databases or []:
        tables = set(connections[alias].introspection.table_names())
        for model, field in encrypted_fields():
            if model._meta.db_table not in tables:
                continue
            sealed = (
                model._base_manager.using(alias)
                .annotate(raw=Cast(field.attname, TextField()))
                .filter(raw__startswith=encryption.SEALED)
                .values_list("raw", flat=True)
            )
            try:
                sample = sealed.first()
            except DatabaseError:  # a column a pending migration is about to add
                continue
            if sample and encryption.state(sample) == encryption.State.UNREADABLE:
                return [
                    Error(
                        f"Text in {model._meta.label}.{field.name} can't be opened with the "
                        "configured encryption keys.",
                        hint="Restore the key it was written with (DUET_ENCRYPTION_KEYS or "
                        "data/encryption_keys); `manage.py encryption status` shows the rest.",
                        id="duet.E002",
                    )
                ]
    return []
