import logging

from config.redact import RedactSecretsFilter, redact


def test_invitation_and_reset_tokens_are_redacted():
    line = 'GET /us/join/abc-DEF_123/ and /accounts/login/?next=/us/join/xyz/ "ref"'

    assert redact(line) == (
        'GET /us/join/[redacted] and /accounts/login/?next=/us/join/[redacted] "ref"'
    )
    assert redact("/accounts/password/reset/MQ/set-password/") == (
        "/accounts/password/reset/[redacted]"
    )
    assert redact("/accounts/password/reset/") == "/accounts/password/reset/"


def test_the_logging_filter_redacts_django_request_warnings():
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Conflict: %s", ("/us/join/tok/",), None
    )

    RedactSecretsFilter().filter(record)

    assert record.getMessage() == "Conflict: /us/join/[redacted]"
