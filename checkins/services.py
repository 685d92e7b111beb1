"""Writes for check-ins."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import partial
from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy, gettext_noop

from accounts.localtime import evening_ends_at, evening_starts_at
from accounts.models import User
from checkins.models import Acknowledgement, CheckIn, CheckinReminderSent, CheckInSubmission
from notifications.catalogue import answer_and_tell, tell_partner
from notifications.models import Notification
from notifications.services import notify, send_each, send_once

REMINDER_TEXT = gettext_lazy("It's your evening. Would you like to check in? A minute is enough.")


class StaleCheckIn(Exception):
    """The form was drawn before a newer save of this check-in (another device, a copy kept
    offline): saving it would undo that save, sharing choices included."""


def drawn_on(checkin: CheckIn | None) -> str:
    """What a check-in form is drawn on: "new", or the check-in and its latest submission.

    A form posted with another value than the one now was drawn before a newer save.
    `checkin`: the owner's check-in for that evening (or None), as `own_checkin` reads it.
    """
    if checkin is None:
        return "new"
    return f"{checkin.pk}.{checkin.latest_submission or 0}"


def with_latest_submission(checkins):
    """The check-ins, each with its latest submission's id (`drawn_on`) read alongside."""
    latest = CheckInSubmission.objects.filter(checkin=OuterRef("pk")).order_by("-pk")
    return checkins.annotate(latest_submission=Subquery(latest.values("pk")[:1]))


def own_checkin(owner, evening: date, *, locked: bool = False) -> CheckIn | None:
    """The owner's check-in for `evening`, if any, read with what `drawn_on` asks of it;
    `locked`, under a lock until the transaction ends (to save over it: `save_checkin`)."""
    checkins = CheckIn.objects.owned_by(owner).filter(evening=evening)
    if locked:
        checkins = checkins.select_for_update()
    return with_latest_submission(checkins).first()


def save_checkin(
    owner,
    evening: date,
    answers: dict,
    key: UUID | None = None,
    based_on: str = "",
    *,
    locked: CheckIn | None | bool = False,
) -> CheckIn:
    """Create or update the owner's one check-in for `evening`; a double submit edits it.

    With the form's submission `key`, the save is remembered, so the same submission sent
    again is found by `already_submitted` and never overwrites a later edit. With the
    form's `based_on` (`drawn_on` when it was drawn), a form drawn before a newer save
    raises StaleCheckIn and saves nothing. `locked`: the owner's check-in for `evening` (or
    None), when the caller has read it with `own_checkin(..., locked=True)` in the
    transaction this runs in.
    """
    try:
        with transaction.atomic():
            if based_on:
                if locked is False:
                    # Locked, so two saves of one check-in are judged one after the other.
                    locked = own_checkin(owner, evening, locked=True)
                if drawn_on(locked) != based_on:
                    raise StaleCheckIn
            if isinstance(locked, CheckIn):
                # Already locked and read: saved over in one statement.
                for name, value in answers.items():
                    setattr(locked, name, value)
                locked.save(update_fields=[*answers, "updated_at"])
                checkin = locked
            else:
                # update_or_create survives a double submit racing to the insert: the loser
                # updates.
                checkin, _created = CheckIn.objects.update_or_create(
                    owner=owner, evening=evening, defaults=answers
                )
            checkin.owner = owner  # the person as loaded, with their couple already known
            tell_partner_if_shared(checkin)
            if key is not None:
                # A twin racing with the same key fails here, and its save is undone with it.
                CheckInSubmission.objects.create(owner=owner, key=key, checkin=checkin)
    except IntegrityError:
        saved = already_submitted(owner, key) if key is not None else None
        if saved is None:
            raise
        return saved
    return checkin


def already_submitted(owner, key) -> CheckIn | None:
    """The check-in a submission with this form key already saved for `owner`, if any."""
    try:
        key = UUID(str(key))
    except ValueError:
        return None  # not a key at all: the form says so
    submission = (
        CheckInSubmission.objects.owned_by(owner).filter(key=key).select_related("checkin").first()
    )
    return submission.checkin if submission else None


def tell_partner_if_shared(checkin: CheckIn) -> None:
    """A partner who asked for it hears that tonight's check-in was shared with them, once,
    and nothing of what it says (the check-in page shows the shared parts)."""
    if any(checkin.sharing().values()):
        # Worded in the partner's language when they read it (notifications/wording.py).
        tell_partner(
            checkin.owner,
            Notification.Kind.CHECKIN_SHARED,
            # Translators: {actor} is filled in later with the partner's name; keep it as is.
            gettext_noop("{actor} shared tonight's check-in with you."),
            reverse("checkins:partner"),
            about=checkin,
        )


def acknowledge(checkin: CheckIn, author, kind: str, note: str) -> Acknowledgement:
    """The partner's answer; answering again replaces their earlier one. Worded in the
    owner's language when they read it (notifications/wording.py)."""
    return answer_and_tell(
        Acknowledgement,
        checkin,
        author,
        kind,
        note,
        news=Notification.Kind.ACKNOWLEDGEMENT,
        # Translators: {actor} is filled in later with the partner's name, {answer} with
        # their answer ("Sending warmth"); keep both as they are.
        text=gettext_noop("{actor} answered your check-in: {answer}."),
        url=reverse("checkins:evening"),
        params={"answer": Acknowledgement.Kind(kind).label},
    )


def due_checkin_evening(person, now: datetime) -> date | None:
    """The evening whose check-in reminder is due for `person` at `now`, if any.

    Due from the person's evening time on their own clock (in their zone as it is now)
    until that evening ends, so a worker that was down catches up but never sends
    yesterday's reminder.
    """
    zone = person.zone
    local_day = now.astimezone(zone).date()
    for evening in (local_day - timedelta(days=1), local_day):
        starts = evening_starts_at(evening, person.evening_time, zone)
        ends = max(evening_ends_at(evening, zone), starts + timedelta(hours=1))
        if starts <= now < ends:
            return evening
    return None


def reminder_still_due(notification) -> bool:
    """Is a check-in reminder still worth sending now (a copy held by quiet hours, retried
    or late)? Only while its evening is still open and that check-in isn't written."""
    person = notification.recipient
    evening = due_checkin_evening(person, notification.created_at)
    if evening is None or due_checkin_evening(person, timezone.now()) != evening:
        return False
    return not CheckIn.objects.owned_by(person).filter(evening=evening).exists()


def send_checkin_reminder(person, evening: date, now: datetime) -> bool:
    """Remind the person of tonight's check-in unless they wrote it or were reminded."""
    if CheckIn.objects.owned_by(person).filter(evening=evening).exists():
        return False
    kind = Notification.Kind.CHECKIN_REMINDER
    url = reverse("checkins:evening")
    # Kept as its msgid: worded in the person's language when read, whoever runs the worker.
    remind = partial(notify, person, kind, REMINDER_TEXT, url)
    return send_once(CheckinReminderSent(owner=person, evening=evening, sent_at=now), remind)


def send_due_checkin_reminders(now: datetime | None = None) -> int:
    """Send every evening check-in reminder due at `now`; safe to run again at once."""
    now = now or timezone.now()

    def remind(person) -> bool:
        evening = due_checkin_evening(person, now)
        return evening is not None and send_checkin_reminder(person, evening, now)

    people = User.objects.filter(is_active=True).iterator()
    return send_each(people, remind, "Check-in reminder for person")
