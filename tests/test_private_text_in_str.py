"""`str(obj)` never shows private text: it reaches logs, the admin and form choices."""

from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

from core.fields import EncryptedJSONField, EncryptedMixin

MARKER = "private-marker-7d1f"


def _project_models() -> list[type[models.Model]]:
    return [
        model
        for config in apps.get_app_configs()
        if Path(config.path).parent == settings.BASE_DIR
        for model in config.get_models()
    ]


def _plain_value(field: models.Field):
    """A harmless value for a field that holds nothing private."""
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.DateTimeField):
        return datetime(2026, 11, 18, 21, 30, tzinfo=UTC)
    if isinstance(field, models.DateField):
        return date(2026, 11, 1)
    if isinstance(field, models.TimeField):
        return time(21, 30)
    if isinstance(field, models.DecimalField):
        return Decimal("7.5")
    if isinstance(field, models.IntegerField):
        return 3
    if isinstance(field, models.BooleanField):
        return True
    if isinstance(field, models.JSONField):
        return ["plain"]
    if isinstance(field, models.CharField | models.TextField):
        return "plain"
    return field.get_default()


def _filled(model: type[models.Model], made: dict) -> models.Model:
    """An unsaved `model` whose private fields (and its related rows' ones) hold MARKER."""
    if model in made:
        return made[model]
    obj = made[model] = model()
    obj.pk = 7
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        if field.is_relation:
            setattr(obj, field.name, _filled(field.related_model, made))
        elif isinstance(field, EncryptedJSONField):
            setattr(obj, field.attname, {"plan": MARKER})
        elif isinstance(field, EncryptedMixin):
            setattr(obj, field.attname, MARKER)
        else:
            setattr(obj, field.attname, _plain_value(field))
    return obj


def _private_models() -> list[type[models.Model]]:
    """Models holding private text themselves or through a row they point to."""
    return [
        model
        for model in _project_models()
        if any(isinstance(field, EncryptedMixin) for field in model._meta.concrete_fields)
        or any(field.is_relation for field in model._meta.concrete_fields)
    ]


def test_the_walk_covers_the_models_with_private_text():
    names = {model._meta.label for model in _private_models()}
    assert {"rituals.Ritual", "goals.PersonalObjective", "support.SupportRequest"} <= names
    assert {"notifications.Notification", "wellbeing.Contact", "checkins.CheckIn"} <= names


def test_the_marker_reaches_what_would_leak_it():
    ritual = _filled(apps.get_model("rituals", "Ritual"), {})
    assert ritual.title == ritual.intention == MARKER


@pytest.mark.parametrize("model", _private_models(), ids=lambda model: model._meta.label)
def test_str_never_shows_private_text(model):
    shown = str(_filled(model, {}))
    assert shown
    assert MARKER not in shown
