"""Consent-gated support: every write checks the live grant on the server, at the moment
it happens (scheduling, offering, delivering), never only in the page that offered it."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from accounts.localtime import on_clock
from audit.log import record as audit_record
from audit.models import AuditEvent
from couples import privacy, versions
from couples.models import Membership
from couples.services import lock_current_memberships
from notifications import wording
from notifications.catalogue import recent_twin, reword_told, subject_of, tell, them, told
from notifications.models import Notification
from notifications.services import notify
from rituals.models import Ritual
from support.models import (
    GrantEvent,
    Kind,
    Reminder,
    SupportGrant,
    SupportOffer,
    SupportRequest,
)

SNOOZE_MINUTES = 60
# How long after a permission's end date its partner is still told of it.
EXPIRY_NOTICE_WITHIN = timedelta(days=7)


class SupportError(Exception):
    """A support step that cannot happen; its message is meant for the person."""


def _partner_or_error(person):
    partner = privacy.partner_of(person)
    if partner is None:
        raise SupportError(_("Support flows between partners; invite yours from the Us page."))
    return partner


def limits_of(grant: SupportGrant) -> dict:
    """What the history keeps of a grant at one moment: its kind, scope and limits."""
    return {
        "kind": grant.kind,
        "ritual": grant.ritual.title if grant.ritual_id else "",
        "until": grant.expires_at.isoformat() if grant.expires_at else "",
        "cap": grant.weekly_cap or 0,
        "quiet": (
            [f"{grant.quiet_from:%H:%M}", f"{grant.quiet_until:%H:%M}"]
            if grant.quiet_from and grant.quiet_until
            else []
        ),
    }


def limits_summary(limits: dict) -> str:
    """A grant's kept limits, one fact after another, in the active language (the reader's),
    the end date on the reader's clock."""
    if limits["ritual"]:
        # Translators: after a kind of support: "Remind me for “Morning pages”".
        scope = _("for “%(ritual)s”") % {"ritual": limits["ritual"]}
    else:
        scope = _("in general")
    # Translators: a kind of support and its scope: "Remind me in general".
    parts = [_("%(kind)s %(scope)s") % {"kind": Kind(limits["kind"]).label, "scope": scope}]
    if limits["until"]:
        until = timezone.localtime(datetime.fromisoformat(limits["until"]))
        parts.append(_("until %(day)s") % {"day": formats.date_format(until, "j M Y")})
    if limits["cap"]:
        parts.append(
            ngettext("at most %(cap)s a week", "at most %(cap)s a week", limits["cap"])
            % {"cap": limits["cap"]}
        )
    if limits["quiet"]:
        start, end = limits["quiet"]
        parts.append(_("quiet %(start)s–%(end)s") % {"start": start, "end": end})
    return ", ".join(parts)


def grant_support(grant: SupportGrant, owner) -> SupportGrant:
    """Save the owner's new grant to their current partner and record it in the history."""
    grant.owner = owner
    grant.partner = _partner_or_error(owner)
    if grant.ritual_id and not Ritual.objects.owned_by(owner).filter(pk=grant.ritual_id).exists():
        raise SupportError(_("Support can be granted only for your own rituals."))
    with transaction.atomic():
        lock_current_memberships(owner)  # a double submit waits here, then finds its twin
        twin = recent_twin(
            SupportGrant.objects.live().filter(
                owner=owner, partner=grant.partner, kind=grant.kind, ritual=grant.ritual_id
            ),
            lambda earlier: _limits(earlier) == _limits(grant),
        )
        if twin is not None:
            return twin
        grant.save()
        given = GrantEvent.objects.create(grant=grant, action="given", limits=limits_of(grant))
        audit_record(AuditEvent.Kind.GRANT_GIVEN, user=owner, detail=f"grant #{grant.pk}")
        _tell_of_grant(grant, Notification.Kind.GRANT, _WELCOMES[_case(grant)], about=given)
    return grant


