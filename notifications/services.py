"""Putting things in a person's inbox, and copying them to the channels they chose."""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from datetime import datetime, time, timedelta

from django.db import IntegrityError, models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.localtime import wall_clock_instant
from accounts.models import SessionRecord
from couples import versions
from notifications import channels, wording
from notifications.delivery import DEFAULT_CHOICE, choice_for
from notifications.models import (
    Channel,
    Delivery,
    EmailStatus,
    KindChoice,
    Notification,
    PushSubscription,
    QuietHours,
)
from notifications.tasks import deliver_copy, email_notification

logger = logging.getLogger(__name__)


class ChannelError(Exception):
    """Something a person asked of their devices or channels that can't be done; the
    message is meant for them."""


def notify(
    recipient,
    kind: str,
    text: str,
    url: str = "",
    *,
    actor=None,
    ritual=None,
    words: str = "",
    params: dict | None = None,
) -> Notification:
    """Add a notification to the recipient's inbox, and queue a copy for each channel
    they chose for this kind (email, each push subscription, each Apprise channel).

    `text` is the wording; anything that can change or be un-shared goes in a slot
    ({actor}, {ritual}, {quoted_ritual}, {words}) that `Notification.message` fills in.
    The wording is an English msgid (gettext_noop or gettext_lazy; any other slot filled from
    `params`), worded in the recipient's own language when read (notifications/wording.py).
    During the recipient's quiet hours the copies wait until they end, unless the kind is
    one they marked urgent; the inbox item is there at once. The tasks are rows in the same
    transaction as the notification, so the worker sees them only once it exists. Once it
    is committed, the recipient's couple version moves (couples/versions.py): what their
    pages keep, the inbox badge among it, is drawn afresh, even when the worker sent it.
    After the commit, not in it: the delivery of a reminder holds the rows its consent
    check read, and taking the couple's row too would be one more lock to order.
    """
    choice = choice_for(recipient, kind)
    held_until = None if choice["urgent"] else quiet_until(recipient, timezone.now())
    with transaction.atomic():
        notification = Notification.objects.create(
            recipient=recipient,
            kind=kind,
            text=wording.msgid(text),
            params=wording.stored(params),
            actor=actor,
            ritual=ritual,
            words=words,
            url=url,
            email_status=EmailStatus.QUEUED if choice["email"] else "",
            held_until=held_until,
        )
        copies = []
        if choice["push"]:
            for subscription in PushSubscription.objects.owned_by(recipient):
                copies.append(Delivery(notification=notification, subscription=subscription))
        if choice["other"]:
            for channel in Channel.objects.owned_by(recipient):
                copies.append(Delivery(notification=notification, channel=channel))
        Delivery.objects.bulk_create(copies)
        if notification.email_status:
            email_notification.using(run_after=held_until).enqueue(notification.pk)
        for copy in Delivery.objects.filter(notification=notification).values_list("pk", flat=True):
            deliver_copy.using(run_after=held_until).enqueue(copy)
        transaction.on_commit(lambda: versions.bump(recipient), robust=True)
    return notification


def send_once(claim: models.Model, send: Callable[[], object]) -> bool:
    """Call `send` once for what the unsaved `claim` row stands for (unique per person, or
    ritual, and day): saving it is the claim, so a second worker or a rerun sends nothing,
    and a failure in `send` rolls the claim back for the next run. True if sent."""
    try:
        with transaction.atomic():
            claim.save(force_insert=True)
            send()
    except IntegrityError:
        return False
    return True


def send_each[T: models.Model](items: Iterable[T], send_one: Callable[[T], bool], what: str) -> int:
    """Call `send_one` for each of `items` (True when it sent) and count what was sent. One
    item's trouble is logged ("`what` <id> failed") and never holds back the others'."""
    sent = 0
    for item in items:
        try:
            sent += send_one(item)
        except Exception:
            logger.exception("%s %s failed", what, item.pk)
    return sent


def quiet_until(person, now: datetime) -> datetime | None:
    """When the person's quiet hours end, if `now` falls within them (their own clock).

    Quiet hours may cross midnight (22:00-07:00). Ends are found with wall_clock_instant,
    so a daylight-saving change inside them still ends them at the local time they set.
    """
    quiet = QuietHours.objects.owned_by(person).first()
    if quiet is None:
        return None
    zone = person.zone
    local = now.astimezone(zone)
    # The quiet stretch that started most recently, on the person's own clock.
    for days_back in (0, 1):
        day = local.date() - timedelta(days=days_back)
        starts = wall_clock_instant(day, quiet.starts, zone)
        end_day = day if quiet.ends > quiet.starts else day + timedelta(days=1)
        ends = wall_clock_instant(end_day, quiet.ends, zone)
        if starts <= now < ends:
            return ends
    return None


