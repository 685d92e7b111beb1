"""Plausible history for many couples, fast: bulk inserts in large batches.

Used by `manage.py generate_data` and by the benchmark. Everything is deterministic for a
given seed, so two runs produce the same data.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max

from accounts.models import User
from checkins.models import Acknowledgement, CheckIn
from core import encryption
from core.fields import EncryptedMixin
from couples.models import Couple, Membership
from goals.models import (
    Appreciation,
    JointActivity,
    MonthlyPlan,
    MonthlyReview,
    PersonalObjective,
    Win,
)
from goals.months import shift
from notifications.models import Notification
from rituals.models import PracticeLog, Ritual
from support.models import GrantEvent, Reminder, SupportGrant
from wellbeing.models import EntryTag, JournalEntry

BATCH = 5000
PASSWORD = "bench-password-1"
ZONES = ["Europe/Lisbon", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "Australia/Sydney"]
RITUALS = [
    ("Morning pages", "journaling", "morning"),
    ("Walk after lunch", "movement", "midday"),
    ("Five minutes of breathing", "mindfulness", "evening"),
    ("Phone down", "sleep", "bedtime"),
]
TAGS = ["trigger", "pattern", "coping", "win"]
OUTCOMES = ["done"] * 6 + ["partly", "adapted", "rest", "skipped"]


class BulkWriter:
    """Plain rows into the big tables: COPY on PostgreSQL, executemany elsewhere.

    Model instances and bulk_create cost more than the database itself at this size.
    """

    def __init__(self):
        self.rows: dict[type, list[tuple]] = {}
        self.columns: dict[type, list[str]] = {}
        self.next_ids: dict[type, int] = {}

    def add(self, model, values: dict) -> None:
        """One row, given as column name to value."""
        columns = list(values)
        self.columns[model] = columns
        row = tuple(values.values())
        sealed = self.sealed_positions(model, tuple(columns))
        if sealed:
            row = tuple(
                encryption.seal(value) if position in sealed else value
                for position, value in enumerate(row)
            )
        self.rows.setdefault(model, []).append(row)
        if len(self.rows[model]) >= BATCH * 4:
            self.flush(model)

    def add_numbered(self, model, values: dict) -> int:
        """One row that others point at: its id is given here, as the database gives none
        before the rows are written."""
        if model not in self.next_ids:
            self.next_ids[model] = next_id(model)
        row_id = self.next_ids[model]
        self.next_ids[model] += 1
        self.add(model, {"id": row_id, **values})
        return row_id

    @staticmethod
    @cache
    def sealed_positions(model, columns: tuple[str, ...]) -> frozenset[int]:
        """Raw rows skip the model fields, so private text is sealed here as the app would."""
        return frozenset(
            position
            for position, column in enumerate(columns)
            if isinstance(model._meta.get_field(column.removesuffix("_id")), EncryptedMixin)
        )

    def flush(self, model=None) -> None:
        for each in [model] if model else list(self.rows):
            rows, self.rows[each] = self.rows.get(each, []), []
            if rows:
                self._write(each, self.columns[each], rows)

    def _write(self, model, columns, rows) -> None:
        table = connection.ops.quote_name(model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(column) for column in columns)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                raw = cursor.cursor  # psycopg 3's own cursor, for COPY
                with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            with connection.cursor() as cursor:
                sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608 (quoted model names)
                cursor.executemany(sql, rows)


def next_id(model) -> int:
    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


def reset_sequences(*models) -> None:
    """After explicit ids, let the database hand out the next ones itself."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(models))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


@dataclass
class Summary:
    couples: int = 0
    people: int = 0
    rituals: int = 0
    logs: int = 0
    checkins: int = 0
    acknowledgements: int = 0
    grants: int = 0
    reminders: int = 0
    plans: int = 0
    journal_entries: int = 0
    notifications: int = 0


def bench_email(couple: int, seat: int) -> str:
    return f"bench{couple}-{seat}@bench.duet"