# A grant's news for the partner, in English (the msgid), one whole sentence per kind, scope
# and moment: the owner is named by {actor} and, in English, {them} by their own pronouns;
# German and Spanish name them instead (a translation may leave {them} out). A ritual's title
# only ever goes through its slot ({quoted_ritual}). Worded in the partner's language when
# read (notifications/wording.py).
# The scope is True for a ritual, False in general, None where the sentence names none. The
# moments: the welcome itself ("welcomes"); an ended welcome's earlier items, reworded and
# followed by how it ended ("had_welcomed"); a withdrawn one ("withdrawn"); one that reached
# its end date ("expired"); a changed one as it was, its scope only if the ritual stayed the
# same, each change following as a sentence of its own ("changed"); and what a change of kind
# makes of it ("now").
_GRANT_NEWS = {
    (Kind.ACCOMPANY, True): {
        "welcomes": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor} welcomes you to accompany {them}, for {quoted_ritual}.",
        ),
        "had_welcomed": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor} had welcomed you to accompany {them}, for {quoted_ritual}.",
        ),
        "withdrawn": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor} has withdrawn the welcome to accompany {them}, for {quoted_ritual}.",
        ),
        "expired": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor}'s welcome to accompany {them}, for {quoted_ritual}, "
            "has reached the end date it was given with.",
        ),
        "changed": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor} changed your welcome to accompany {them}, for {quoted_ritual}.",
        ),
    },
    (Kind.ACCOMPANY, False): {
        "welcomes": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor} welcomes you to accompany {them}, in general.",
        ),
        "had_welcomed": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor} had welcomed you to accompany {them}, in general.",
        ),
        "withdrawn": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor} has withdrawn the welcome to accompany {them}, in general.",
        ),
        "expired": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor}'s welcome to accompany {them}, in general, "
            "has reached the end date it was given with.",
        ),
        "changed": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor} changed your welcome to accompany {them}, in general.",
        ),
    },
    (Kind.ACCOMPANY, None): {
        "changed": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor} changed your welcome to accompany {them}.",
        ),
        "now": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "It welcomes you to accompany {them} now.",
        ),
    },
    (Kind.REMIND, True): {
        "welcomes": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor} welcomes you to remind {them}, for {quoted_ritual}.",
        ),
        "had_welcomed": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor} had welcomed you to remind {them}, for {quoted_ritual}.",
        ),
        "withdrawn": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor} has withdrawn the welcome to remind {them}, for {quoted_ritual}.",
        ),
        "expired": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor}'s welcome to remind {them}, for {quoted_ritual}, "
            "has reached the end date it was given with.",
        ),
        "changed": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor} changed your welcome to remind {them}, for {quoted_ritual}.",
        ),
    },
    (Kind.REMIND, False): {
        "welcomes": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor} welcomes you to remind {them}, in general.",
        ),
        "had_welcomed": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor} had welcomed you to remind {them}, in general.",
        ),
        "withdrawn": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor} has withdrawn the welcome to remind {them}, in general.",
        ),
        "expired": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor}'s welcome to remind {them}, in general, "
            "has reached the end date it was given with.",
        ),
        "changed": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor} changed your welcome to remind {them}, in general.",
        ),
    },
    (Kind.REMIND, None): {
        "changed": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor} changed your welcome to remind {them}.",
        ),
        "now": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "It welcomes you to remind {them} now.",
        ),
    },
    (Kind.REFLECT, True): {
        "welcomes": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor} welcomes you to reflect with {them}, for {quoted_ritual}.",
        ),
        "had_welcomed": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor} had welcomed you to reflect with {them}, for {quoted_ritual}.",
        ),
        "withdrawn": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor} has withdrawn the welcome to reflect with {them}, for {quoted_ritual}.",
        ),
        "expired": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor}'s welcome to reflect with {them}, for {quoted_ritual}, "
            "has reached the end date it was given with.",
        ),
        "changed": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor} changed your welcome to reflect with {them}, for {quoted_ritual}.",
        ),
    },
    (Kind.REFLECT, False): {
        "welcomes": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor} welcomes you to reflect with {them}, in general.",
        ),
        "had_welcomed": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor} had welcomed you to reflect with {them}, in general.",
        ),
        "withdrawn": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor} has withdrawn the welcome to reflect with {them}, in general.",
        ),
        "expired": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor}'s welcome to reflect with {them}, in general, "
            "has reached the end date it was given with.",
        ),
        "changed": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor} changed your welcome to reflect with {them}, in general.",
        ),
    },
    (Kind.REFLECT, None): {
        "changed": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor} changed your welcome to reflect with {them}.",
        ),
        "now": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "It welcomes you to reflect with {them} now.",
        ),
    },
    (Kind.PRACTICAL, True): {
        "welcomes": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor} welcomes you to offer {them} practical help, for {quoted_ritual}.",
        ),
        "had_welcomed": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor} had welcomed you to offer {them} practical help, for {quoted_ritual}.",
        ),
        "withdrawn": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor} has withdrawn the welcome to offer {them} practical help, "
            "for {quoted_ritual}.",
        ),
        "expired": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor}'s welcome to offer {them} practical help, for {quoted_ritual}, "
            "has reached the end date it was given with.",
        ),
        "changed": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor} changed your welcome to offer {them} practical help, for {quoted_ritual}.",
        ),
    },
    (Kind.PRACTICAL, False): {
        "welcomes": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor} welcomes you to offer {them} practical help, in general.",
        ),
        "had_welcomed": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor} had welcomed you to offer {them} practical help, in general.",
        ),
        "withdrawn": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor} has withdrawn the welcome to offer {them} practical help, in general.",
        ),
        "expired": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor}'s welcome to offer {them} practical help, in general, "
            "has reached the end date it was given with.",
        ),
        "changed": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor} changed your welcome to offer {them} practical help, in general.",
        ),
    },
    (Kind.PRACTICAL, None): {
        "changed": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "{actor} changed your welcome to offer {them} practical help.",
        ),
        "now": gettext_noop(
            # Translators: xgettext:no-python-brace-format ({them} may be left out)
            "It welcomes you to offer {them} practical help now.",
        ),
    },
}


