"""Writes for rituals: every change that touches more than one row lives here."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.localtime import local_today
from couples import privacy, versions
from couples.services import lock_current_memberships
from notifications.catalogue import recent_twin, reword_told, subject_of, tell, told
from notifications.models import Notification
from rituals.models import (
    Adjustment,
    JointRitual,
    Pause,
    PracticeLog,
    Reflection,
    Ritual,
)
from rituals.signals import ritual_made_private

# The other's copy of a joint ritual, once its proposer's words are gone with their account.
# (Written in the copy's owner's language when it is put in place.)
FORMER_MEMBERS_RITUAL = gettext_noop("A ritual from a former member")


class RitualError(Exception):
    """A ritual step that cannot happen; its message is meant for the person."""


def create_ritual(ritual: Ritual, owner) -> Ritual:
    """Save a new ritual for `owner`, starting on their local today."""
    ritual.owner = owner
    ritual.started_on = local_today(owner)
    ritual.save()
    return ritual


def log_practice(
    ritual: Ritual, day: date, outcome: str, adaptation: str = "", note: str | None = None
) -> PracticeLog:
    """Note how `day` went; logging the same day again updates that day's entry.

    A one-tap log (note=None) keeps any note already written for the day.
    """
    defaults = {"outcome": outcome, "adaptation": adaptation if outcome == "adapted" else ""}
    if note is not None:
        defaults["note"] = note
    # update_or_create survives a double tap racing to the insert: the loser updates.
    log, _created = PracticeLog.objects.update_or_create(ritual=ritual, day=day, defaults=defaults)
    return log


def adjust_ritual(ritual: Ritual, before: dict, after: dict, reason: str, note: str) -> None:
    """Save an edited ritual, keeping the change of plan in its history."""
    with transaction.atomic():
        ritual.save()
        if not ritual.is_shared:
            ritual_made_private.send(sender=Ritual, ritual=ritual)
        if before != after:
            Adjustment.objects.create(
                ritual=ritual, reason=reason, note=note, before=before, after=after
            )


def pause_ritual(ritual: Ritual, reason: str = "", resume_on: date | None = None) -> Pause:
    if ritual.status != Ritual.Status.ACTIVE:
        raise RitualError(_("Only an active ritual can be paused."))
    with transaction.atomic():
        pause = Pause.objects.create(
            ritual=ritual,
            starts_on=local_today(ritual.owner),
            resume_on=resume_on,
            reason=reason,
        )
        ritual.status = Ritual.Status.PAUSED
        ritual.save(update_fields=["status"])
    return pause


def resume_ritual(ritual: Ritual, on: date | None = None) -> None:
    """End the open pause; the days it covered never count as missed."""
    on = on or local_today(ritual.owner)
    with transaction.atomic():
        for pause in ritual.pauses.filter(ends_on__isnull=True):
            pause.ends_on = max(on, pause.starts_on)
            pause.save(update_fields=["ends_on"])
        ritual.status = Ritual.Status.ACTIVE
        ritual.save(update_fields=["status"])


def resume_due_pauses(owner) -> int:
    """Resume the owner's rituals whose planned resume day has come. Asked by Today (on a
    GET) and by the worker, neither of which the versions' middleware reads: what the two
    keep (couples/versions.py) is drawn again on their next request."""
    today = local_today(owner)
    due = Pause.objects.filter(
        ritual__owner=owner,
        ritual__status=Ritual.Status.PAUSED,
        ends_on__isnull=True,
        resume_on__lte=today,
    ).select_related("ritual")
    count = 0
    for pause in due:
        resume_ritual(pause.ritual, on=pause.resume_on)
        count += 1
    if count:
        versions.bump(owner)
    return count


def retire_ritual(ritual: Ritual) -> None:
    if ritual.status == Ritual.Status.PAUSED:
        resume_ritual(ritual)
    ritual.status = Ritual.Status.ARCHIVED
    ritual.save(update_fields=["status"])


def restore_ritual(ritual: Ritual) -> None:
    ritual.status = Ritual.Status.ACTIVE
    ritual.save(update_fields=["status"])


def reflect(ritual: Ritual, what_changed: str, choice: str, note: str) -> Reflection:
    """Keep the owner's private reflection and act on their choice."""
    with transaction.atomic():
        reflection = Reflection.objects.create(
            ritual=ritual,
            day=local_today(ritual.owner),
            what_changed=what_changed,
            choice=choice,
            note=note,
        )
        if choice == Reflection.Choice.PAUSE and ritual.status == Ritual.Status.ACTIVE:
            with translation.override(ritual.owner.language):
                # Translators: a paused ritual's reason; %(what)s is what changed ("Work").
                reason = _("Reflection: %(what)s") % {"what": reflection.get_what_changed_display()}
            pause_ritual(ritual, reason=reason)
        elif choice == Reflection.Choice.RETIRE:
            retire_ritual(ritual)
    return reflection


def propose_joint_ritual(plan: JointRitual, proposer) -> JointRitual:
    """Offer the partner a ritual to do together; nothing exists for them until they accept."""
    partner = privacy.partner_of(proposer)
    if partner is None:
        raise RitualError(_("A joint ritual needs a partner. Invite yours from the Us page."))
    plan.couple = privacy.current_couple(proposer)
    plan.proposed_by = proposer
    plan.invitee = partner
    with transaction.atomic():
        lock_current_memberships(proposer)  # a double submit waits here, then finds its twin
        twin = recent_twin(
            JointRitual.objects.filter(
                couple=plan.couple, proposed_by=proposer, status=JointRitual.Status.PROPOSED
            ),
            lambda earlier: earlier.title == plan.title,
        )
        if twin is not None:
            return twin
        plan.save()
        # The title stays on the Today page, where it is shown while the couple lasts.
        # Worded in the partner's language when they read it (notifications/wording.py).
        tell(
            partner,
            Notification.Kind.JOINT_RITUAL_PROPOSED,
            # Translators: keep {actor} as it is: the proposer's name is put there.
            gettext_noop(
                "{actor} would like to do a ritual together with you. Would you like to see it?"
            ),
            reverse("rituals:today"),
            about=plan,
            actor=proposer,
        )
    return plan


