"""Writes for monthly plans, reviews, appreciations and wins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from couples import privacy
from goals.models import (
    Appreciation,
    JointActivity,
    MonthlyPlan,
    MonthlyReview,
    PersonalObjective,
    ProgressNote,
)


class GoalError(Exception):
    """A step that cannot happen; its message is meant for the person."""


def plan_for(couple, month: date) -> MonthlyPlan:
    """The couple's plan for the month, created on first use."""
    try:
        with transaction.atomic():
            plan, _created = MonthlyPlan.objects.get_or_create(couple=couple, month=month)
    except IntegrityError:
        plan = MonthlyPlan.objects.get(couple=couple, month=month)
    return plan


def set_objective(owner, month: date, text: str, shared: bool) -> PersonalObjective:
    """One personal objective a month: writing it again edits the same one."""
    objective, _created = PersonalObjective.objects.update_or_create(
        owner=owner, month=month, defaults={"text": text, "shared": shared}
    )
    return objective


def propose_activity(person, month: date, text: str) -> JointActivity:
    """Each partner proposes one joint activity a month; proposing again edits it."""
    couple = privacy.current_couple(person)
    if couple is None or privacy.partner_of(person) is None:
        raise GoalError("Joint activities are for two. Invite your partner from the Us page.")
    activity, _created = JointActivity.objects.update_or_create(
        plan=plan_for(couple, month), proposed_by=person, defaults={"text": text}
    )
    return activity


def toggle_done(activity: JointActivity, person) -> None:
    """Either partner can mark a joint activity done, or not done after all."""
    if activity.done_at:
        activity.done_at, activity.done_by = None, None
    else:
        activity.done_at, activity.done_by = timezone.now(), person
    activity.save(update_fields=["done_at", "done_by"])


def add_progress(owner, text: str, objective=None, activity=None) -> ProgressNote:
    return ProgressNote.objects.create(
        owner=owner, objective=objective, activity=activity, text=text
    )


def save_review(owner, month: date, answers: dict) -> MonthlyReview:
    review, _created = MonthlyReview.objects.update_or_create(
        owner=owner, month=month, defaults=answers
    )
    return review


@dataclass
class Conflict:
    """Someone else saved the note since this person began editing it."""

    theirs: str
    mine: str
    updated_by: str
    version: int


def save_our_month(plan: MonthlyPlan, person, text: str, based_on: int) -> Conflict | None:
    """Save the joint note only if nobody saved it since `based_on`; else report both texts."""
    updated = MonthlyPlan.objects.filter(pk=plan.pk, version=based_on).update(
        our_month=text, version=F("version") + 1, updated_by=person, updated_at=timezone.now()
    )
    if updated:
        return None
    plan.refresh_from_db()
    return Conflict(
        theirs=plan.our_month,
        mine=text,
        updated_by=str(plan.updated_by or "your partner"),
        version=plan.version,
    )


def forget_author(user) -> None:
    """Before `user`'s account goes: an "our month" note they saved last loses its words; one
    the partner saved after them is the partner's (co-)writing and stays."""
    MonthlyPlan.objects.filter(updated_by=user).update(our_month="", updated_by=None)


def appreciate(author, month: date, text: str) -> Appreciation:
    recipient = privacy.partner_of(author)
    if recipient is None:
        raise GoalError("Appreciations go to your partner. Invite them from the Us page.")
    return Appreciation.objects.create(author=author, recipient=recipient, month=month, text=text)