def _sentences(moment: str) -> dict:
    """One moment's sentences from the table, by kind and scope."""
    return {case: news[moment] for case, news in _GRANT_NEWS.items() if moment in news}


_WELCOMES = _sentences("welcomes")
_HAD_WELCOMED = _sentences("had_welcomed")
_WITHDRAWN = _sentences("withdrawn")
_EXPIRED = _sentences("expired")
_CHANGED = _sentences("changed")
_NOW_WELCOMES = _sentences("now")


def _case(grant: SupportGrant) -> tuple[str, bool]:
    """Which of a table's wordings fits the grant: its kind, and whether it is for a ritual."""
    return grant.kind, bool(grant.ritual_id)


def _tell_of_grant(
    grant: SupportGrant, kind: str, text: str, *, about, params: dict | None = None
) -> Notification | None:
    """The partner hears of what became of a welcome the owner gave them, once per `about`
    (the grant's ritual, if any, named only through its slot)."""
    return tell(
        grant.partner,
        kind,
        text,
        reverse("support:home"),
        about=about,
        actor=grant.owner,
        ritual=grant.ritual,
        params={"them": them(grant.owner), **(params or {})},
    )


# The limits a change can touch, each worded for the partner (never the phrasing itself:
# the partner reads it on the Support page, where it stays current).
_LIMITS = ["expires_at", "weekly_cap", "quiet_from", "quiet_until", "phrasing"]


def _limits(grant: SupportGrant) -> list:
    return [getattr(grant, name) for name in _LIMITS]


def _what_changed(before: SupportGrant, after: SupportGrant) -> list[dict]:
    """Each change from `before` to `after`, a whole sentence for the partner (worded when
    read; a ritual's title only by its slot, a date and hours on the owner's clock)."""
    changes = []
    if before.kind != after.kind:
        changes.append(wording.sentence(_NOW_WELCOMES[after.kind, None], them=them(after.owner)))
    if before.ritual_id != after.ritual_id:
        changes.append(
            wording.sentence(
                gettext_noop("It is for {quoted_ritual} now.")
                if after.ritual_id
                else gettext_noop("It is in general now.")
            )
        )
    if before.expires_at != after.expires_at:
        if after.expires_at:
            until = on_clock(after.expires_at, after.owner.zone).date()
            changes.append(
                # Translators: {day} is a date in the reader's long form ("3. Dezember 2026").
                wording.sentence(gettext_noop("It lasts until {day}."), day=wording.day(until))
            )
        else:
            changes.append(wording.sentence(gettext_noop("It has no end date now.")))
    if before.weekly_cap != after.weekly_cap:
        changes.append(
            # Translators: {count} is a number of times (1, 2, 3…), the same sentence for each.
            wording.sentence(gettext_noop("At most {count} a week."), count=after.weekly_cap)
            if after.weekly_cap
            else wording.sentence(gettext_noop("No weekly limit now."))
        )
    if (before.quiet_from, before.quiet_until) != (after.quiet_from, after.quiet_until):
        changes.append(
            wording.sentence(
                # Translators: {start} and {end} are times of day ("22:00"), {actor} a name.
                gettext_noop("Quiet hours {start}–{end} on {actor}'s clock."),
                start=wording.clock(after.quiet_from),
                end=wording.clock(after.quiet_until),
            )
            if after.quiet_from and after.quiet_until
            else wording.sentence(gettext_noop("No quiet hours now."))
        )
    if before.phrasing != after.phrasing:
        changes.append(
            wording.sentence(gettext_noop("New words for how {actor} would like it phrased."))
        )
    return changes


