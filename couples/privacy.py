"""Duet's privacy rule, in one place.

- the owner sees everything they own;
- the partner (a *current* member of the owner's couple) sees an item only while it is
  shared, and for check-ins only the shared fields;
- anyone else, a former partner, staff and anonymous visitors included, sees nothing: what
  one partner wrote or addressed to the other (answers, appreciations, inbox items) stops
  being shown to the other when the couple ends, and stays with its author.

Every private model's queryset is a `PrivateQuerySet`: it gives `owned_by(user)` (the
person's own rows, for "my object" lookups), `visible_to(user)` (own rows and the
partner's shared ones) and `from_partner(user)` (the partner's rows of those alone). A
model only declares what "shared" means for it. Views never decide visibility themselves:
they go through these methods or ask `can_view`, and answer 404 for anything invisible. A
couple is current while its members have not left; leaving ends it for both at once.

This module sits below the models that use it: it never imports them (memberships are
looked up through the app registry), so the dependency runs one way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from django.apps import apps
from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

_CACHE_ATTR = "_duet_current_memberships"
# Matches no row: for "the partner may see none of these".
NOTHING = Q(pk__in=[])


def _signed_in(user: User | AnonymousUser) -> bool:
    return getattr(user, "is_authenticated", False)


def _current_memberships(user: User | AnonymousUser) -> list[models.Model]:
    """Both seats of the person's current couple (or just theirs), cached on the user."""
    if not _signed_in(user):
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        membership = apps.get_model("couples", "Membership")
        cached = list(
            membership.objects.filter(
                couple__memberships__user=user,
                couple__memberships__left_at__isnull=True,
                left_at__isnull=True,
            ).select_related("user", "couple")
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def couple_read(user: User | AnonymousUser) -> bool:
    """Whether this request has read the person's current couple already (most pages do)."""
    return hasattr(user, _CACHE_ATTR)


def forget(user: User) -> None:
    """Drop the cached couple after pairing changes within the same request."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def current_couple(user: User | AnonymousUser) -> models.Model | None:
    """The person's current couple (possibly still waiting for the partner), if any."""
    memberships = _current_memberships(user)
    return memberships[0].couple if memberships else None


def own_seat(user: User | AnonymousUser) -> int | None:
    """The person's seat (1 or 2) in their current couple, if they are in one."""
    for membership in _current_memberships(user):
        if membership.user_id == user.pk:
            return membership.seat
    return None


def partner_of(user: User | AnonymousUser) -> User | None:
    """The other member of the person's current couple, if there is one."""
    for membership in _current_memberships(user):
        if membership.user_id != user.pk:
            return membership.user
    return None


def is_partner(viewer: User | AnonymousUser, owner_id: int) -> bool:
    partner = partner_of(viewer)
    return partner is not None and partner.pk == owner_id


def name_the_two[T: models.Model](viewer: User, rows: list[T], *fields: str) -> list[T]:
    """Each row's `fields` (people: an owner, a proposer...) set to the viewer or their
    current partner where it names one of them: both are read already, so no join and no
    query. Anyone else a row names is read as usual when shown (a couple's rows name no one
    else)."""
    partner = partner_of(viewer)
    the_two = {viewer.pk: viewer} | ({partner.pk: partner} if partner else {})
    for row in rows:
        for field in fields:
            person = the_two.get(getattr(row, f"{field}_id"))
            if person is not None:
                setattr(row, field, person)
    return rows


def can_view(viewer: User | AnonymousUser, owner_id: int, *, shared: bool) -> bool:
    """May `viewer` see an item owned by `owner_id` that is (or is not) shared?"""
    if not _signed_in(viewer):
        return False
    if viewer.pk == owner_id:
        return True
    return shared and is_partner(viewer, owner_id)


class PrivateQuerySet(models.QuerySet):
    """The privacy rule as a queryset: every private model's manager is built on it.

    A model says who owns a row (`owner_field`) and what the partner may see of the
    owner's rows (`shared_when`, a Q; or `shared_with(viewer)` when it depends on the
    viewer). Nothing is shared unless the model says so. Two special shapes:

    - `couple_field`: the row belongs to a couple (joint activities, the vision...): the
      members of the current couple see it, no one else (with `kept_by_owner`, its owner
      also keeps it after that couple has ended);
    - `counterpart_field`: the row is exchanged between the two partners (grants,
      requests, offers, reminders): it counts only within the couple it was made in, so
      even its owner stops seeing it once that couple has ended.
    """

    owner_field: ClassVar[str] = "owner"
    shared_when: ClassVar[Q] = NOTHING
    couple_field: ClassVar[str | None] = None
    kept_by_owner: ClassVar[bool] = False
    counterpart_field: ClassVar[str | None] = None

    def owned_by(self, user: User | AnonymousUser) -> PrivateQuerySet:
        """The person's own rows: what "my object" means in views and services."""
        if not _signed_in(user):
            return self.none()
        return self.filter(self._own(user))

    def visible_to(self, user: User | AnonymousUser) -> PrivateQuerySet:
        """What `user` may see: their own rows and their current partner's shared ones."""
        if not _signed_in(user):
            return self.none()
        if self.couple_field:
            couple = current_couple(user)
            rows = Q(**{self.couple_field: couple}) if couple else NOTHING
            if self.kept_by_owner:
                rows |= self._own(user)
            return self.filter(rows)
        own = self._own(user)
        partner = partner_of(user)
        if partner is None:
            return self.filter(own)
        return self.filter(own | self._theirs(user, partner))

    def from_partner(self, user: User | AnonymousUser) -> PrivateQuerySet:
        """The current partner's rows that `user` may see: `visible_to(user)` narrowed to
        rows the partner owns, asked without the viewer's own in an OR, so the database
        can read them off an index on the owner. None without a current partner."""
        partner = partner_of(user) if _signed_in(user) else None
        if partner is None:
            return self.none()
        if self.couple_field or type(self).visible_to is not PrivateQuerySet.visible_to:
            # A rule of its own (couple rows, answers): narrowed, not rewritten.
            return self.visible_to(user).filter(**{self.owner_field: partner})
        return self.filter(self._theirs(user, partner))

    def _theirs(self, user: User, partner: User) -> Q:
        theirs = Q(**{self.owner_field: partner}) & self.shared_with(user)
        if self.counterpart_field:
            theirs &= Q(**{self.counterpart_field: user})
        return theirs

    def shared_with(self, viewer: User) -> Q:
        """Which of the partner's rows `viewer` may see; override when it depends on them."""
        return self.shared_when

    def _own(self, user: User) -> Q:
        own = Q(**{self.owner_field: user})
        if self.counterpart_field:
            partner = partner_of(user)
            own &= Q(**{self.counterpart_field: partner}) if partner else NOTHING
        return own


class PartnerAnswerQuerySet(PrivateQuerySet):
    """Answers to an item (`couples.answers.PartnerAnswer`): seen by their author, and by the
    item's owner while the author is still their partner; by either only while the item
    itself is visible to them. Once the couple ends, the answers stay with their author."""

    owner_field = "author"

    def visible_to(self, user: User | AnonymousUser) -> PrivateQuerySet:
        if not _signed_in(user):
            return self.none()
        field = self.model.answered_field
        answered = self.model._meta.get_field(field).related_model
        partner = partner_of(user)
        to_me = Q(**{f"{field}__owner": user, self.owner_field: partner}) if partner else NOTHING
        return self.filter(
            Q(**{self.owner_field: user}) | to_me,
            **{f"{field}__in": answered.objects.visible_to(user)},
        )

    def from_partner(self, user: User | AnonymousUser) -> PrivateQuerySet:
        """The partner's answers to the viewer's own items: `visible_to(user)` narrowed to
        the partner's, which are only ever those, since an item's owner always sees it
        (answered items have an owner and no couple or counterpart rule). Never their
        answers to anyone else's, such as a former partner's."""
        partner = partner_of(user) if _signed_in(user) else None
        if partner is None:
            return self.none()
        field = self.model.answered_field
        return self.filter(**{self.owner_field: partner, f"{field}__owner": user})


class NamedByNumber(models.Model):
    """A row holding private words: `str()` of it reaches logs, the admin and form choices,
    so it names the row by its kind and number only ("Win #12"), never by those words.
    A model sets `number_label`, a class attribute or a property."""

    number_label: ClassVar[str]

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.number_label} #{self.pk}"
