"""The security events a person sees are named in their language."""

import pytest
from django.utils import translation

from audit.models import AuditEvent


@pytest.mark.parametrize(
    ("language", "label"),
    [
        ("en", "two-step login turned on"),
        ("de", "Anmeldung in zwei Schritten eingeschaltet"),
        ("es", "inicio de sesión en dos pasos activado"),
    ],
)
def test_event_kinds_are_named_in_the_active_language(language, label):
    event = AuditEvent(kind=AuditEvent.Kind.TWO_FACTOR_ON)
    with translation.override(language):
        assert event.get_kind_display() == label


def test_every_event_kind_has_a_german_and_a_spanish_name():
    for kind in AuditEvent.Kind:
        english = _english(kind)
        for language in ("de", "es"):
            with translation.override(language):
                assert str(kind.label) != english, (kind, language)


def _english(kind) -> str:
    with translation.override("en"):
        return str(kind.label)