def change_grant(grant: SupportGrant) -> None:
    """Save changed limits; the history keeps what the grant became, and the partner is told
    what changed (a save that changes nothing, like a double submit, is no change)."""
    with transaction.atomic():
        _lock_rituals_first(grant.ritual_id, grant_id=grant.pk)
        before = SupportGrant.objects.select_for_update().get(pk=grant.pk)
        changes = _what_changed(before, grant)
        if not changes:
            return
        grant.save()
        changed = GrantEvent.objects.create(grant=grant, action="changed", limits=limits_of(grant))
        # The ritual slot names the grant's ritual as it is now: the old scope only if same.
        scoped = bool(before.ritual_id) if before.ritual_id == grant.ritual_id else None
        audit_record(AuditEvent.Kind.GRANT_CHANGED, user=grant.owner, detail=f"grant #{grant.pk}")
        _tell_of_grant(
            grant,
            Notification.Kind.GRANT_CHANGED,
            "{changed} {changes}",
            about=changed,
            params={
                "changed": wording.sentence(_CHANGED[before.kind, scoped], them=them(grant.owner)),
                "changes": changes,
            },
        )


# How a permission ended, after its earlier items' "had welcomed you to…".
_ENDED = {
    "revoked": gettext_noop("That permission has ended."),
    "expired": gettext_noop("That permission has reached its end date."),
}


def _retire_welcomes(grant: SupportGrant, how: str) -> None:
    """The earlier "welcomes you to…" items of an ended grant stop reading as live."""
    reword_told(
        told(grant.events.all(), Notification.Kind.GRANT, Notification.Kind.GRANT_CHANGED),
        "{had} {ended}",
        {
            "had": wording.sentence(_HAD_WELCOMED[_case(grant)], them=them(grant.owner)),
            "ended": wording.sentence(_ENDED[how]),
        },
    )


def revoke_grant(grant: SupportGrant, why: str = "") -> None:
    """Withdraw consent at once: pending reminders and offers under it are cancelled too,
    and the partner is told (what ended, never why)."""
    now = timezone.now()
    with transaction.atomic():
        _lock_rituals_first(grant.ritual_id)
        updated = SupportGrant.objects.filter(pk=grant.pk, revoked_at__isnull=True).update(
            revoked_at=now
        )
        if not updated:
            return
        grant.revoked_at = now
        grant.reminders.pending().update(
            status=Reminder.Status.CANCELLED, cancel_reason="permission withdrawn"
        )
        grant.offers.filter(status=SupportOffer.Status.PENDING).update(
            status=SupportOffer.Status.CANCELLED, answered_at=now
        )
        revoked = GrantEvent.objects.create(
            grant=grant,
            action="revoked",
            summary=why,
            limits=None if why else limits_of(grant),
            at=now,
        )
        audit_record(AuditEvent.Kind.GRANT_REVOKED, user=grant.owner, detail=f"grant #{grant.pk}")
        _retire_welcomes(grant, "revoked")
        if privacy.partner_of(grant.owner) == grant.partner:
            _tell_of_grant(
                grant,
                Notification.Kind.GRANT_REVOKED,
                "{withdrawn} {nothing_more}",
                about=revoked,
                params={
                    "withdrawn": wording.sentence(_WITHDRAWN[_case(grant)], them=them(grant.owner)),
                    "nothing_more": wording.sentence(
                        gettext_noop("Nothing more will go out under it.")
                    ),
                },
            )


