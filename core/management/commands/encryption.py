"""Encryption at rest: make a key, see where stored values stand, rotate, or decrypt.

    manage.py encryption new-key   a fresh key to put first in DUET_ENCRYPTION_KEYS
    manage.py encryption status    how many values each key (or none) holds, per field
    manage.py encryption rotate    every value under the newest key, plain text included
    manage.py encryption decrypt   every value back to plain text (before dropping all keys)

Rotate is safe to run while Duet serves: each value is rewritten only if it is still what
was read, so an edit made meanwhile is never overwritten, and a rerun picks up where a
stopped one left off. Decrypt wants Duet stopped (a running Duet seals what it writes);
it checks afterwards and fails if anything is sealed again.
"""

from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.db.models import TextField, Value
from django.db.models.functions import Cast

from core import encryption
from core.fields import encrypted_fields

BATCH = 500


def stored_values(model, field):
    """(pk, stored value) for every non-empty value, as the database holds it, in batches."""
    rows = model._base_manager.annotate(raw=Cast(field.attname, TextField())).exclude(raw="")
    after = None
    while True:
        batch = rows.filter(pk__gt=after) if after is not None else rows
        chunk = list(batch.order_by("pk").values_list("pk", "raw")[:BATCH])
        yield from chunk
        if len(chunk) < BATCH:
            return
        after = chunk[-1][0]


def rewrite(model, field, pk, old: str, new: str) -> bool:
    """Store `new` unless the value changed since it was read as `old`."""
    return bool(
        model._base_manager.filter(pk=pk)
        .alias(raw=Cast(field.attname, TextField()))
        .filter(raw=old)
        .update(**{field.attname: Value(new, output_field=TextField())})
    )


class Command(BaseCommand):
    help = "Make an encryption key, show where stored values stand, rotate keys, or decrypt."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["new-key", "status", "rotate", "decrypt"])

    def handle(self, *args, action, **options):
        if action == "new-key":
            self.stdout.write(encryption.new_key())
        elif action == "status":
            self.status()
        else:
            self.rewrite_all(to_plain=action == "decrypt")

    def status(self):
        keys = encryption.configured_keys()
        self.stdout.write(
            f"{len(keys)} key(s) configured." if keys else "No key configured: encryption is off."
        )
        totals = Counter()
        for model, field in encrypted_fields():
            counts = Counter(encryption.state(raw) for _, raw in stored_values(model, field))
            totals.update(counts)
            if counts:
                held = ", ".join(f"{n} {state}" for state, n in sorted(counts.items()))
                self.stdout.write(f"  {model._meta.label}.{field.name}: {held}")
        summary = ", ".join(f"{n} {state}" for state, n in sorted(totals.items()))
        self.stdout.write(f"In all: {summary or 'nothing stored yet'}.")
        if totals[encryption.State.UNREADABLE]:
            raise CommandError(
                "Some values can't be opened by any configured key. Was a key removed too soon?"
            )

    def count_sealed(self) -> int:
        return sum(
            raw.startswith(encryption.SEALED)
            for model, field in encrypted_fields()
            for _, raw in stored_values(model, field)
        )

    def rewrite_all(self, to_plain: bool):
        if not to_plain and not encryption.enabled():
            raise CommandError("No key is configured. Set DUET_ENCRYPTION_KEYS first.")
        rewritten = changed_meanwhile = unreadable = 0
        for model, field in encrypted_fields():
            for pk, raw in stored_values(model, field):
                if encryption.state(raw) == encryption.State.UNREADABLE:
                    unreadable += 1
                    continue
                new = encryption.resealed(raw, to_plain=to_plain)
                if new is None:
                    continue
                if rewrite(model, field, pk, raw, new):
                    rewritten += 1
                else:
                    changed_meanwhile += 1
        target = "as plain text" if to_plain else "under the newest key"
        self.stdout.write(f"Rewrote {rewritten} value(s) {target}.")
        if changed_meanwhile:
            self.stdout.write(
                f"{changed_meanwhile} value(s) changed while this ran and were left as written."
            )
        if unreadable:
            raise CommandError(
                f"{unreadable} value(s) can't be opened by any configured key and were left "
                "alone. Put the key they were written with back in DUET_ENCRYPTION_KEYS."
            )
        if to_plain and (still_sealed := self.count_sealed()):
            raise CommandError(
                f"{still_sealed} value(s) were sealed again while this ran: Duet still holds "
                "a key. Stop its web server and worker, then run decrypt again."
            )
