"""What the server may reach when it sends on a person's behalf (Web Push, Apprise).

People type push endpoints (through their browser) and Apprise URLs, so without a rule
anyone could make the server talk to its own network: a database port, a router, a cloud
metadata service. The rule: by default only public addresses; the host may allow names
(CHANNEL_ALLOWED_HOSTS) and networks (CHANNEL_ALLOWED_NETWORKS), e.g. a home ntfy server.

It is checked on every send, after name resolution, and the connection uses the address
that was checked: inside `guarded()`, every name lookup this thread makes (the channel's
host, a redirect's, a proxy's) goes through `vetted_getaddrinfo`, which resolves once,
refuses the lookup if any address is not allowed, and hands exactly those addresses to the
connection. So a name that answers a public address to the check and a private one to the
connection (DNS rebinding) has no second answer to give. What remains: a library that
resolves names in another thread, or without getaddrinfo, is not covered (the push and
Apprise plugins Duet uses resolve in the sending thread, through requests).
"""

import ipaddress
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings

# Not public, though Python's is_global does not say so for all of them.
METADATA = [ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")]
CGNAT = ipaddress.ip_network("100.64.0.0/10")
SITE_LOCAL = ipaddress.ip_network("fec0::/10")  # deprecated, but still not public

_real_getaddrinfo = socket.getaddrinfo
_local = threading.local()


class Refused(Exception):
    """The host's rule doesn't let the server reach this address (not worth retrying)."""

    def __init__(self, host: str) -> None:
        super().__init__(f"{host} is not a public address")
        self.host = host


def address_allowed(address: str) -> bool:
    """May the server connect to this IP address?"""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 zone (fe80::1%eth0)
    if any(ip in network for network in _allowed_networks()):
        return True
    if isinstance(ip, ipaddress.IPv6Address):
        # An IPv4 address carried inside IPv6 (mapped, 6to4, Teredo) is judged as itself.
        inner = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if inner is not None:
            return address_allowed(str(inner))
        if ip in SITE_LOCAL:
            return False
    if ip in METADATA or (ip.version == 4 and ip in CGNAT):
        return False
    return ip.is_global and not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def host_allowed_by_name(host: str) -> bool:
    return host.lower().rstrip(".") in {
        name.lower().rstrip(".") for name in settings.CHANNEL_ALLOWED_HOSTS
    }


def resolve(host: str, port: int | None, *args, **kwargs) -> list:
    """getaddrinfo for `host`, refused with Refused unless every address is allowed."""
    answers = _real_getaddrinfo(host, port, *args, **kwargs)
    if host_allowed_by_name(str(host)):
        return answers
    for *_ignored, sockaddr in answers:
        if not address_allowed(sockaddr[0]):
            _local.refused = str(host)
            raise Refused(str(host))
    return answers


def vetted_getaddrinfo(host, port, *args, **kwargs):
    """socket.getaddrinfo, checked by the rule inside `guarded()` (this thread only)."""
    if getattr(_local, "depth", 0):
        return resolve(host, port, *args, **kwargs)
    return _real_getaddrinfo(host, port, *args, **kwargs)


@contextmanager
def guarded() -> Iterator[None]:
    """Every connection this thread opens inside is held to the rule; a library that
    swallows Refused (Apprise does) is caught by `refused_host()` afterwards."""
    if socket.getaddrinfo is not vetted_getaddrinfo:
        socket.getaddrinfo = vetted_getaddrinfo
    _local.depth = getattr(_local, "depth", 0) + 1
    _local.refused = None
    try:
        yield
    finally:
        _local.depth -= 1


def refused_host() -> str | None:
    """The name the last `guarded()` block refused to reach, if any."""
    return getattr(_local, "refused", None)


def _allowed_networks() -> list:
    return [ipaddress.ip_network(cidr, strict=False) for cidr in settings.CHANNEL_ALLOWED_NETWORKS]