def notice_expired_grants(now: datetime | None = None) -> int:
    """Tell each partner, once, that a permission they held came to its end date.

    Safe with several workers: the notification about the grant is the claim (one per
    grant, by its constraint). Only recent ends count, so an old instance doesn't suddenly
    tell of permissions that ended long ago.
    """
    now = now or timezone.now()
    expired = SupportGrant.objects.filter(
        revoked_at__isnull=True,
        expires_at__lte=now,
        expires_at__gt=now - EXPIRY_NOTICE_WITHIN,
    ).exclude(pk__in=told(SupportGrant, Notification.Kind.GRANT_EXPIRED).values("subject_id"))
    noticed = 0
    for grant in expired.select_related("owner", "partner", "ritual"):
        if privacy.partner_of(grant.partner) != grant.owner:
            continue  # the couple ended: consent ended with it, and neither hears of it
        with transaction.atomic():
            _retire_welcomes(grant, "expired")
            noticed += bool(
                _tell_of_grant(
                    grant, Notification.Kind.GRANT_EXPIRED, _EXPIRED[_case(grant)], about=grant
                )
            )
    return noticed


def exchange_still_open(notification: Notification) -> bool:
    """For a copy sent later: the offer (or request) is still waiting for its answer; one
    cancelled by a revocation, or withdrawn, is not sent. (One from before notifications
    named their subject has only the general checks.)"""
    if notification.subject_type_id is None:
        return True
    offer = subject_of(notification, SupportOffer)
    if offer is not None:
        return offer.status == SupportOffer.Status.PENDING
    request = subject_of(notification, SupportRequest)
    return request is not None and request.status == SupportRequest.Status.OPEN


def grant_still_live(notification: Notification) -> bool:
    """For a copy sent later: the permission a "welcomes you" item is about still holds."""
    event = subject_of(notification, GrantEvent)
    if event is None or not event.grant.is_live():
        return False
    grant = event.grant
    # A grant for a ritual made private since is hidden from the partner: so is its news.
    return grant.ritual_id is None or _ritual_visible_to_partner(grant.ritual, grant.partner)


def _lock_rituals_first(ritual_id: int | None, grant_id: int | None = None) -> None:
    """Before a grant is written, lock its ritual (and, for a change, the one it had), in
    delivery's order (_lock_for_delivery: memberships, ritual, grant, reminder): the item
    telling the partner refers to the ritual, and that reference must not wait for a
    delivery holding the ritual while the delivery waits for this grant (a deadlock)."""
    ids = {ritual_id}
    if grant_id is not None:
        ids |= set(SupportGrant.objects.filter(pk=grant_id).values_list("ritual_id", flat=True))
    ids.discard(None)
    if ids:
        list(Ritual.objects.select_for_update(of=("self",)).filter(pk__in=ids).order_by("pk"))


def _locked_live_grant(grant: SupportGrant, partner, now: datetime) -> SupportGrant:
    """Re-read the grant under a row lock and refuse unless it is live for `partner`."""
    grant = (
        SupportGrant.objects.select_for_update(of=("self",))
        .select_related("owner", "partner", "ritual")
        .get(pk=grant.pk)
    )
    if grant.partner_id != partner.pk or not grant.is_live(now):
        raise SupportError(
            _(
                "That permission isn't live any more (it was withdrawn or has expired), "
                "so nothing was sent."
            )
        )
    return grant


def used_this_week(grant: SupportGrant, moment: datetime) -> int:
    """Offers and reminders under the grant in the owner's week around `moment`."""
    start, end = grant.week_bounds(moment)
    offers = grant.offers.exclude(status=SupportOffer.Status.CANCELLED).filter(
        created_at__gte=start, created_at__lt=end
    )
    reminders = grant.reminders.exclude(status=Reminder.Status.CANCELLED).filter(
        due_at__gte=start, due_at__lt=end
    )
    return offers.count() + reminders.count()


def _check_cap(grant: SupportGrant, moment: datetime) -> None:
    if grant.weekly_cap and used_this_week(grant, moment) >= grant.weekly_cap:
        raise SupportError(
            ngettext(
                "%(name)s asked for at most %(cap)s a week under this permission, and that "
                "week is full.",
                "%(name)s asked for at most %(cap)s a week under this permission, and that "
                "week is full.",
                grant.weekly_cap,
            )
            % {"name": grant.owner.display_name, "cap": grant.weekly_cap}
        )


