"""The server's VAPID key (RFC 8292): browsers subscribe with its public half, and every
push we send is signed with the private half, so push services know it comes from us.

settings.VAPID_PRIVATE_KEY holds it as 32 bytes in URL-safe base64 (what `web-push
generate-vapid-keys` and `manage.py vapid_key` print) or as a PEM block. Empty: push is off.
"""

import base64
from functools import cache

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from py_vapid import Vapid02


def enabled() -> bool:
    return bool(settings.VAPID_PRIVATE_KEY)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def private_key() -> ec.EllipticCurvePrivateKey:
    return _load(settings.VAPID_PRIVATE_KEY)


@cache
def _load(text: str) -> ec.EllipticCurvePrivateKey:
    """The key from its text; ValueError if it is no P-256 private key."""
    if text.lstrip().startswith("-----BEGIN"):
        key = serialization.load_pem_private_key(text.encode(), password=None)
    else:
        raw = b64url_decode(text.strip())
        if len(raw) != 32:
            raise ValueError("a VAPID private key is 32 bytes")
        key = ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())
    if not isinstance(key, ec.EllipticCurvePrivateKey) or key.curve.name != "secp256r1":
        raise ValueError("a VAPID key is a P-256 key")
    return key


def public_key(private: str | None = None) -> str:
    """The applicationServerKey browsers subscribe with: the uncompressed point, base64url."""
    key = _load(private) if private else private_key()
    point = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return b64url(point)


def signer() -> Vapid02:
    """RFC 8292 signing ("vapid t=…, k=…"), not the older draft's WebPush header."""
    return Vapid02(private_key=private_key())
