"""What every Duet form does with what people type, in one place.

`CarefulForm` is mixed into every form (tests/core/test_forms.py checks that):
- text fields lose control characters (ANSI escapes, NUL, bells) before anything reads
  them, so a display name can't carry a terminal escape into an email or a log; line
  breaks and tabs stay in multi-line fields, where people type them;
- date and date-time fields accept only days between 2000 and 2100 (core.dates), with a
  clear message, so no later code overflows at the edge of the calendar;
- every text field has a length limit checked on the server (Django's login form sets
  one on its username without checking it, and passwords have none), so a 100,000
  character value gets a clear message instead of reaching the database.
Passwords are left exactly as typed, apart from the length limit.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_noop

from core import dates

# Django's own blank choice for a select; Django 6.1's German and Spanish catalogues don't hold
# it yet, so Duet's catalogue does (core/locale/).
# Translators: the first, empty choice of a drop-down list.
gettext_noop("- Select an option -")

# Unicode "Cc" characters: C0 controls, DEL and C1 controls.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
CONTROL_BUT_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


# For text fields that name no limit of their own: passwords, hidden helper fields.
DEFAULT_MAX_LENGTH = 1000


def strip_controls(text: str, multiline: bool = False) -> str:
    """The text without control characters; multi-line text keeps its line breaks and tabs."""
    return (CONTROL_BUT_LINES if multiline else CONTROL).sub("", text)


def validate_in_range(value) -> None:
    if value is not None and not dates.in_range(value):
        raise ValidationError(
            dates.OUT_OF_RANGE, code="out_of_range", params=dates.OUT_OF_RANGE_PARAMS
        )


def _is_text(field: forms.Field) -> bool:
    return isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput)


def _is_dated(field: forms.Field) -> bool:
    return isinstance(field, forms.DateField | forms.DateTimeField)


class CarefulForm:
    """Mix into a Form or ModelForm, before the Django base class."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._bound_fields()

    def full_clean(self):
        # Fields a subclass added or changed after __init__ get their bounds here too.
        self._bound_fields()
        if self.is_bound:
            self.data = self._without_controls(self.data)
        super().full_clean()

    def _bound_fields(self) -> None:
        for field in self.fields.values():
            if _is_dated(field):
                _bound_dates(field)
            elif isinstance(field, forms.CharField) and not isinstance(field, forms.UUIDField):
                # A UUID field reads its text into a UUID first: nothing long gets through.
                _bound_length(field)

    def _without_controls(self, data):
        names = {
            self.add_prefix(name): isinstance(field.widget, forms.Textarea)
            for name, field in self.fields.items()
            if _is_text(field)
        }
        if not any(name in data for name in names):
            return data
        cleaned = data.copy()
        for name, multiline in names.items():
            if name in cleaned and hasattr(cleaned, "setlist"):
                values = cleaned.getlist(name)
                cleaned.setlist(name, [_strip(value, multiline) for value in values])
            elif name in cleaned:
                cleaned[name] = _strip(cleaned[name], multiline)
        return cleaned


def _strip(value, multiline: bool):
    return strip_controls(value, multiline) if isinstance(value, str) else value


def _bound_dates(field: forms.Field) -> None:
    if validate_in_range in field.validators:
        return
    field.validators.append(validate_in_range)
    is_datetime = isinstance(field, forms.DateTimeField)
    first = dates.FIRST_DAY.isoformat() + ("T00:00" if is_datetime else "")
    last = dates.LAST_DAY.isoformat() + ("T23:59" if is_datetime else "")
    field.widget.attrs.setdefault("min", first)
    field.widget.attrs.setdefault("max", last)


def _bound_length(field: forms.CharField) -> None:
    if field.max_length is None:
        field.max_length = DEFAULT_MAX_LENGTH
    if not any(isinstance(validator, MaxLengthValidator) for validator in field.validators):
        field.validators.append(MaxLengthValidator(field.max_length))
    if not field.widget.is_hidden:
        field.widget.attrs.setdefault("maxlength", str(field.max_length))