@dataclass
class KindSetting:
    email: bool
    push: bool
    other: bool
    urgent: bool


def kind_settings(person) -> dict[str, KindSetting]:
    """Every kind with where it reaches the person (their choice, or the default)."""
    chosen = {
        row.kind: KindSetting(row.email, row.push, row.other, row.urgent)
        for row in KindChoice.objects.owned_by(person)
    }
    return {kind: chosen.get(kind, KindSetting(**DEFAULT_CHOICE)) for kind in Notification.Kind}


def set_kind_settings(person, settings: dict[str, KindSetting]) -> None:
    """Keep the person's choices for these kinds (the others keep theirs): one statement
    that adds the kinds they had no row for and updates the others (one_choice_per_kind)."""
    KindChoice.objects.bulk_create(
        [
            KindChoice(owner=person, kind=kind, **vars(setting))
            for kind, setting in settings.items()
        ],
        update_conflicts=True,
        unique_fields=["owner", "kind"],
        update_fields=[field.name for field in fields(KindSetting)],
    )


def set_email_kinds(person, kinds: list[str]) -> None:
    """Email the person exactly these kinds of notification from now on."""
    current = kind_settings(person)
    for kind, setting in current.items():
        setting.email = kind in kinds
    set_kind_settings(person, current)


def set_quiet_hours(person, starts: time | None, ends: time | None) -> None:
    """Hold copies back between these times on the person's clock; None: no quiet hours."""
    if starts is None or ends is None or starts == ends:
        QuietHours.objects.owned_by(person).delete()
        return
    QuietHours.objects.update_or_create(owner=person, defaults={"starts": starts, "ends": ends})


def add_push_subscription(
    person, endpoint: str, p256dh: str, auth: str, browser: str = "", session_key: str = ""
) -> PushSubscription:
    """Keep this browser's subscription (once: subscribing again refreshes its keys), tied to
    the login it comes from (`session_key`): it ends when that session is logged out."""
    session = SessionRecord.objects.filter(user=person, session_key=session_key).first()
    with transaction.atomic():
        for existing in PushSubscription.objects.owned_by(person).select_for_update():
            if existing.endpoint == endpoint:  # sealed at rest: compared here, not in SQL
                existing.p256dh, existing.auth, existing.session = p256dh, auth, session
                existing.save(update_fields=["p256dh", "auth", "session"])
                return existing
        return PushSubscription.objects.create(
            owner=person,
            endpoint=endpoint,
            p256dh=p256dh,
            auth=auth,
            browser=browser,
            session=session,
        )


def send_test_push(subscription: PushSubscription) -> None:
    """Push a test to this browser now, in its owner's language; ChannelError says why it
    didn't arrive."""
    with translation.override(subscription.owner.language):
        payload = {
            "title": "Duet",
            "body": gettext("This is the test you asked for. Notifications reach this browser."),
            "url": "/inbox/devices/",
            "tag": f"duet-test-{subscription.pk}",
        }
    try:
        channels.push(subscription, payload)
    except channels.Gone:
        subscription.delete()
        raise ChannelError(
            gettext(
                "This browser isn't subscribed any more, so I removed it. Would you like to "
                "turn notifications on again from it?"
            )
        ) from None
    except channels.SendFailed as error:
        raise ChannelError(_failure_text(error)) from None
    except OSError:
        raise ChannelError(gettext("I couldn't reach the push service just now.")) from None
    _touch(subscription)


def send_test_message(channel: Channel) -> None:
    """Send a test to this Apprise channel now, in its owner's language; ChannelError says
    why it didn't arrive."""
    with translation.override(channel.owner.language):
        body = gettext("This is the test you asked for. Notifications reach you here.")
    try:
        channels.apprise_send(channel, "Duet", body)
    except channels.SendFailed as error:
        raise ChannelError(_failure_text(error)) from None
    _touch(channel)


def touch(target) -> None:
    """Note that a copy reached this subscription or channel just now."""
    _touch(target)


def _touch(target) -> None:
    type(target).objects.filter(pk=target.pk).update(last_success_at=timezone.now())


def _failure_text(error: channels.SendFailed) -> str:
    if error.reason == "not a public address":
        return gettext(
            "This server only sends to public addresses, and this one isn't. If it is your "
            "own server at home, the host can allow it (DUET_CHANNEL_ALLOWED_HOSTS)."
        )
    if error.reason == "push is not set up on this server":
        return gettext("Push isn't set up on this server yet; the host can turn it on.")
    # Translators: %(reason)s is a short technical reason in English ("push service 403").
    return gettext(
        "It didn't arrive (%(reason)s). Would it help to check the address and try again?"
    ) % {"reason": error.reason}
