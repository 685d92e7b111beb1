"""Bringing a person's own Duet export into an empty account here.

Each part of the export either comes in (its rows saved through the models, so private
text is sealed with this instance's keys) or is left out with a reason the summary shows.
Rows are the person's own: the export never holds a partner's private entries, and what
belongs to the couple or to the partner there (their answers, joint plans, grants given to
them) is left out, so nothing here is ever made in someone else's name. Everything arrives
private: sharing is chosen again with whoever is one's partner here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from checkins.models import SHAREABLE_PARTS
from moving.problems import ImportProblem


@dataclass(frozen=True)
class Part:
    """How one export part comes in: its model, the person's field, links to other parts."""

    label: str | Promise
    model_label: str
    owner: str | None = "owner_id"
    # Foreign key attname -> the part whose rows it points to (their new ids are used).
    parents: dict[str, str] = field(default_factory=dict)
    # Values set whatever the export says: everything arrives private.
    private: dict = field(default_factory=dict)
    # Fields not carried over (links to what doesn't come in).
    drop: tuple[str, ...] = ()
    # A row this returns a reason for is left out (and counted with that reason).
    leave_out: Callable[[dict], str | None] | None = None
    # Preferences: the export's rows replace whatever defaults the person has here.
    replace: bool = False

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)


def _on_joint_activity(row: dict) -> str | None:
    if row.get("activity_id") is not None:
        return gettext("notes on a joint activity belong to your couple's month there")
    return None


NOT_SHARED = {"shared": False}
CHECKIN_PRIVATE = {f"share_{part}": False for part in SHAREABLE_PARTS}

# In the order they come in: a part after the parts it points to.
PARTS: dict[str, Part] = {
    "rituals": Part(
        _("rituals"), "rituals.Ritual", private={"visibility": "private"}, drop=("joint_id",)
    ),
    "practice_logs": Part(
        _("practice logs"), "rituals.PracticeLog", owner=None, parents={"ritual_id": "rituals"}
    ),
    "pauses": Part(_("pauses"), "rituals.Pause", owner=None, parents={"ritual_id": "rituals"}),
    "adjustments": Part(
        _("changes to rituals"), "rituals.Adjustment", owner=None, parents={"ritual_id": "rituals"}
    ),
    "reflections": Part(
        _("reflections"), "rituals.Reflection", owner=None, parents={"ritual_id": "rituals"}
    ),
    "checkins": Part(_("check-ins"), "checkins.CheckIn", private=CHECKIN_PRIVATE),
    "journal_entries": Part(
        _("journal entries"), "wellbeing.JournalEntry", private={"shared_at": None}
    ),
    "journal_entry_tags": Part(
        _("journal tags"), "wellbeing.EntryTag", owner=None, parents={"entry_id": "journal_entries"}
    ),
    "support_network": Part(
        _("people in my support network"), "wellbeing.Contact", private=NOT_SHARED
    ),
    "who5_self_checks": Part(_("WHO-5 self-checks"), "wellbeing.Who5Response", private=NOT_SHARED),
    "personal_objectives": Part(
        _("monthly objectives"), "goals.PersonalObjective", private=NOT_SHARED
    ),
    "progress_notes": Part(
        _("progress notes"),
        "goals.ProgressNote",
        parents={"objective_id": "personal_objectives"},
        drop=("activity_id",),
        leave_out=_on_joint_activity,
    ),
    "monthly_reviews": Part(_("monthly reviews"), "goals.MonthlyReview", private=NOT_SHARED),
    "wins": Part(_("wins"), "goals.Win", private=NOT_SHARED),
    "checkin_sharing_defaults": Part(
        _("check-in sharing defaults"),
        "checkins.SharingDefaults",
        private=CHECKIN_PRIVATE,
        replace=True,
    ),
    "quiet_hours": Part(_("quiet hours"), "notifications.QuietHours", replace=True),
    "notification_channel_choices": Part(
        _("where notifications reach me"), "notifications.KindChoice", replace=True
    ),
    "review_nudge": Part(_("month-end review nudge"), "goals.ReviewNudge", replace=True),
    "own_words": Part(_("my own words"), "words.OwnWord", replace=True),
}
# Settings of the profile that come in; the name and email are the ones chosen here.
PROFILE_FIELDS = ["pronouns", "time_zone", "evening_time", "language"]

