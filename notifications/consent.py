"""Consent held at delivery on every channel: may this notification still go out now?

The inbox item was written while consent held; a copy sent later (email, and any channel
added later) asks `still_allowed` at send time, so nothing goes out about a couple, a
ritual or a permission after the change that ended it. Apps add the checks only they can
make with `register_check` (support: the reminder's grant is still live).
"""

from collections.abc import Callable

from couples import privacy
from notifications.models import Notification

_checks: dict[str, list[Callable[[Notification], bool]]] = {}


def register_check(kind: str, check: Callable[[Notification], bool]) -> None:
    """Have `check(notification)` decide too, for notifications of this kind."""
    if check not in _checks.setdefault(kind, []):
        _checks[kind].append(check)


def still_allowed(notification: Notification) -> bool:
    """Is the notification's subject still allowed to reach its recipient, right now?

    Reads fresh rows, never a cached couple: call it with a freshly loaded notification,
    just before sending.
    """
    recipient, actor = notification.recipient, notification.actor
    if not recipient.is_active:
        return False
    if notification.actor_id and notification.actor_id != recipient.pk:
        privacy.forget(recipient)
        partner = privacy.partner_of(recipient)
        if partner is None or partner.pk != notification.actor_id:
            return False  # from someone who is not the recipient's partner any more
    ritual = notification.ritual
    # What the partner says about a ritual needs it still shared with them. (A ritual the
    # recipient may no longer see is only left out of the wording: see `message`.)
    if ritual and actor and not privacy.can_view(actor, ritual.owner_id, shared=ritual.is_shared):
        return False
    return all(check(notification) for check in _checks.get(notification.kind, ()))
