"""Keep link secrets out of every log line.

Invitation links (a partner's, and the host's sign-up ones), password-reset links, sign-up
confirmation and one-time login links and calendar-feed addresses carry a secret in their
path; anyone who read it in a log could join a couple, take an account or read a person's
rituals. Secret-looking query values
(`token=`, `key=`, ...) are hidden too. The access log (config/gunicorn.py), the error log
(this filter on every handler and on gunicorn's error logger) and the console email backend
(core/mail.py) all pass through `redact`.
"""

import logging
import re

SECRET_IN_PATH = re.compile(
    r"(/us/join/|/accounts/password/reset/|/accounts/signup/confirm/|/accounts/signup/invite/"
    r"|/accounts/login/link/"
    r"|(?<!/rituals)/calendar/)[^\s\"'&?#<>]+"
)
SECRET_IN_QUERY = re.compile(
    r"([?&](?:token|key|secret|code|password|uidb64|invite)=)[^\s\"'&#<>]+", re.I
)


def redact(text: str) -> str:
    text = SECRET_IN_PATH.sub(r"\1[redacted]", text)
    return SECRET_IN_QUERY.sub(r"\1[redacted]", text)


class RedactSecretsFilter(logging.Filter):
    """Redacts the message and any traceback text of each record it sees."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            # Formatted here once, so the handler prints the redacted text (it reuses exc_text).
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True
