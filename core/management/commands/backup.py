import sys
from datetime import UTC, datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, check_database, open_owner_only, write_backup


class Command(BaseCommand):
    help = (
        "Write a consistent copy of the database, with the keys its data needs, to one "
        "owner-only archive (safe while Duet runs). --check runs the integrity check instead."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "archive",
            nargs="?",
            help="where to write it (default: duet-backup-<time>.tar.gz here; - for stdout)",
        )
        parser.add_argument("--check", action="store_true", help="only check the database")
        parser.add_argument(
            "--without-keys", action="store_true", help="leave the key files out of the archive"
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, archive, check, without_keys, database, **options):
        try:
            if check:
                return self._check(database)
            if archive == "-":
                # Progress goes to stderr: stdout is the archive.
                self.stdout = self.stderr
                manifest = write_backup(sys.stdout.buffer, database, keys=not without_keys)
                sys.stdout.buffer.flush()
            else:
                stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
                path = Path(archive or f"duet-backup-{stamp}.tar.gz")
                with open_owner_only(path) as out:
                    manifest = write_backup(out, database, keys=not without_keys)
        except BackupError as error:
            raise CommandError(str(error)) from None
        where = "stdout" if archive == "-" else path
        keys = ", ".join(manifest["keys"]) or "no key files"
        self.stdout.write(f"Backed up the {manifest['engine']} database and {keys} to {where}.")
        for note in manifest["notes"]:
            self.stdout.write(note)
        return None

    def _check(self, database):
        problems = check_database(database)
        if problems:
            raise CommandError("The integrity check found problems:\n" + "\n".join(problems))
        self.stdout.write("The integrity check found no problems.")