def _ritual_visible_to_partner(ritual: Ritual, partner) -> bool:
    return Ritual.objects.visible_to(partner).current().filter(pk=ritual.pk).exists()


def make_offer(grant: SupportGrant, partner, text: str) -> SupportOffer:
    """The partner offers support of a kind the owner granted, and only while it is live."""
    now = timezone.now()
    with transaction.atomic():
        grant = _locked_live_grant(grant, partner, now)
        if grant.kind == Kind.REMIND:
            raise SupportError(
                _("Reminders are scheduled, not offered: use “Schedule a reminder”.")
            )
        if grant.ritual_id and not _ritual_visible_to_partner(grant.ritual, partner):
            raise SupportError(_("That ritual isn't shared with you any more."))
        twin = recent_twin(
            grant.offers.filter(partner=partner, status=SupportOffer.Status.PENDING),
            lambda earlier: earlier.text == text,
        )
        if twin is not None:
            return twin  # the same offer posted twice: made once
        _check_cap(grant, now)
        offer = SupportOffer.objects.create(
            grant=grant, owner=grant.owner, partner=partner, text=text, created_at=now
        )
        tell(
            grant.owner,
            Notification.Kind.OFFER,
            gettext_noop("{actor} offers: {words}"),
            reverse("support:home"),
            about=offer,
            actor=partner,
            words=text,
        )
    return offer


def answer_offer(offer: SupportOffer, owner, status: str) -> None:
    """Accept, decline or say not now; no reason is asked for."""
    if status not in {
        SupportOffer.Status.ACCEPTED,
        SupportOffer.Status.DECLINED,
        SupportOffer.Status.NOT_NOW,
    }:
        raise SupportError(_("That answer isn't one of the choices."))
    with transaction.atomic():
        updated = (
            SupportOffer.objects.owned_by(owner)
            .filter(pk=offer.pk, status=SupportOffer.Status.PENDING)
            .update(status=status, answered_at=timezone.now())
        )
        if not updated:
            raise SupportError(_("This offer has already been answered or withdrawn."))
        tell(
            offer.partner,
            Notification.Kind.OFFER_ANSWERED,
            OFFER_ANSWERS[status],
            reverse("support:home"),
            about=offer,
            actor=owner,
        )


# No reason is ever asked for, or given: the answer is enough.
OFFER_ANSWERS = {
    SupportOffer.Status.ACCEPTED: gettext_noop("{actor} accepted your offer of support."),
    SupportOffer.Status.DECLINED: gettext_noop(
        "{actor} said no thanks to your offer, and that's okay."
    ),
    SupportOffer.Status.NOT_NOW: gettext_noop(
        "{actor} said not now to your offer, and that's okay."
    ),
}


def schedule_reminder(
    grant: SupportGrant, partner, ritual: Ritual, text: str, due_at: datetime
) -> Reminder:
    """Schedule a reminder under a live remind grant, within its scope, hours and cap."""
    now = timezone.now()
    with transaction.atomic():
        grant = _locked_live_grant(grant, partner, now)
        if grant.kind != Kind.REMIND:
            raise SupportError(_("This permission isn't for reminders."))
        if grant.ritual_id and grant.ritual_id != ritual.pk:
            raise SupportError(_("This permission covers a different ritual."))
        if ritual.owner_id != grant.owner_id or not _ritual_visible_to_partner(ritual, partner):
            raise SupportError(_("That ritual isn't shared with you."))
        if due_at <= now:
            raise SupportError(_("That time has already passed. Choose a time ahead."))
        if grant.expires_at and due_at >= grant.expires_at:
            raise SupportError(_("This permission ends before then."))
        if grant.in_quiet_hours(due_at):
            raise SupportError(
                _("That's within %(name)s's quiet hours (%(start)s–%(end)s their time).")
                % {
                    "name": grant.owner.display_name,
                    "start": f"{grant.quiet_from:%H:%M}",
                    "end": f"{grant.quiet_until:%H:%M}",
                }
            )
        # The same reminder posted twice (a double tap) is scheduled once.
        twin = recent_twin(
            Reminder.objects.pending().filter(
                grant=grant, partner=partner, ritual=ritual, due_at=due_at
            ),
            lambda reminder: reminder.text == text,
        )
        if twin is not None:
            return twin
        _check_cap(grant, due_at)
        return Reminder.objects.create(
            grant=grant,
            owner=grant.owner,
            partner=partner,
            ritual=ritual,
            text=text,
            due_at=due_at,
        )


