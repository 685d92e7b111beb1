"""A real SMTP server on 127.0.0.1 for tests: started, stopped and started again."""

import asyncio
import socket
import threading
from email import message_from_bytes
from email.message import Message

from aiosmtpd.controller import Controller


class MailServer:
    """Keeps what it accepted; can refuse every message, or hold some without answering."""

    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.received: list[Message] = []
        self.reply: str | None = None  # e.g. "550 5.1.1 No such mailbox"
        self.hold = 0  # this many messages are taken in and never answered
        self.holding = threading.Event()
        self._controller: Controller | None = None

    def mailers(self) -> dict:
        """A MAILERS setting that sends here, as a host's SMTP settings would."""
        options = {"host": "127.0.0.1", "port": self.port, "use_tls": False, "timeout": 5}
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": options,
            }
        }

    def start(self) -> None:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller:
            self._controller.stop()
            self._controller = None

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.reply:
            return self.reply
        if self.hold:
            self.hold -= 1
            self.holding.set()
            await asyncio.sleep(3600)  # the sender waits for an answer that never comes
        self.received.append(message_from_bytes(envelope.content))
        return "250 OK"
