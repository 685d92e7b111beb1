import time

from django.core.management.base import BaseCommand, CommandError

from accounts.localtime import local_today
from accounts.models import User
from core.database import analyze
from instance.bench.generate import PASSWORD, bench_email, generate


class Command(BaseCommand):
    help = "Fill the database with N couples and Y years of plausible history (for benchmarks)."

    def add_arguments(self, parser):
        parser.add_argument("--couples", type=int, default=100)
        parser.add_argument("--years", type=float, default=3.0)
        parser.add_argument("--days", type=int, help="History length in days (overrides --years).")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, couples, years, days, seed, **options):
        from django.conf import settings

        if settings.PRODUCTION:
            raise CommandError("generate_data makes accounts with a known password; not here.")
        days = days or round(years * 365)
        if couples < 1 or days < 1:
            raise CommandError("--couples and the history length must be at least 1.")
        started = time.monotonic()
        today = local_today(User(time_zone="UTC"))
        summary = generate(couples, days, today, seed=seed)
        analyze()  # the benchmark measures right after this load
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"Generated {summary.couples} couples, {summary.rituals} rituals, "
            f"{summary.logs} practice logs, {summary.checkins} check-ins, "
            f"{summary.acknowledgements} acknowledgements, {summary.reminders} reminders, "
            f"{summary.plans} monthly plans, {summary.journal_entries} journal entries, "
            f"{summary.notifications} inbox items in {elapsed:.1f} s."
        )
        self.stdout.write(f"Log in as {bench_email(0, 1)} / {PASSWORD}")
