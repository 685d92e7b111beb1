"""Real endpoints for channel tests: a Web Push service and a JSON webhook on 127.0.0.1.

The push service is what a browser vendor runs (RFC 8030): it takes encrypted pushes for
its subscriptions. Here it also holds the browser's side of each subscription (a real
P-256 key pair and auth secret, RFC 8291), so a test can decrypt what it received and
check the VAPID signature (RFC 8292) the way a push service does.
"""

import base64
import json
import os
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


class _Server:
    """A threaded HTTP server answering `reply` to every POST and keeping what it got."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.reply = 201
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                headers = {name.lower(): value for name, value in self.headers.items()}
                outer.received.append(Received(self.path, headers, self.rfile.read(length)))
                self.send_response(outer.reply)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@dataclass
class Browser:
    """The browser's half of a push subscription: its key pair and auth secret."""

    endpoint: str
    key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    auth: bytes = field(default_factory=lambda: os.urandom(16))

    @property
    def p256dh(self) -> str:
        return b64url(
            self.key.public_key().public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
        )

    def subscription(self) -> dict[str, str]:
        """What the page posts to the devices URL, as PushSubscription.toJSON() gives it."""
        return {"endpoint": self.endpoint, "p256dh": self.p256dh, "auth": b64url(self.auth)}

    def decrypt(self, body: bytes) -> dict:
        return json.loads(
            http_ece.decrypt(body, private_key=self.key, auth_secret=self.auth, version="aes128gcm")
        )


class PushService(_Server):
    def browser(self) -> Browser:
        return Browser(f"http://127.0.0.1:{self.port}/push/{os.urandom(6).hex()}")

    def verify_vapid(self, received: Received, public_key: str) -> dict:
        """Check the VAPID Authorization header as a push service does; its JWT claims."""
        scheme, _, params = received.headers["authorization"].partition(" ")
        assert scheme == "vapid"
        values = dict(part.strip().split("=", 1) for part in params.split(","))
        assert values["k"] == public_key, "signed with the key the browser subscribed with"
        header, claims, signature = values["t"].split(".")
        raw = unb64url(signature)
        der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
        key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(public_key))
        try:
            key.verify(der, f"{header}.{claims}".encode(), ec.ECDSA(hashes.SHA256()))
        except InvalidSignature:
            raise AssertionError("the VAPID signature doesn't verify") from None
        assert json.loads(unb64url(header)) == {"typ": "JWT", "alg": "ES256"}
        return json.loads(unb64url(claims))


class Webhook(_Server):
    """Where an Apprise json:// URL posts: {"title": ..., "message": ...}."""

    def url(self, host: str = "127.0.0.1") -> str:
        return f"json://{host}:{self.port}/hook"

    def messages(self) -> list[dict]:
        return [json.loads(received.body) for received in self.received]
