"""Sending one copy out: a Web Push to a browser, a message to an Apprise URL.

Both go through the host's outbound rule (notifications/outbound.py) on every send, and
both say how a failure should be treated (SendFailed.transient); delivery.py decides what
to do with that, the same way as for email. Test sends from the Devices and Channels pages
use the same functions.
"""

import json
from urllib.parse import urlsplit

import apprise
from django.conf import settings
from django.utils.translation import gettext
from pywebpush import WebPushException, webpush

from notifications import outbound, vapid

# A push is kept this long by the push service for a browser that is offline.
PUSH_TTL_SECONDS = 12 * 60 * 60
SHORT = 140
# The Apprise services a person may use: each talks HTTP(S) from the sending thread, so the
# outbound rule sees every address it connects to. Others are refused: some act on the
# server itself (its desktop, its logs), some send raw UDP past the rule (rsyslog://), some
# read files on the server (vapid://…?keyfile=), and mail has its own channel.
ALLOWED_SCHEMES = {
    "ntfy", "ntfys", "gotify", "gotifys", "matrix", "matrixs", "tgram", "pover", "pbul",
    "json", "jsons", "form", "forms", "xml", "xmls", "discord", "slack", "msteams",
    "rocket", "rockets", "mmost", "mmosts", "zulip", "signal", "signals", "apprise",
    "apprises", "bark", "barks",
}  # fmt: skip


class SendFailed(Exception):
    """A copy didn't get through; `reason` is safe to show and store (no URL, no token)."""

    def __init__(self, reason: str, *, transient: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.transient = transient


class Gone(Exception):
    """The push service says this subscription no longer exists (404 or 410)."""


def short(text: str, limit: int = SHORT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def push_payload(notification) -> dict:
    """What a push carries (CONTRACTS.md item 3): the kind, a short text and where to go,
    in the active language (delivery composes it in the recipient's)."""
    return {
        "title": str(notification.get_kind_display()),
        # Worded now, for the recipient: what was un-shared meanwhile stays out.
        "body": short(notification.message),
        "url": notification.url or "/inbox/",
        "tag": f"duet-{notification.pk}",
    }


def apprise_text(notification) -> tuple[str, str]:
    """The title and body a channel gets: the same short text, and a link (in the active
    language, the recipient's)."""
    link = f"{settings.SITE_URL}{notification.url or '/inbox/'}"
    title = gettext("Duet: %(kind)s") % {"kind": notification.get_kind_display()}
    return title, f"{short(notification.message)}\n{link}"


def endpoint_problem(endpoint: str) -> str:
    """Why the server won't push to this endpoint, or "" if it may (before resolution)."""
    try:
        parts = urlsplit(endpoint)
        host = parts.hostname or ""
        parts.port  # noqa: B018  (raises ValueError for a port that isn't one)
    except ValueError:
        return gettext("That push address isn't a valid URL.")
    if not host:
        return gettext("That push address isn't a valid URL.")
    if parts.scheme == "https":
        return ""
    if parts.scheme == "http" and outbound.host_allowed_by_name(host):
        return ""  # a push service the host allowed by name (its own, or a test's)
    return gettext("A push address must start with https://.")


def push(subscription, payload: dict) -> None:
    """Send one encrypted push (RFC 8291), signed with our VAPID key (RFC 8292)."""
    if not vapid.enabled():
        raise SendFailed("push is not set up on this server", transient=False)
    problem = endpoint_problem(subscription.endpoint)
    if problem:
        raise SendFailed("not an https address", transient=False)
    try:
        with outbound.guarded():
            webpush(
                subscription.info(),
                data=json.dumps(payload),
                vapid_private_key=vapid.signer(),
                vapid_claims={"sub": settings.VAPID_SUBJECT},
                timeout=settings.CHANNEL_TIMEOUT_SECONDS,
                ttl=PUSH_TTL_SECONDS,
            )
    except outbound.Refused:
        raise SendFailed("not a public address", transient=False) from None
    except WebPushException as error:
        status = getattr(error.response, "status_code", None)
        if status in (404, 410):
            raise Gone from None
        if status is None:
            raise SendFailed("push failed", transient=True) from None
        # Too many requests, the service's own trouble: later. Anything else: our request.
        raise SendFailed(
            f"push service {status}", transient=status in (408, 429) or status >= 500
        ) from None


def apprise_problem(url: str) -> str:
    """Why this isn't an Apprise URL Duet can send to, or "" if it is."""
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if not scheme:
        return gettext(
            "That isn't an Apprise URL: it starts with the service, like ntfy:// or gotify://."
        )
    if scheme not in ALLOWED_SCHEMES:
        return gettext(
            "Duet can't send to that kind of address. It can use ntfy, Gotify, Matrix, "
            "Telegram, Pushover, Discord, Slack and other web services, or a webhook "
            "(json://)."
        )
    if _plugin(url) is None:
        return gettext(
            "I couldn't read that as an Apprise URL. Would it help to check it against the "
            "service's page in the Apprise wiki?"
        )
    return ""


def apprise_send(channel, title: str, body: str) -> None:
    """Send one message to a person's Apprise URL, held to the outbound rule."""
    # Checked again on every send: a channel saved before a service was refused stays out.
    plugin = None if apprise_problem(channel.url) else _plugin(channel.url)
    if plugin is None:
        raise SendFailed("not a valid channel URL", transient=False)
    try:
        with outbound.guarded():
            sent = plugin.notify(title=title, body=body)
            refused = outbound.refused_host()
    except outbound.Refused:
        refused, sent = True, False
    if refused:
        raise SendFailed("not a public address", transient=False)
    if not sent:
        # Apprise says no more than that: down, refused, or a wrong token. Retried.
        raise SendFailed("the channel didn't accept it", transient=True)


def _plugin(url: str):
    asset = apprise.AppriseAsset(async_mode=False)
    try:
        return apprise.Apprise.instantiate(url, asset=asset)
    except Exception:  # a plugin that trips over what it was given: not a URL we can use
        return None
