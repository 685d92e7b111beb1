import os

from django.core.management.base import BaseCommand

from core import static
from instance.bench.run import benchmark


class Command(BaseCommand):
    help = (
        "Benchmark the main pages on the real production server (gunicorn + WhiteNoise) "
        "against a minimal logged-in floor, at 1 month and at 3 years of history. "
        "SQLite by default; with --postgres URL (or DATABASE_URL set), fresh PostgreSQL "
        "databases are created on that server."
    )

    def add_arguments(self, parser):
        parser.add_argument("--couples", type=int, default=20)
        parser.add_argument("--requests", type=int, default=120, help="per page")
        parser.add_argument("--concurrency", type=int, default=4)
        parser.add_argument("--postgres", help="postgres://user@host:port/any_database")

    def handle(self, *args, couples, requests, concurrency, postgres, **options):
        server = postgres or os.environ.get("DATABASE_URL") or None
        if server and not server.startswith("postgres"):
            server = None
        static.collect_if_changed(self.stdout.write)  # the servers it starts need them
        met = benchmark(couples, requests, concurrency, server, self.stdout.write)
        self.stdout.write("\nEvery target met." if met else "\nSome targets are not met (above).")
