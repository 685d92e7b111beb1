"""Reads for the support page and the grant history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import pgettext

from couples import privacy, versions
from couples.models import Boundary
from support.forms import BoundaryForm
from support.models import GrantEvent, Reminder, SupportGrant, SupportOffer, SupportRequest
from support.services import limits_summary


def their_boundaries(viewer) -> dict:
    """The partner's boundaries, shown wherever the viewer offers support."""
    return _by_kind(list(Boundary.objects.from_partner(viewer)))


def _by_kind(boundaries: list[Boundary]) -> dict:
    return {
        "welcome": [b for b in boundaries if b.kind == Boundary.Kind.WELCOME],
        "off_limits": [b for b in boundaries if b.kind == Boundary.Kind.OFF_LIMITS],
    }


def support_page(viewer) -> dict:
    partner = privacy.partner_of(viewer)
    grants, requests, offers, upcoming, boundaries = versions.kept(
        viewer, "support:page", lambda: _exchanged(viewer), apart_from_own_notes=True
    )
    now = timezone.now()
    # What the two exchanged names them alone, both read already: no join for them.
    privacy.name_the_two(viewer, [*grants, *requests, *upcoming], "owner", "partner")
    # Every grant here is the viewer's or given to them: live while its other person is
    # the viewer's current partner (without a partner, none is).
    couple = (viewer.pk, partner.pk) if partner else (viewer.pk, None)
    live = [g for g in grants if g.is_live(now, couple=couple)]  # at this moment, kept or not
    return {
        "partner": partner,
        "granted_by_me": [g for g in live if g.owner_id == viewer.pk],
        "granted_to_me": [g for g in live if g.owner_id != viewer.pk],
        "my_boundaries": [b for b in boundaries if b.owner_id == viewer.pk],
        "boundary_form": BoundaryForm(),
        "requests_to_me": [r for r in requests if r.partner_id == viewer.pk],
        "my_requests": [r for r in requests if r.owner_id == viewer.pk],
        "offers_to_me": [o for o in offers if o.owner_id == viewer.pk],
        "my_offers": [o for o in offers if o.partner_id == viewer.pk],
        "reminders_for_me": [r for r in upcoming if r.owner_id == viewer.pk],
        "reminders_by_me": [r for r in upcoming if r.partner_id == viewer.pk],
        **_by_kind([b for b in boundaries if partner and b.owner_id == partner.pk]),
    }


def _exchanged(viewer) -> tuple[list, ...]:
    """The viewer's and their partner's grants, requests, offers, reminders still to come
    and boundaries, as the viewer may see them. Kept apart from the viewer's own check-ins
    and practice notes (couples/versions.py): each changes by a request of one of the two,
    or, for a reminder, by the worker, which moves the versions when it delivers, cancels or
    holds one (support.services._deliver). Whether a grant is live is asked at each look:
    expiry is a moment, not a change."""
    grants = list(
        SupportGrant.objects.visible_to(viewer).select_related("ritual").order_by("-created_at")
    )
    requests = list(SupportRequest.objects.visible_to(viewer)[:20])
    offers = list(SupportOffer.objects.visible_to(viewer).select_related("grant__ritual")[:20])
    upcoming = list(Reminder.objects.visible_to(viewer).pending().select_related("ritual"))
    # The viewer's own boundaries and those their partner shares with them, in one query.
    boundaries = list(Boundary.objects.visible_to(viewer))
    return grants, requests, offers, upcoming, boundaries


@dataclass
class HistoryEntry:
    at: datetime
    grant: SupportGrant
    action: str
    summary: str


def grant_history(viewer) -> list[HistoryEntry]:
    """Given, changed, revoked and expired, for grants between the viewer and their partner."""
    grants = SupportGrant.objects.visible_to(viewer)
    entries = [
        HistoryEntry(
            event.at,
            event.grant,
            event.get_action_display(),
            limits_summary(event.limits) if event.limits else event.summary,
        )
        for event in GrantEvent.objects.filter(grant__in=grants).select_related(
            "grant__owner", "grant__ritual"
        )
    ]
    now = timezone.now()
    for grant in grants.filter(expires_at__lte=now, revoked_at__isnull=True).select_related(
        "owner", "ritual"
    ):
        entries.append(
            HistoryEntry(grant.expires_at, grant, pgettext("permission", "expired"), grant.label)
        )
    return sorted(entries, key=lambda entry: entry.at, reverse=True)
