"""The step that goes with each `*_encrypt_private_text` migration, both ways."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, migrations
from django.db.migrations.loader import MigrationLoader

from core import encryption
from core.fields import EncryptedMixin
from core.migration_ops import SealedTextGuard
from tests.factories import JournalEntryFactory
from wellbeing.models import JournalEntry

BEFORE, ENCRYPTED = "0002_default_resources", "0003_encrypt_private_text"
LOOKS_SEALED = f"{encryption.SEALED}what I typed, word for word"

pytestmark = pytest.mark.django_db(transaction=True)


def column(entry_id: int, name: str) -> str:
    """The stored value, read in SQL so it works whatever the column's type."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {name} FROM wellbeing_journalentry WHERE id = %s", [entry_id])
        return cursor.fetchone()[0]


@pytest.fixture
def migrate_wellbeing():
    def to(target):
        call_command("migrate", "wellbeing", target, verbosity=0)

    yield to
    to(ENCRYPTED)  # as the other tests expect it


def test_migrating_back_refuses_while_text_is_encrypted(settings, migrate_wellbeing):
    settings.ENCRYPTION_KEYS = [encryption.new_key()]
    entry = JournalEntryFactory(title="", body="A long walk after the call.")

    with pytest.raises(CommandError, match=r"JournalEntry.body still holds encrypted text"):
        migrate_wellbeing(BEFORE)

    assert JournalEntry.objects.get(pk=entry.pk).body == "A long walk after the call."


def test_text_that_looks_sealed_survives_decrypt_migrate_back_and_forth(
    settings, migrate_wellbeing
):
    settings.ENCRYPTION_KEYS = [encryption.new_key()]
    entry = JournalEntryFactory(title="", body=LOOKS_SEALED)

    call_command("encryption", "decrypt", verbosity=0)
    assert column(entry.pk, "body") == encryption.ESCAPED + LOOKS_SEALED
    migrate_wellbeing(BEFORE)
    assert column(entry.pk, "body") == LOOKS_SEALED  # the old column holds the words as typed

    migrate_wellbeing(ENCRYPTED)

    assert column(entry.pk, "body").startswith(encryption.SEALED)
    assert JournalEntry.objects.get(pk=entry.pk).body == LOOKS_SEALED


@pytest.mark.parametrize("with_key", [True, False])
def test_old_text_that_looks_sealed_reads_as_itself_once_migrated(
    settings, migrate_wellbeing, with_key
):
    settings.ENCRYPTION_KEYS = [encryption.new_key()] if with_key else []
    entry = JournalEntryFactory(title="", body="")
    migrate_wellbeing(BEFORE)
    with connection.cursor() as cursor:  # written before Duet encrypted anything
        cursor.execute(
            "UPDATE wellbeing_journalentry SET body = %s WHERE id = %s", [LOOKS_SEALED, entry.pk]
        )

    migrate_wellbeing(ENCRYPTED)

    stored = column(entry.pk, "body")
    assert stored.startswith(encryption.SEALED if with_key else encryption.ESCAPED)
    assert JournalEntry.objects.get(pk=entry.pk).body == LOOKS_SEALED


@pytest.mark.django_db
def test_every_migration_that_encrypts_a_column_carries_the_guard():
    loader = MigrationLoader(connection)
    for (app_label, name), migration in loader.disk_migrations.items():
        encrypts = any(
            isinstance(operation, migrations.AlterField)
            and isinstance(operation.field, EncryptedMixin)
            for operation in migration.operations
        )
        guarded = [op for op in migration.operations if isinstance(op, SealedTextGuard)]
        if encrypts:
            assert guarded and migration.operations[-1] is guarded[0], (app_label, name)
            assert guarded[0].app_label == app_label
