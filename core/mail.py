"""The console email backend of the embedded default, without the private part of emails.

Emails carry password-reset and sign-up links and notification text; printed in full they
would end up in the server's log for anyone who reads it. By default only who an email is
for and its subject are printed. DUET_EMAIL_DEBUG_BODIES=true (development only) prints
whole emails, as Django's own console backend does.
"""

from django.conf import settings
from django.core.mail.backends.console import EmailBackend as DjangoConsoleBackend

from config.redact import redact


class ConsoleEmailBackend(DjangoConsoleBackend):
    def write_message(self, message):
        if settings.EMAIL_DEBUG_BODIES:
            return super().write_message(message)
        recipients = ", ".join(message.recipients())
        self.stream.write(f"Email to {recipients}: {redact(message.subject)}\n")
        self.stream.write(
            "(Body not printed; DUET_EMAIL_DEBUG_BODIES=true prints it while developing.)\n"
        )
