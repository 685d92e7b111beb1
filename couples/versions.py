"""The couple's version: what a page cached for a member is keyed by.

Every change a member makes through the web (a write, a sharing change, leaving, revoking a
permission: any request of theirs that wrote to the database) bumps the version of each
couple they have been in, once the view is done: on PostgreSQL in the same transaction as
what the view wrote (the two are saved together or not at all); so does every new inbox item,
even one the worker delivers (`notifications.services.notify`). A page cached under the old
version is never served again. Reading the version costs nothing: it comes with the couple
that `privacy.partner_of` already loads for every page.

A part that shows nothing of its reader's own check-ins and practice notes (what came from
the partner on Today, the inbox badge) may be kept apart from them (`kept(...,
apart_from_own_notes=True)`): it is keyed by the reader's seat version, which every change
moves but the reader's own check-ins and practice notes, added or changed. Those still move
the couple's version and the partner's seat version, so the partner sees them at once. (The
monthly page keeps all of itself that way, and puts the reader's own rituals and check-ins
into it again: `goals.queries.cached_month_page`.)

A part that shows its reader's own practice but none of their check-ins (their rituals on
Today and on the monthly page) may be kept apart from their check-ins (`kept(...,
apart_from_own_checkins=True)`): it is keyed by the seat's practice version, which every
change moves but the reader's own check-ins, added or changed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from contextlib import nullcontext

from asgiref.local import Local
from django.core.cache import caches
from django.db import connection, transaction
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
# What a person notes for themselves alone: their check-ins (and the key each save came
# with) and their practice notes. Added or changed only: taking one away can take a
# partner's answer with it, so a deletion moves every version.
OWN_CHECKINS = {"checkins_checkin", "checkins_checkinsubmission"}
OWN_NOTES = OWN_CHECKINS | {"rituals_practicelog"}
OWN_NOTE_WRITES = {"INSERT", "UPDATE"}
FIRST_NAME = re.compile(r'"([^"]+)"')

# The signed-in person of the request being answered, until it writes (the middleware).
_request = Local()


def bump(user: User, *, own_notes_only: bool = False, practice: bool = True) -> None:
    """After `user` changed something: every couple they have been in sees a new version.
    After they only noted their own check-in or practice (`own_notes_only`), every version
    but their own seat's; and but their seat's practice version too when they noted no
    practice (`practice=False`: check-ins only).

    A person who has just deleted their account has no couples left to bump, and their
    former partner has no partner, so nothing of theirs is kept (`current` is None).
    """
    if user.pk is None:
        return
    seat = privacy.own_seat(user) if own_notes_only else None
    if seat is None:
        bump_people([user.pk])
        return
    # Only their current couple keeps anything by seat (`kept` needs a partner): in a former
    # couple, where their seat may have been the other, an extra move costs nothing.
    moved = [f"version_seat_{3 - seat}", f"version_seat_{3 - seat}_practice"]
    if practice:
        moved.append(f"version_seat_{seat}_practice")
    Couple.objects.filter(memberships__user=user.pk).update(
        version=F("version") + 1, **{name: F(name) + 1 for name in moved}
    )


def bump_people(people_ids: Iterable[int]) -> None:
    """`bump` for several people at once (by their keys), in one query."""
    people_ids = set(people_ids)
    if people_ids:
        Couple.objects.filter(memberships__user__in=people_ids).update(
            version=F("version") + 1,
            version_seat_1=F("version_seat_1") + 1,
            version_seat_2=F("version_seat_2") + 1,
            version_seat_1_practice=F("version_seat_1_practice") + 1,
            version_seat_2_practice=F("version_seat_2_practice") + 1,
        )


# What only the worker or the admin changes without a new inbox item shows within this;
# what members change through the web, and every new inbox item, shows at once.
KEPT_SECONDS = 300


def kept[T](
    viewer: User,
    part: str,
    build: Callable[[], T],
    *,
    apart_from_own_notes: bool = False,
    apart_from_own_checkins: bool = False,
) -> T:
    """build(), kept for the viewer under the couple's version, their partner, tonight's date
    on their clock, their time zone and language; in process memory only (CACHES["pages"]):
    what a page keeps holds private words as it shows them. Alone (no partner), built each
    time.

    `apart_from_own_notes`: for a part that shows nothing of the viewer's own check-ins and
    practice notes, kept under their seat's version instead; `apart_from_own_checkins`: for
    one that shows none of their check-ins, under their seat's practice version (the
    module's docstring)."""
    apart = "notes" if apart_from_own_notes else "checkins" if apart_from_own_checkins else ""
    couple = current(viewer, apart_from=apart)
    if couple is None:
        return build()
    couple_id, version, partner_id = couple
    if apart:
        part = f"{part}:apart-{apart}"
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


