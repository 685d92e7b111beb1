"""Recording security events: one call, no private content."""

from __future__ import annotations

import ipaddress

from django.conf import settings

from audit.models import AuditEvent


def client_ip(request) -> str:
    """The client's address; behind a trusted proxy, the one it appended to X-Forwarded-For."""
    if request is None:
        return ""
    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def ip_prefix(address: str) -> str:
    """Coarse network of an address (IPv4 /24, IPv6 /48): enough to recognise, not to track."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return ""
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def record(kind: str, *, user=None, request=None, detail: str = "") -> AuditEvent:
    """Store one event; `detail` must hold ids or counts only, never what someone wrote."""
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    return AuditEvent.objects.create(
        kind=kind,
        user=user,
        subject_id=user.pk if user is not None else None,
        ip_prefix=ip_prefix(client_ip(request)),
        detail=detail[:100],
    )
