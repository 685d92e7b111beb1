"""The couple's version: what a page cached for a member is keyed by.

Every change a member makes through the web (a write, a sharing change, leaving, revoking a
permission) bumps the version of each couple they have been in, after the view has written
it; a page cached under the old version is never served again. Reading the version costs
nothing: it comes with the couple that `privacy.partner_of` already loads for every page.
"""

from __future__ import annotations

from django.db.models import F

from accounts.models import User
from couples import privacy
from couples.models import Couple

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


def bump(user: User) -> None:
    """After `user` changed something: every couple they have been in sees a new version."""
    Couple.objects.filter(memberships__user=user).update(version=F("version") + 1)


def current(user: User) -> tuple[int, int, int] | None:
    """(couple, version, partner) for a person in a couple with a partner, else None."""
    couple = privacy.current_couple(user)
    partner = privacy.partner_of(user)
    if couple is None or partner is None:
        return None
    return couple.pk, couple.version, partner.pk


class BumpAfterChangesMiddleware:
    """Any request that may write (not GET or HEAD) by a signed-in person bumps their
    couples' versions once the view is done, whatever it wrote and however (bulk updates
    included), and even when it failed halfway."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = None
        if request.method not in SAFE_METHODS and request.user.is_authenticated:
            user = request.user
        try:
            return self.get_response(request)
        finally:
            if user is not None:
                bump(user)
