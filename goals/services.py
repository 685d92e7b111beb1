"""Writes for monthly plans, reviews, appreciations and wins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from couples import privacy
from couples.services import lock_current_memberships
from goals import months
from goals.models import (
    Appreciation,
    JointActivity,
    MonthlyPlan,
    MonthlyReview,
    PersonalObjective,
    ProgressNote,
    Win,
)
from notifications import wording
from notifications.catalogue import recent_twin, tell, tell_partner
from notifications.models import Notification


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
        raise GoalError(_("Joint activities are for two. Invite your partner from the Us page."))
    plan = plan_for(couple, month)
    with transaction.atomic():
        activity, _created = JointActivity.objects.update_or_create(
            plan=plan, proposed_by=person, defaults={"text": text}
        )
        # Once per activity: editing its words later is not a new proposal.
        tell_partner(
            person,
            Notification.Kind.JOINT_ACTIVITY_PROPOSED,
            # Translators: {actor} is a name, {month} a month's name.
            gettext_noop(
                "{actor} proposed something to do together in {month}. Would you like to see it?"
            ),
            reverse("goals:month", args=[months.key(month)]),
            about=activity,
            params={"month": wording.month(month)},
        )
    return activity


# What each answer to a joint activity does: (the state it needs, the state it makes, the kind).
ACTIVITY_ANSWERS = {
    "accept": (
        JointActivity.Answer.PROPOSED,
        JointActivity.Answer.ACCEPTED,
        Notification.Kind.JOINT_ACTIVITY_ACCEPTED,
    ),
    "decline": (
        JointActivity.Answer.PROPOSED,
        JointActivity.Answer.DECLINED,
        Notification.Kind.JOINT_ACTIVITY_DECLINED,
    ),
    "step_out": (
        JointActivity.Answer.ACCEPTED,
        JointActivity.Answer.STEPPED_OUT,
        Notification.Kind.JOINT_ACTIVITY_STEPPED_OUT,
    ),
}
ACTIVITY_NEWS = {
    "accept": gettext_noop("{actor} said yes to what you proposed to do together this month."),
    "decline": gettext_noop(
        "{actor} said no thanks to what you proposed this month, and that's okay."
    ),
    "step_out": gettext_noop(
        "{actor} stepped out of something you'd planned to do together this month. "
        "No reason needed; would you like to talk about it when it suits you both?"
    ),
}


def answer_activity(activity: JointActivity, person, action: str) -> None:
    """The other partner accepts or declines a proposed activity; either steps out of an
    accepted one. The other is told, once, and no reason is asked for."""
    if action not in ACTIVITY_ANSWERS:
        raise GoalError(_("That answer isn't one of the choices."))
    needs, makes, kind = ACTIVITY_ANSWERS[action]
    if action != "step_out" and activity.proposed_by_id == person.pk:
        raise GoalError(_("Your partner answers what you propose; you can change its words."))
    with transaction.atomic():
        updated = JointActivity.objects.filter(pk=activity.pk, answer=needs).update(
            answer=makes, answered_at=timezone.now()
        )
        if not updated:
            raise GoalError(_("This activity has been answered already."))
        tell_partner(
            person,
            kind,
            ACTIVITY_NEWS[action],
            reverse("goals:month", args=[months.key(activity.plan.month)]),
            about=activity,
        )


def toggle_done(activity: JointActivity, person) -> None:
    """Either partner can mark a joint activity done, or not done after all."""
    if activity.answer != JointActivity.Answer.ACCEPTED:
        raise GoalError(_("A joint activity can be marked done once you've both said yes to it."))
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
    """Save the owner's review of the month; the partner hears of it the first time it is
    shared with them (its words stay on the month page, where sharing still decides)."""
    with transaction.atomic():
        review, _created = MonthlyReview.objects.update_or_create(
            owner=owner, month=month, defaults=answers
        )
        if review.shared:
            tell_partner(
                owner,
                Notification.Kind.REVIEW_SHARED,
                # Translators: {actor} is a name, {month} a month's name.
                gettext_noop("{actor} wrote a kind review of {month} and shared it with you."),
                reverse("goals:month", args=[months.key(month)]),
                about=review,
                params={"month": wording.month(month)},
            )
    return review


def note_win(win: Win, owner, month: date) -> Win:
    """Keep the owner's win; a shared one is told to the partner (its words stay on the
    month page). The same win posted twice in a row is kept once."""
    win.owner, win.month = owner, month
    with transaction.atomic():
        lock_current_memberships(owner)
        twin = recent_twin(
            Win.objects.owned_by(owner).filter(month=month, shared=win.shared),
            lambda earlier: earlier.text == win.text,
        )
        if twin is not None:
            return twin
        win.save()
        if win.shared:
            tell_partner(
                owner,
                Notification.Kind.WIN_SHARED,
                gettext_noop("{actor} shared a win with you. Would you like to see it?"),
                reverse("goals:current"),
                about=win,
            )
    return win


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
        updated_by=str(plan.updated_by) if plan.updated_by else _("Your partner"),
        version=plan.version,
    )


def forget_author(user) -> None:
    """Before `user`'s account goes: an "our month" note they saved last loses its words; one
    the partner saved after them is the partner's (co-)writing and stays."""
    MonthlyPlan.objects.filter(updated_by=user).update(our_month="", updated_by=None)


def appreciate(author, month: date, text: str) -> Appreciation:
    """Send the partner an appreciation; the same words sent twice in a row are sent once."""
    recipient = privacy.partner_of(author)
    if recipient is None:
        raise GoalError(_("Appreciations go to your partner. Invite them from the Us page."))
    with transaction.atomic():
        lock_current_memberships(author)
        twin = recent_twin(
            Appreciation.objects.owned_by(author).filter(recipient=recipient),
            lambda earlier: earlier.text == text,
        )
        if twin is not None:
            return twin
        appreciation = Appreciation.objects.create(
            author=author, recipient=recipient, month=month, text=text
        )
        tell(
            recipient,
            Notification.Kind.APPRECIATION,
            gettext_noop(
                "{actor} wrote you an appreciation. It's waiting for you on the month page."
            ),
            reverse("goals:current"),
            about=appreciation,
            actor=author,
        )
    return appreciation