def generate(couples: int, days: int, today: date, seed: int = 1) -> Summary:
    """Create `couples` couples with `days` days of history ending yesterday."""
    chance = random.Random(seed)
    summary = Summary()
    password = make_password(PASSWORD)  # one hash for everyone: hashing is the slow part
    start = today - timedelta(days=days)
    first_index = User.objects.filter(email__endswith="@bench.duet").count() // 2
    writer = BulkWriter()
    with transaction.atomic():
        for number in range(first_index, first_index + couples):
            _one_couple(number, chance, password, start, today, summary, writer)
        writer.flush()
        reset_sequences(
            CheckIn, PracticeLog, Acknowledgement, Reminder, JournalEntry, EntryTag, Notification
        )
    return summary


def _one_couple(number, chance, password, start, today, summary, writer) -> None:
    joined = datetime.combine(start, time(12), tzinfo=UTC)
    people = User.objects.bulk_create(
        User(
            email=bench_email(number, seat),
            display_name=f"Bench {number}-{seat}",
            time_zone=chance.choice(ZONES),
            password=password,
            date_joined=joined,
        )
        for seat in (1, 2)
    )
    couple = Couple.objects.create(created_at=joined)
    Membership.objects.bulk_create(
        Membership(couple=couple, user=person, seat=seat, joined_at=joined)
        for seat, person in enumerate(people, start=1)
    )
    rituals = Ritual.objects.bulk_create(
        Ritual(
            owner=person,
            title=title,
            category=category,
            intention=f"Private intention {number}",
            anchor=anchor,
            visibility=chance.choice(["private", "exists", "practice"]),
            started_on=start,
            created_at=joined,
        )
        for person in people
        for title, category, anchor in chance.sample(RITUALS, 3)
    )
    now = datetime.now(UTC)
    partner_of = {people[0].pk: people[1].pk, people[1].pk: people[0].pk}
    logs = checkins = acknowledgements = entries = notifications = 0
    day = start
    while day < today:
        for ritual in rituals:
            if chance.random() < 0.75:
                writer.add(
                    PracticeLog,
                    {
                        "ritual_id": ritual.pk,
                        "day": day,
                        "outcome": chance.choice(OUTCOMES),
                        "adaptation": "",
                        "note": "",
                        "created_at": now,
                        "updated_at": now,
                    },
                )
                logs += 1
        for person in people:
            if chance.random() < 0.8:
                pleasantness = chance.randint(1, 5)
                checkin_id = writer.add_numbered(
                    CheckIn,
                    {
                        "owner_id": person.pk,
                        "evening": day,
                        "pleasantness": pleasantness,
                        "feeling_energy": chance.randint(1, 5),
                        "feeling_words": json.dumps(["calm"] if pleasantness > 3 else ["tired"]),
                        "sleep_hours": chance.choice([6, 6.5, 7, 7.5, 8]),
                        "sleep_quality": chance.randint(1, 5),
                        "energy": chance.randint(1, 5),
                        "wish": chance.choice(["listen", "company", "space", "nothing", ""]),
                        "note": "A private note" if chance.random() < 0.2 else "",
                        "share_feeling": True,
                        "share_sleep": False,
                        "share_energy": False,
                        "share_wish": chance.random() < 0.5,
                        "share_note": False,
                        "created_at": now,
                        "updated_at": now,
                    },
                )
                checkins += 1
                if chance.random() < 0.3:
                    writer.add(
                        Notification,
                        {
                            "recipient_id": person.pk,
                            "kind": "acknowledgement",
                            "text": "{actor} answered your check-in: {answer}.",
                            "params": '{"answer": "I\'m here"}',  # worded when read
                            "actor_id": partner_of[person.pk],
                            "words": "",
                            "url": "/check-in/",
                            "created_at": datetime.combine(day, time(21), tzinfo=UTC),
                            # The last week's answers are still unread: the badge counts them.
                            "read_at": None if (today - day).days < 7 else now,
                            "email_status": "",
                            "email_attempts": 0,
                            "email_error": "",
                        },
                    )
                    notifications += 1
                    writer.add(
                        Acknowledgement,
                        {
                            "checkin_id": checkin_id,
                            "author_id": partner_of[person.pk],
                            "kind": chance.choice(["thanks", "here", "warmth"]),
                            "note": "",
                            "created_at": now,
                        },
                    )
                    acknowledgements += 1
            if chance.random() < 0.15:
                entry_id = writer.add_numbered(
                    JournalEntry,
                    {
                        "owner_id": person.pk,
                        "written_on": day,
                        "title": "An evening" if chance.random() < 0.5 else "",
                        "body": "What happened, and what I noticed.",
                        "shared_at": now if chance.random() < 0.2 else None,
                        "created_at": now,
                        "updated_at": now,
                    },
                )
                writer.add(EntryTag, {"entry_id": entry_id, "tag": chance.choice(TAGS)})
                entries += 1
        day += timedelta(days=1)
    _support(people, rituals, start, today, chance, summary, writer)
    _goals(couple, people, start, today, chance, summary)
    summary.couples += 1
    summary.people += len(people)
    summary.rituals += len(rituals)
    summary.logs += logs
    summary.checkins += checkins
    summary.acknowledgements += acknowledgements
    summary.journal_entries += entries
    summary.notifications += notifications


