"""Model fields whose values are encrypted at rest (see core.encryption).

They behave like the field they extend in Python and in forms (max_length still validates
what people type), but the column is text and holds the sealed value. The database can't
compare or sort ciphertext, so the only lookups offered are `isnull` and equality with
the empty string; sort and search such fields in Python.
"""

from __future__ import annotations

import json

from django.apps import apps
from django.core.exceptions import FieldError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.lookups import Exact, IsNull

from core import encryption


class EmptyOnlyExact(Exact):
    """`field=""` still works (empty values are stored as they are); any other text can't."""

    def get_prep_lookup(self):
        if self.rhs != "":
            raise FieldError(
                f"{self.lhs.field.name} is encrypted at rest; compare it in Python, not in SQL."
            )
        return super().get_prep_lookup()


class EncryptedMixin:
    def get_internal_type(self) -> str:
        return "TextField"

    def get_lookup(self, lookup_name):
        return {"exact": EmptyOnlyExact, "isnull": IsNull}.get(lookup_name)

    def get_transform(self, lookup_name):
        return None

    def from_db_value(self, value, expression, connection):
        return value if value is None else self.from_text(encryption.unseal(value))

    def get_db_prep_value(self, value, connection, prepared=False):
        if not prepared:
            value = self.get_prep_value(value)
        return value if value is None else encryption.seal(self.to_text(value))

    def from_text(self, text: str):
        return text

    def to_text(self, value) -> str:
        return value


class EncryptedCharField(EncryptedMixin, models.CharField):
    """A one-line private text: a title, a short note."""


class EncryptedTextField(EncryptedMixin, models.TextField):
    """A longer private text: an intention, a journal entry, a review."""


class EncryptedJSONField(EncryptedMixin, models.TextField):
    """A small private JSON document (e.g. a ritual's plan before and after a change)."""

    def to_python(self, value):
        return value

    def get_prep_value(self, value):
        return value

    def from_text(self, text: str):
        return json.loads(text) if text else None

    def to_text(self, value) -> str:
        return json.dumps(value, cls=DjangoJSONEncoder)

    def value_to_string(self, obj):
        """As JSONField does: serializers write the document itself, and read it back."""
        return self.value_from_object(obj)


def encrypted_fields(among=None):
    """Every (model, field) whose values are encrypted at rest, of the models `among` (by
    default every installed model; a migration passes its historical ones)."""
    for model in apps.get_models() if among is None else among:
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedMixin):
                yield model, field
