"""The migration step that goes with turning existing text columns into encrypted ones.

Put `SealedTextGuard("app_label")` last in a migration whose AlterFields make existing
columns encrypted (core.fields). Going forward it escapes old plain text that happens to
start with a marker of core.encryption, so it still reads as itself rather than as a value
no key opens. Going back it refuses while anything is sealed (the old column would keep
ciphertext nobody could read, and PostgreSQL would cut it to the old max_length), and
unescapes what it escaped.
"""

from django.core.management import CommandError
from django.db import migrations
from django.db.models import Q, TextField, Value
from django.db.models.functions import Cast

from core import encryption
from core.fields import encrypted_fields


def _stored(model, field):
    return model._base_manager.annotate(raw=Cast(field.attname, TextField()))


def _encrypted_fields(apps, app_label):
    return encrypted_fields(apps.get_app_config(app_label).get_models())


class SealedTextGuard(migrations.RunPython):
    def __init__(self, app_label: str):
        self.app_label = app_label
        super().__init__(self.escape_marked_text, self.refuse_sealed_text)

    def deconstruct(self):
        return self.__class__.__qualname__, [self.app_label], {}

    def describe(self):
        return f"Escape plain text in {self.app_label} that looks sealed"

    def escape_marked_text(self, apps, schema_editor):
        marked = Q(raw__startswith=encryption.SEALED) | Q(raw__startswith=encryption.ESCAPED)
        for model, field in _encrypted_fields(apps, self.app_label):
            for pk, raw in list(_stored(model, field).filter(marked).values_list("pk", "raw")):
                # Through the field: sealed under the newest key, or escaped without one.
                model._base_manager.filter(pk=pk).update(**{field.attname: raw})

    def refuse_sealed_text(self, apps, schema_editor):
        for model, field in _encrypted_fields(apps, self.app_label):
            if _stored(model, field).filter(raw__startswith=encryption.SEALED).exists():
                raise CommandError(
                    f"{model._meta.label}.{field.name} still holds encrypted text. Stop Duet "
                    "and run `manage.py encryption decrypt` before migrating back."
                )
            escaped = _stored(model, field).filter(raw__startswith=encryption.ESCAPED)
            for pk, raw in list(escaped.values_list("pk", "raw")):
                plain = Value(raw.removeprefix(encryption.ESCAPED), output_field=TextField())
                model._base_manager.filter(pk=pk).update(**{field.attname: plain})