def _support(people, rituals, start, today, chance, summary, writer) -> None:
    ana, bo = people
    shared = [r for r in rituals if r.owner_id == ana.pk and r.visibility != "private"]
    grant = SupportGrant.objects.create(
        owner=ana,
        partner=bo,
        kind="remind",
        ritual=shared[0] if shared else None,
        weekly_cap=3,
        created_at=datetime.combine(start, time(12), tzinfo=UTC),
    )
    GrantEvent.objects.create(grant=grant, action="given", summary="Remind me", at=grant.created_at)
    target = shared[0] if shared else next(r for r in rituals if r.owner_id == ana.pk)
    reminders = 0
    day = start
    while day < today:
        if chance.random() < 0.2:
            due = datetime.combine(day, time(18), tzinfo=UTC)
            writer.add(
                Reminder,
                {
                    "grant_id": grant.pk,
                    "owner_id": ana.pk,
                    "partner_id": bo.pk,
                    "ritual_id": target.pk,
                    "text": "Fancy a walk?",
                    "due_at": due,
                    "status": "delivered",
                    "cancel_reason": "",
                    "delivered_at": due,
                    "created_at": due,
                },
            )
            reminders += 1
        day += timedelta(days=1)
    summary.grants += 1
    summary.reminders += reminders


def _goals(couple, people, start, today, chance, summary) -> None:
    month = start.replace(day=1)
    last = today.replace(day=1)
    plans, objectives, reviews, wins, appreciations = [], [], [], [], []
    while month <= last:
        plans.append(MonthlyPlan(couple=couple, month=month, our_month="A gentle month"))
        for person in people:
            objectives.append(
                PersonalObjective(owner=person, month=month, text="Read more", shared=True)
            )
            reviews.append(
                MonthlyReview(
                    owner=person, month=month, went_well="walks", shared=chance.random() < 0.5
                )
            )
            wins.append(Win(owner=person, month=month, text="A small win", shared=True))
        appreciations.append(
            Appreciation(author=people[0], recipient=people[1], month=month, text="Thank you")
        )
        month = shift(month, 1)
    plans = MonthlyPlan.objects.bulk_create(plans)
    JointActivity.objects.bulk_create(
        JointActivity(plan=plan, proposed_by=person, text="Walk together")
        for plan in plans
        for person in people
    )
    PersonalObjective.objects.bulk_create(objectives)
    MonthlyReview.objects.bulk_create(reviews)
    Win.objects.bulk_create(wins)
    Appreciation.objects.bulk_create(appreciations)
    summary.plans += len(plans)
