"""Writes for check-ins."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction

from checkins.models import Acknowledgement, CheckIn


def save_checkin(owner, evening: date, answers: dict) -> CheckIn:
    """Create or update the owner's one check-in for `evening`; a double submit edits it."""
    try:
        with transaction.atomic():
            checkin, _created = CheckIn.objects.update_or_create(
                owner=owner, evening=evening, defaults=answers
            )
    except IntegrityError:
        # Two submits raced to the insert; the other one won, so update that row.
        checkin = CheckIn.objects.get(owner=owner, evening=evening)
        for field, value in answers.items():
            setattr(checkin, field, value)
        checkin.save()
    return checkin


def acknowledge(checkin: CheckIn, author, kind: str, note: str) -> Acknowledgement:
    """The partner's answer; answering again replaces their earlier one."""
    try:
        with transaction.atomic():
            answer, _created = Acknowledgement.objects.update_or_create(
                checkin=checkin, author=author, defaults={"kind": kind, "note": note}
            )
    except IntegrityError:
        answer = Acknowledgement.objects.get(checkin=checkin, author=author)
        answer.kind, answer.note = kind, note
        answer.save()
    return answer