def cancel_pending_reminders(reason: str, *, between=None, ritual: Ritual | None = None) -> int:
    """Cancel the pending reminders between these people or about this ritual; called inside
    the transaction of the consent change that ends them (see support/receivers.py)."""
    pending = Reminder.objects.pending()
    if between is not None:
        pending = pending.filter(owner__in=between, partner__in=between)
    if ritual is not None:
        pending = pending.filter(ritual=ritual)
    return pending.update(status=Reminder.Status.CANCELLED, cancel_reason=reason)


def cancel_reminder(reminder: Reminder, partner) -> None:
    Reminder.objects.filter(
        pk=reminder.pk, partner=partner, status=Reminder.Status.SCHEDULED
    ).update(status=Reminder.Status.CANCELLED, cancel_reason="cancelled by its writer")


def deliver_due_reminders(now: datetime | None = None, owner=None) -> int:
    """Deliver reminders whose time has come, checking consent again at delivery.

    Safe to run from several processes at once or again after a crash: a reminder is
    claimed and delivered in one transaction, so it is never delivered twice.
    """
    now = now or timezone.now()
    due = Reminder.objects.pending().filter(due_at__lte=now)
    if owner is not None:
        due = due.filter(owner=owner)
    delivered = 0
    for reminder_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            reminder = _lock_for_delivery(reminder_id)
            if reminder is None:
                continue  # another worker got there first, or a consent change ended it
            delivered += _deliver(reminder, now)
    return delivered


def _lock_for_delivery(reminder_id: int) -> Reminder | None:
    """Lock every row delivery's consent check reads, so no consent change lands between
    the check and the delivery: a change waits for the delivery, or the delivery sees it.

    The order (memberships, ritual, grant, reminder) is the order in which leaving the
    couple, making the ritual private and revoking the grant write them, so none deadlocks.
    """
    ids = (
        Reminder.objects.pending()
        .filter(pk=reminder_id)
        .values("owner_id", "partner_id", "ritual_id", "grant_id")
        .first()
    )
    if ids is None:
        return None
    locked = {"of": ("self",)}
    list(
        Membership.objects.select_for_update(**locked)
        .filter(user__in=(ids["owner_id"], ids["partner_id"]), left_at__isnull=True)
        .order_by("pk")
    )
    list(Ritual.objects.select_for_update(**locked).filter(pk=ids["ritual_id"]))
    list(SupportGrant.objects.select_for_update(**locked).filter(pk=ids["grant_id"]))
    return (
        Reminder.objects.select_for_update(**locked)
        .select_related("grant__owner", "grant__partner", "ritual", "partner")
        .filter(pk=reminder_id, status=Reminder.Status.SCHEDULED)
        .first()
    )


def _deliver(reminder: Reminder, now: datetime) -> int:
    """Deliver a reminder, or cancel or hold it (consent, quiet hours, the weekly cap). A
    delivery tells its owner (notify moves the two's versions); a reminder cancelled or held
    moves them too, so the support page either of them keeps shows it as it is now
    (couples/versions.py)."""
    grant = reminder.grant
    the_two = [reminder.owner_id, reminder.partner_id]
    moved = partial(transaction.on_commit, lambda: versions.bump_people(the_two), robust=True)
    problem = None
    if not grant.is_live(now):
        problem = "permission withdrawn or expired"
    elif not _ritual_visible_to_partner(reminder.ritual, reminder.partner):
        problem = "ritual no longer shared"
    if problem:
        reminder.status, reminder.cancel_reason = Reminder.Status.CANCELLED, problem
        reminder.save(update_fields=["status", "cancel_reason"])
        moved()
        return 0
    if grant.in_quiet_hours(now):
        reminder.due_at = grant.quiet_hours_end_after(now)
        reminder.save(update_fields=["due_at"])
        moved()
        return 0
    start, end = grant.week_bounds(now)
    delivered_this_week = grant.reminders.filter(
        status=Reminder.Status.DELIVERED, delivered_at__gte=start, delivered_at__lt=end
    ).count()
    if grant.weekly_cap and delivered_this_week >= grant.weekly_cap:
        reminder.status, reminder.cancel_reason = Reminder.Status.CANCELLED, "weekly limit reached"
        reminder.save(update_fields=["status", "cancel_reason"])
        moved()
        return 0
    reminder.notification = notify(
        reminder.owner,
        Notification.Kind.PARTNER_REMINDER,
        gettext_noop("{actor}: {words} ({ritual})"),
        reverse("rituals:today"),
        actor=reminder.partner,
        ritual=reminder.ritual,
        words=reminder.text,
    )
    reminder.status, reminder.delivered_at = Reminder.Status.DELIVERED, now
    reminder.save(update_fields=["notification", "status", "delivered_at"])
    return 1


