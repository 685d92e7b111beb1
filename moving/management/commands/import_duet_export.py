"""Bring a person's Duet export in from the command line (a file past the upload limit)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from moving import running, services
from moving.models import ImportRun
from moving.problems import ImportProblem


class Command(BaseCommand):
    help = "Import a Duet export zip into the (empty) account with this email, right now."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("zip_file", type=Path)

    def handle(self, *args, email, zip_file, **options):
        person = User.objects.filter(email__iexact=email.strip()).first()
        if person is None:
            raise CommandError(f"No account has the email {email}.")
        data = zip_file.read_bytes()
        earlier = services.earlier_run(person, ImportRun.Kind.DUET, data)
        if earlier is not None:
            self.stdout.write(f"This file came in already (import #{earlier.pk}); nothing added.")
            return
        try:
            run = services.start_duet_import(person, data)
        except ImportProblem as problem:
            raise CommandError(problem.message) from None
        running.run_import(run.pk)
        run.refresh_from_db()
        if run.status != ImportRun.Status.DONE:
            raise CommandError(run.problem)
        for label, count in run.summary["added"]:
            self.stdout.write(f"{count:6} {label}")
        for label, count, why in run.summary["skipped"]:
            self.stdout.write(f"{count:6} {label} left out: {why}")
