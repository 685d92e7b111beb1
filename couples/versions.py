"""The couple's version: what a page cached for a member is keyed by.

Every change a member makes through the web (a write, a sharing change, leaving, revoking a
permission: any request of theirs that wrote to the database) bumps the version of each
couple they have been in, after the view has written it; so does every new inbox item,
even one the worker delivers (`notifications.services.notify`). A page cached under the old
version is never served again. Reading the version costs nothing: it comes with the couple
that `privacy.partner_of` already loads for every page.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.cache import caches
from django.db import connection
from django.db.models import F
from django.utils import translation

from accounts.localtime import local_today
from accounts.models import User
from couples import privacy
from couples.models import Couple

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
WRITES = {"INSERT", "UPDATE", "DELETE"}
# Written for the host or the session, never shown on a couple's pages (a failed attempt's
# audit event is written even when the form is refused).
NOT_COUPLE_DATA = ('"audit_', '"django_session"', '"accounts_sessionrecord"')


def bump(user: User) -> None:
    """After `user` changed something: every couple they have been in sees a new version.

    A person who has just deleted their account has no couples left to bump, and their
    former partner has no partner, so nothing of theirs is kept (`current` is None).
    """
    if user.pk is None:
        return
    bump_people([user.pk])


def bump_people(people_ids: Iterable[int]) -> None:
    """`bump` for several people at once (by their keys), in one query."""
    people_ids = set(people_ids)
    if people_ids:
        Couple.objects.filter(memberships__user__in=people_ids).update(version=F("version") + 1)


# What only the worker or the admin changes without a new inbox item shows within this;
# what members change through the web, and every new inbox item, shows at once.
KEPT_SECONDS = 300


def kept[T](viewer: User, part: str, build: Callable[[], T]) -> T:
    """build(), kept for the viewer under the couple's version, their partner, tonight's date
    on their clock, their time zone and language; in process memory only (CACHES["pages"]):
    what a page keeps holds private words as it shows them. Alone (no partner), built each
    time."""
    couple = current(viewer)
    if couple is None:
        return build()
    couple_id, version, partner_id = couple
    # In the language the page is read in: what is kept may hold words already translated.
    key = (
        f"{part}:{viewer.pk}:{couple_id}:{version}:{partner_id}:"
        f"{local_today(viewer)}:{viewer.time_zone}:{translation.get_language()}"
    )
    cache = caches["pages"]
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, KEPT_SECONDS)
    return found


def current(user: User) -> tuple[int, int, int] | None:
    """(couple, version, partner) for a person in a couple with a partner, else None."""
    couple = privacy.current_couple(user)
    partner = privacy.partner_of(user)
    if couple is None or partner is None:
        return None
    return couple.pk, couple.version, partner.pk


class BumpAfterChangesMiddleware:
    """A request by a signed-in person that wrote to the database (any INSERT, UPDATE or
    DELETE, bulk updates included, even in a view that failed halfway) bumps their couples'
    versions once the view is done. A refused form, or a request that only reads, wrote
    nothing and bumps nothing, so typing to the coach doesn't empty anyone's cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in SAFE_METHODS or not request.user.is_authenticated:
            return self.get_response(request)
        user, wrote = request.user, False

        def watch(execute, sql, params, many, context):
            nonlocal wrote
            result = execute(sql, params, many, context)
            if not wrote and sql.lstrip()[:6].upper() in WRITES:
                # An UPDATE that matched nothing (a stale version refused) changed nothing.
                # SQLite counts the rows of a statement RETURNING what it wrote only as
                # they are read (after this), so such a statement always counts.
                changed = " RETURNING " in sql or context["cursor"].rowcount != 0
                wrote = changed and not any(table in sql for table in NOT_COUPLE_DATA)
            return result

        try:
            with connection.execute_wrapper(watch):
                return self.get_response(request)
        finally:
            if wrote:
                bump(user)