def reminder_consent_holds(notification: Notification) -> bool:
    """For a copy sent later (email): the reminder behind it is still under a live grant."""
    reminder = (
        Reminder.objects.select_related("grant__owner", "grant__partner")
        .filter(notification=notification)
        .first()
    )
    return reminder is not None and reminder.grant.is_live()


def snooze_reminder(reminder: Reminder, owner, minutes: int = SNOOZE_MINUTES) -> None:
    """The owner asks to be reminded again a little later."""
    with transaction.atomic():
        updated = (
            Reminder.objects.owned_by(owner)
            .filter(pk=reminder.pk, status=Reminder.Status.DELIVERED)
            .update(
                status=Reminder.Status.SCHEDULED, due_at=timezone.now() + timedelta(minutes=minutes)
            )
        )
        if not updated:
            raise SupportError(_("This reminder can't be snoozed any more."))
        if reminder.notification_id:
            Notification.objects.filter(pk=reminder.notification_id).update(read_at=timezone.now())


def stop_reminders(reminder: Reminder, owner) -> None:
    """No more reminders like this one: the grant it came under is revoked."""
    if reminder.owner_id != owner.pk:
        raise SupportError(_("Only the person reminded can stop these reminders."))
    revoke_grant(
        reminder.grant,
        why=_("Reminders for “%(ritual)s” stopped") % {"ritual": reminder.ritual.title},
    )


def ask_for_support(owner, kind: str, text: str) -> SupportRequest:
    """The owner asks the partner for support in their own words; asked twice in a row, once."""
    partner = _partner_or_error(owner)
    with transaction.atomic():
        lock_current_memberships(owner)
        twin = recent_twin(
            SupportRequest.objects.filter(
                owner=owner, partner=partner, kind=kind, status=SupportRequest.Status.OPEN
            ),
            lambda earlier: earlier.text == text,
        )
        if twin is not None:
            return twin
        request = SupportRequest.objects.create(owner=owner, partner=partner, kind=kind, text=text)
        tell(
            partner,
            Notification.Kind.OFFER,
            gettext_noop("{actor} asks: {words}"),
            reverse("support:home"),
            about=request,
            actor=owner,
            words=text,
        )
    return request


def answer_request(request: SupportRequest, partner, yes: bool, answer: str = "") -> None:
    status = SupportRequest.Status.YES if yes else SupportRequest.Status.NOT_THIS_TIME
    with transaction.atomic():
        updated = SupportRequest.objects.filter(
            Q(pk=request.pk, partner=partner, status=SupportRequest.Status.OPEN)
        ).update(status=status, answer=answer, answered_at=timezone.now())
        if not updated:
            raise SupportError(_("This request has already been answered or withdrawn."))
        if yes:
            text = gettext_noop("{actor} said yes to what you asked for.")
        else:
            text = gettext_noop("{actor} said not this time.")
        if not yes and answer:
            text = gettext_noop("{actor} said not this time, and suggests: {words}")
        tell(
            request.owner,
            Notification.Kind.REQUEST_ANSWERED,
            text,
            reverse("support:home"),
            about=request,
            actor=partner,
            words=answer,
        )


def withdraw_request(request: SupportRequest, owner) -> None:
    SupportRequest.objects.owned_by(owner).filter(
        pk=request.pk, status=SupportRequest.Status.OPEN
    ).update(status=SupportRequest.Status.WITHDRAWN, answered_at=timezone.now())
