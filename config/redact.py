"""Keep link secrets (invitation and password-reset tokens) out of every log line."""

import logging
import re

SECRET_IN_PATH = re.compile(r"(/us/join/|/accounts/password/reset/)[^\s\"&]+")


def redact(text: str) -> str:
    return SECRET_IN_PATH.sub(r"\1[redacted]", text)


class RedactSecretsFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True