THEIRS = _("addressed to or written by your partner there: theirs to bring")
COUPLE = _("belongs to your couple there, not to you alone")
LEFT_OUT: dict[str, str | Promise] = {
    "profile": _("your name and email stay as you chose them here; your settings came in"),
    "acknowledgements_received": THEIRS,
    "acknowledgements_written": _("your answers sit on your partner's check-ins there"),
    "journal_acknowledgements_received": THEIRS,
    "journal_acknowledgements_written": _(
        "your answers sit on your partner's journal entries there"
    ),
    "appreciations_received": THEIRS,
    "appreciations_written": _("addressed to your partner there"),
    "support_grants_given": _("permissions are given to one person: give them again here"),
    "support_grant_history": _("the history of permissions given there"),
    "support_requests": _("requests were asked of your partner there"),
    "support_requests_answered": THEIRS,
    "support_request_answers": _("your answers sit on your partner's requests there"),
    "support_offers_made": _("addressed to your partner there"),
    "reminders_written": _("addressed to your partner there"),
    "joint_rituals_proposed": COUPLE,
    "joint_rituals_invited": COUPLE,
    "joint_activities_proposed": COUPLE,
    "our_months": COUPLE,
    "vision_versions_written": COUPLE,
    "couple_memberships": COUPLE,
    "boundaries": _(
        "boundaries are written for one partner, who always reads them: add them again "
        "here if they still fit"
    ),
    "notifications": _("inbox items about what happened there"),
    "notification_deliveries": _("inbox items about what happened there"),
    "notification_opt_ins": _("inbox items about what happened there"),
    "push_devices": _("each phone or browser subscribes again here"),
    "notification_channels": _("channel addresses are never in an export: add them again here"),
    "calendar_feed": _(
        "calendar addresses belong to the server that made them: make a new one here"
    ),
    "security_events": _("the security log of that server stays there"),
    "checkin_reminders_sent": _("bookkeeping of reminders sent there"),
    "ritual_reminders_sent": _("bookkeeping of reminders sent there"),
    "review_nudges_sent": _("bookkeeping of reminders sent there"),
    "imports": _("the record of imports made there"),
}
NEWER = _("this Duet doesn't know this part of an export")


def owns_anything(person: User) -> bool:
    """Has the person anything of their own here an export could collide with?"""
    for part in PARTS.values():
        mine = part.model.objects.filter(**{part.owner: person.pk}) if part.owner else None
        if mine is not None and not part.replace and mine.exists():
            return True
    return False


NOT_EMPTY = _(
    "A Duet export comes into an account that has nothing of its own yet, so nothing is "
    "mixed up or doubled. This account already has rituals, check-ins or other entries. "
    "Would it help to sign up afresh here and bring the export into that account?"
)


