import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from core import static
from instance.bench.run import Settings, benchmark


class Command(BaseCommand):
    help = (
        "Benchmark the main pages on the real production server (gunicorn + WhiteNoise) "
        "against a minimal logged-in floor sampled beside every request, at 13 months and "
        "at 3 years of history. SQLite by default; with --postgres URL (or DATABASE_URL "
        "set), databases are created on that server."
    )

    def add_arguments(self, parser):
        parser.add_argument("--couples", type=int, default=20)
        parser.add_argument("--rounds", type=int, default=9)
        parser.add_argument(
            "--pairs", type=int, default=12, help="page requests per page and round"
        )
        parser.add_argument("--postgres", help="postgres://user@host:port/any_database")
        parser.add_argument(
            "--json", type=Path, help="where to write the result (default DATA_DIR/benchmark.json)"
        )
        parser.add_argument(
            "--keep",
            action="store_true",
            help="keep the generated databases, and reuse them when they are already there",
        )
        parser.add_argument(
            "--db-prefix", default="duet_bench", help="name prefix of the generated databases"
        )

    def handle(self, *args, couples, rounds, pairs, postgres, json, keep, db_prefix, **options):
        server = postgres or os.environ.get("DATABASE_URL") or None
        if server and not server.startswith("postgres"):
            server = None
        static.collect_if_changed(self.stdout.write)  # the servers it starts need them
        run = Settings(
            couples=couples,
            rounds=rounds,
            pairs=pairs,
            server_url=server,
            keep=keep,
            prefix=db_prefix,
            kept_dir=Path(settings.DATA_DIR) / "bench",
        )
        met = benchmark(run, json or Path(settings.DATA_DIR) / "benchmark.json", self.stdout.write)
        self.stdout.write("\nEvery target met." if met else "\nSome targets are not met (above).")
