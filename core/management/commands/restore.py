import sys

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive from `manage.py backup` into an empty database, with its keys. "
        "Stop the web server and worker first. --clean replaces a database that isn't empty."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the archive (- for stdin)")
        parser.add_argument(
            "--clean",
            action="store_true",
            help="drop everything in the target database first and replace it with the backup",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args, archive, clean, database, **options):
        try:
            if archive == "-":
                restored = restore_backup(sys.stdin.buffer, database, clean)
            else:
                try:
                    source = open(archive, "rb")  # noqa: SIM115 (closed below)
                except OSError as error:
                    raise BackupError(f"I can't open {archive}: {error.strerror}.") from None
                with source:
                    restored = restore_backup(source, database, clean)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored {restored.tables} tables.")
        for path in restored.keys_written:
            self.stdout.write(
                f"Wrote {path} from the backup (any file it replaced is kept beside it)."
            )
        for note in restored.notes:
            self.stdout.write(note)
        self.stdout.write(
            "Run `manage.py migrate` (serve does) if this Duet is newer than the backup, "
            "then start Duet again: it reads the keys when it starts."
        )