class Importer:
    """One export into one person's account, inside the caller's transaction."""

    def __init__(self, person: User, tables: dict[str, list[dict]], progress: Callable):
        self.person = person
        self.tables = tables
        self.progress = progress
        self.new_ids: dict[str, dict[int, int]] = {}
        self.added: list[list] = []
        self.skipped: list[list] = []

    def run(self) -> dict:
        if owns_anything(self.person):
            raise ImportProblem(NOT_EMPTY)
        total = sum(len(self.tables.get(name, [])) for name in PARTS) + 1
        done = 0
        self._profile()
        for name, part in PARTS.items():
            rows = self.tables.get(name, [])
            self.progress(str(part.label), done, total)
            count = self._part(name, part, rows)
            done += len(rows)
            if count:
                self.added.append([str(part.label), count])
        for name, rows in sorted(self.tables.items()):
            if name not in PARTS and rows and name != "profile":
                self.skipped.append(
                    [name.replace("_", " "), len(rows), str(LEFT_OUT.get(name, NEWER))]
                )
        self.progress(gettext("done"), total, total)
        return {
            "added": self.added,
            "skipped": self.skipped,
            "notes": [
                gettext("Everything came in private: nothing is shared until you choose again.")
            ],
        }

    def _profile(self) -> None:
        rows = self.tables.get("profile") or [{}]
        row = rows[0]
        for name in PROFILE_FIELDS:
            if name in row:
                model_field = User._meta.get_field(name)
                setattr(self.person, name, self._value(model_field, row[name], "profile", 1))
        self._clean(self.person, "profile", 1, exclude=["password", "email", "display_name"])
        self.person.save(update_fields=PROFILE_FIELDS)
        self.added.append([gettext("settings (pronouns, time zone, evening time)"), 1])

    def _part(self, name: str, part: Part, rows: list[dict]) -> int:
        model = part.model
        ids = self.new_ids.setdefault(name, {})
        columns = [
            f
            for f in model._meta.concrete_fields
            if not f.primary_key and f.attname not in part.drop
        ]
        left_out: dict[str, int] = {}
        count = 0
        if part.replace and rows:
            model.objects.filter(**{part.owner: self.person.pk}).delete()
        for number, row in enumerate(rows, start=1):
            why = part.leave_out(row) if part.leave_out else None
            if why:
                left_out[why] = left_out.get(why, 0) + 1
                continue
            values = {}
            for column in columns:
                if column.attname == part.owner:
                    values[column.attname] = self.person.pk
                elif column.attname in part.parents:
                    values[column.attname] = self._parent(part, column.attname, row, name, number)
                elif column.attname in part.private:
                    values[column.attname] = part.private[column.attname]
                elif column.attname in row:
                    values[column.attname] = self._value(column, row[column.attname], name, number)
            instance = model(**values)
            self._clean(instance, name, number)
            instance.save()
            if "id" in row:
                ids[row["id"]] = instance.pk
            count += 1
        for why, many in left_out.items():
            self.skipped.append([str(part.label), many, why])
        return count

    def _parent(self, part: Part, attname: str, row: dict, name: str, number: int):
        old = row.get(attname)
        if old is None:
            return None
        new = self.new_ids.get(part.parents[attname], {}).get(old)
        if new is None:
            raise ImportProblem(
                gettext(
                    "Row %(number)s of %(part)s points to something that isn't in this export, "
                    "so the export looks damaged and nothing was imported."
                )
                % {"number": number, "part": name}
            )
        return new

    @staticmethod
    def _value(column: models.Field, value, name: str, number: int):
        try:
            return column.to_python(value)
        except ValidationError as error:
            raise ImportProblem(
                gettext(
                    "Row %(number)s of %(part)s: %(column)s isn't readable (%(why)s), so "
                    "nothing was imported."
                )
                % {
                    "number": number,
                    "part": name,
                    "column": column.name,
                    "why": "; ".join(error.messages),
                }
            ) from None

    @staticmethod
    def _clean(instance: models.Model, name: str, number: int, exclude=None) -> None:
        try:
            instance.full_clean(exclude=exclude)
        except ValidationError as error:
            fields = ", ".join(sorted(error.message_dict)) if hasattr(error, "error_dict") else ""
            if fields:
                message = gettext(
                    "Row %(number)s of %(part)s isn't something Duet can keep (%(fields)s), "
                    "so nothing was imported."
                ) % {"number": number, "part": name, "fields": fields}
            else:
                message = gettext(
                    "Row %(number)s of %(part)s isn't something Duet can keep, so nothing "
                    "was imported."
                ) % {"number": number, "part": name}
            details = [
                gettext("%(part)s row %(number)s: %(message)s")
                % {"part": name, "number": number, "message": problem}
                for problem in error.messages
            ]
            raise ImportProblem(message, details=details[:10]) from None
