"""Duet's privacy rule, in one place.

- the owner sees everything they own;
- the partner (a *current* member of the owner's couple) sees an item only while it is
  shared, and for check-ins only the shared fields;
- anyone else, a former partner, staff and anonymous visitors included, sees nothing.

Views never decide visibility themselves: they go through each model's `visible_to(user)`
queryset (built on `partner_of`) or ask `can_view`, and answer 404 for anything invisible.
A couple is current while its members have not left; leaving ends it for both at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accounts.models import User
    from couples.models import Couple, Membership

_CACHE_ATTR = "_duet_current_memberships"


def _current_memberships(user) -> list[Membership]:
    """Both seats of the person's current couple (or just theirs), cached on the user."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        from couples.models import Membership

        cached = list(
            Membership.objects.filter(
                couple__memberships__user=user,
                couple__memberships__left_at__isnull=True,
                left_at__isnull=True,
            ).select_related("user", "couple")
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget(user) -> None:
    """Drop the cached couple after pairing changes within the same request."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def current_couple(user) -> Couple | None:
    memberships = _current_memberships(user)
    return memberships[0].couple if memberships else None


def partner_of(user) -> User | None:
    for membership in _current_memberships(user):
        if membership.user_id != user.pk:
            return membership.user
    return None


def is_partner(viewer, owner_id: int) -> bool:
    partner = partner_of(viewer)
    return partner is not None and partner.pk == owner_id


def can_view(viewer, owner_id: int, *, shared: bool) -> bool:
    """May `viewer` see an item owned by `owner_id` that is (or is not) shared?"""
    if not getattr(viewer, "is_authenticated", False):
        return False
    if viewer.pk == owner_id:
        return True
    return shared and is_partner(viewer, owner_id)