def unwritten_reader() -> User | None:
    """The signed-in person this request is answered for, while it has written nothing: what
    is kept under their versions still holds (a request that has written moves them only
    once it is done, so it reads afresh what it may have changed). None outside a request,
    for a visitor, and once a write was seen (a GET is not watched: none changes what is
    kept this way)."""
    reader = getattr(_request, "reader", None)
    return reader if reader is not None and reader.is_authenticated else None


def current(user: User, *, apart_from: str = "") -> tuple[int, int, int] | None:
    """(couple, version, partner) for a person in a couple with a partner, else None; apart
    from their own "notes", the version of their seat; apart from their own "checkins", its
    practice version."""
    couple = privacy.current_couple(user)
    partner = privacy.partner_of(user)
    if couple is None or partner is None:
        return None
    version = couple.version
    if apart_from == "notes":
        version = getattr(couple, f"version_seat_{privacy.own_seat(user)}")
    elif apart_from == "checkins":
        version = getattr(couple, f"version_seat_{privacy.own_seat(user)}_practice")
    return couple.pk, version, partner.pk


class BumpAfterChangesMiddleware:
    """A request by a signed-in person that wrote to the database (any INSERT, UPDATE or
    DELETE, bulk updates included) bumps their couples' versions once the view is done, on
    PostgreSQL in the request's one transaction (a view that fails keeps none of its writes;
    `_one_transaction_a_request`). One that only added or changed their own check-ins or
    practice notes (OWN_NOTES) bumps every version but their seat's; one that only added or
    changed their own check-ins (OWN_CHECKINS), but their seat's practice version either. A
    refused form, or a request that only reads, wrote nothing and bumps nothing, so typing
    to the coach doesn't empty anyone's cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _request.reader = request.user  # lazy: read only when asked
        try:
            return self._answer(request)
        finally:
            _request.reader = None

    def _answer(self, request):
        if request.method in SAFE_METHODS or not request.user.is_authenticated:
            return self.get_response(request)
        user, wrote, own_notes_only, practice = request.user, False, True, False

        def watch(execute, sql, params, many, context):
            nonlocal wrote, own_notes_only, practice
            result = execute(sql, params, many, context)
            statement = sql.lstrip()[:6].upper()
            if statement in WRITES and (own_notes_only or not wrote):
                # An UPDATE that matched nothing (a stale version refused) changed nothing.
                # SQLite counts the rows of a statement RETURNING what it wrote only as
                # they are read (after this), so such a statement always counts.
                changed = " RETURNING " in sql or context["cursor"].rowcount != 0
                if changed and not any(table in sql for table in NOT_COUPLE_DATA):
                    wrote, _request.reader = True, None
                    table = FIRST_NAME.search(sql)  # INSERT INTO "t" …, UPDATE "t" …
                    own_notes_only = own_notes_only and (
                        statement in OWN_NOTE_WRITES
                        and table is not None
                        and table.group(1) in OWN_NOTES
                    )
                    practice = practice or table is None or table.group(1) not in OWN_CHECKINS
            return result

        one_transaction = _one_transaction_a_request()
        with transaction.atomic() if one_transaction else nullcontext():
            with connection.execute_wrapper(watch):
                response = self.get_response(request)
            if one_transaction and response.status_code >= 500:
                # The view failed (Django has turned its exception into this page): nothing
                # it began is kept, as if it had not run.
                transaction.set_rollback(True)
            elif wrote:
                # With one transaction, in the same one as what the view wrote: the two are
                # saved together or not at all, so a version can't stay behind a change of
                # consent (say, were the database lost between two commits).
                bump(user, own_notes_only=own_notes_only, practice=practice)
        return response


def _one_transaction_a_request() -> bool:
    """PostgreSQL (production): a signed-in person's request that may write runs in one
    transaction. SQLite (the embedded mode) begins each transaction IMMEDIATE, taking its
    one write lock: held through a whole request, it would stop the worker and every other
    writer while an upload is checked or a test waits on a slow channel. There each write
    commits as the view makes it, and the versions move just after the view."""
    return connection.vendor == "postgresql"