def respond_to_joint_ritual(joint: JointRitual, person, accept: bool) -> None:
    """The invitee accepts (each gets their own ritual to log) or declines."""
    with transaction.atomic():
        joint = JointRitual.objects.select_for_update().get(pk=joint.pk)
        if joint.status != JointRitual.Status.PROPOSED or joint.invitee_id != person.pk:
            raise RitualError(_("This proposal has already been answered."))
        joint.status = JointRitual.Status.ACCEPTED if accept else JointRitual.Status.DECLINED
        joint.responded_at = timezone.now()
        joint.save(update_fields=["status", "responded_at"])
        # Worded in the proposer's language when they read it (notifications/wording.py).
        if accept:
            # Translators: keep {actor} as it is: the partner's name is put there.
            text = gettext_noop(
                "{actor} said yes to the ritual you proposed: it's now one for both of you."
            )
        else:
            # Translators: keep {actor} as it is: the partner's name is put there.
            text = gettext_noop(
                "{actor} said no thanks to the ritual you proposed, and that's okay."
            )
        tell(
            joint.proposed_by,
            Notification.Kind.JOINT_RITUAL_ACCEPTED
            if accept
            else Notification.Kind.JOINT_RITUAL_DECLINED,
            text,
            reverse("rituals:list"),
            about=joint,
            actor=person,
        )
        if accept:
            for member, intention in [(joint.proposed_by, joint.intention), (person, "")]:
                create_ritual(
                    Ritual(
                        title=joint.title,
                        category=joint.category,
                        intention=intention,
                        schedule_kind=joint.schedule_kind,
                        weekdays=joint.weekdays,
                        times_per_week=joint.times_per_week,
                        anchor=joint.anchor,
                        anchor_time=joint.anchor_time,
                        # Each copy is its owner's own: private until they share it.
                        visibility=Ritual.Visibility.PRIVATE,
                        joint=joint,
                    ),
                    owner=member,
                )


def end_joint_rituals(couple) -> int:
    """The couple ended: each keeps their copy of its joint rituals, private and on its own."""
    JointRitual.objects.filter(couple=couple, status=JointRitual.Status.PROPOSED).update(
        status=JointRitual.Status.WITHDRAWN, responded_at=timezone.now()
    )
    return Ritual.objects.filter(joint__couple=couple).update(
        joint=None, visibility=Ritual.Visibility.PRIVATE
    )


def forget_proposer(user) -> None:
    """Before `user`'s account goes: the other's copy of a joint ritual they proposed keeps
    its practice but not the title `user` wrote (unless its owner has renamed it)."""
    copies = Ritual.objects.filter(joint__proposed_by=user).exclude(owner=user)
    for copy in copies.select_related("joint", "owner"):
        with translation.override(copy.owner.language):
            former_members = _(FORMER_MEMBERS_RITUAL)
        theirs = copy.joint.title
        if copy.title == theirs:
            copy.title = former_members
            copy.save(update_fields=["title"])
        # The copy's history of changes keeps the title as it was, before and after.
        for adjustment in copy.adjustments.all():
            for plan in (adjustment.before, adjustment.after):
                if plan.get("title") == theirs:
                    plan["title"] = former_members
            adjustment.save(update_fields=["before", "after"])


def withdraw_joint_ritual(joint: JointRitual, person) -> None:
    """The proposer takes a proposal back; its inbox item stops asking for an answer."""
    with transaction.atomic():
        updated = (
            JointRitual.objects.owned_by(person)
            .filter(pk=joint.pk, status=JointRitual.Status.PROPOSED)
            .update(status=JointRitual.Status.WITHDRAWN, responded_at=timezone.now())
        )
        if not updated:
            raise RitualError(_("This proposal has already been answered."))
        # Worded in the invitee's language when they read it (notifications/wording.py).
        # Translators: keep {actor} as it is: the partner's name is put there.
        text = gettext_noop(
            "{actor} had proposed a ritual to do together, and has taken the proposal back."
        )
        reword_told(told(joint, Notification.Kind.JOINT_RITUAL_PROPOSED), text)


def proposal_still_open(notification: Notification) -> bool:
    """For a copy sent later: the joint ritual proposed is still waiting for an answer."""
    joint = subject_of(notification, JointRitual)
    return joint is not None and joint.status == JointRitual.Status.PROPOSED


def step_out(ritual: Ritual) -> None:
    """Leave a joint ritual: yours retires, your partner's carries on as theirs."""
    if ritual.joint_id is None:
        raise RitualError(_("This ritual is not a joint one."))
    with transaction.atomic():
        retire_ritual(ritual)
        theirs = Ritual.objects.filter(joint=ritual.joint_id).exclude(owner=ritual.owner).first()
        if theirs is not None and privacy.is_partner(ritual.owner, theirs.owner_id):
            # Worded in the partner's language when they read it (notifications/wording.py).
            tell(
                theirs.owner,
                Notification.Kind.JOINT_RITUAL_STEPPED_OUT,
                # Translators: keep {actor} as it is: the partner's name is put there.
                gettext_noop(
                    "{actor} stepped out of a ritual you did together. Yours carries on as "
                    "your own, for as long as you'd like."
                ),
                reverse("rituals:detail", args=[theirs.pk]),
                about=ritual.joint,
                actor=ritual.owner,
            )
