from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import TextField
from django.db.models.functions import Cast

from accounts.models import User
from checkins.models import Acknowledgement, CheckIn
from core import encryption
from couples import privacy
from goals.models import MonthlyPlan
from instance.bench.generate import PASSWORD, bench_email
from instance.bench.run import Page, Result, sample_email, table, verdicts
from rituals.models import PracticeLog
from support.models import Reminder

pytestmark = pytest.mark.django_db


def test_generate_data_makes_plausible_couples_with_history(client, capsys):
    call_command("generate_data", "--couples", "2", "--days", "40")

    ana, bo = User.objects.get(email=bench_email(0, 1)), User.objects.get(email=bench_email(0, 2))
    assert privacy.partner_of(ana) == bo
    assert PracticeLog.objects.filter(ritual__owner=ana).count() > 40
    assert CheckIn.objects.filter(owner=ana).count() > 20
    assert Acknowledgement.objects.exists() and Reminder.objects.exists()
    assert MonthlyPlan.objects.count() >= 4
    assert client.login(username=ana.email, password=PASSWORD)
    assert "Generated 2 couples" in capsys.readouterr().out


def test_generated_private_text_is_sealed_like_the_apps_own():
    call_command("generate_data", "--couples", "1", "--days", "30")

    stored = Reminder.objects.annotate(raw=Cast("text", TextField())).values_list("raw", "text")
    assert stored
    for raw, text in stored:
        assert raw.startswith(encryption.SEALED)
        assert text == "Fancy a walk?"


def test_generate_data_leaves_the_planner_statistics_of_what_it_loaded():
    call_command("generate_data", "--couples", "1", "--days", "20")

    assert planner_row_estimate(PracticeLog._meta.db_table) == PracticeLog.objects.count()


def planner_row_estimate(table: str) -> int | None:
    """The row count the planner last measured for a table (None: never analysed)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            estimate = cursor.fetchone()[0]
            return None if estimate < 0 else int(estimate)
        cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return None
        # One row per index, each starting with the table's row count.
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s LIMIT 1", [table])
        row = cursor.fetchone()
        return int(row[0].split()[0]) if row else None


def test_generating_again_adds_couples_and_leaves_ids_to_the_database():
    call_command("generate_data", "--couples", "1", "--days", "5")
    call_command("generate_data", "--couples", "1", "--days", "5")

    assert User.objects.filter(email__endswith="@bench.duet").count() == 4
    # Rows written with explicit ids must not break the next ordinary insert.
    CheckIn.objects.create(
        owner=User.objects.get(email=bench_email(1, 1)),
        evening=date(2000, 1, 1),
        pleasantness=3,
        feeling_energy=3,
    )


def test_generate_data_refuses_production(settings):
    from django.core.management.base import CommandError

    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("generate_data", "--couples", "1", "--days", "1")


def test_the_benchmark_judges_each_page_on_medians_of_rounds_against_its_paired_floor():
    def result(name, page_ms, floor_ms, queries):
        made = Result(Page(name, "/p/"))
        for page_round, floor_round in zip(page_ms, floor_ms, strict=True):
            made.latencies += [page_round / 1000] * 3
            made.floor += [floor_round / 1000] * 3
            made.round_ratios.append(page_round / floor_round)
            made.round_tails.append(1.0)
        made.queries = made.afresh = {queries}
        return made

    # The machine slows down threefold in the middle round: the ratio holds.
    full = result("Today", [12, 36, 12], [4, 12, 4], 9)
    long = result("Today", [13, 39, 13], [4, 12, 4], 9)
    lines = table([long])
    judged = verdicts([full], [long])

    assert "3.25x" in lines[-1] and " 9 " in lines[-1]
    assert judged[0]["met"] and judged[0]["growth"] == 1.08
    slow = result("Today", [40, 40, 40], [4, 4, 4], 16)
    (verdict,) = verdicts([full], [slow])
    assert not verdict["met"]
    assert {name for name, ok in verdict["checks"].items() if not ok} == {
        "ratio",
        "queries",
        "same_queries",
        "growth",
    }
    # How many parts were kept varies the counts seen in the rounds; the page drawn afresh
    # for each person is what is compared.
    kept = result("Today", [13, 39, 13], [4, 12, 4], 9)
    kept.queries = {7, 8, 9}
    assert verdicts([full], [kept])[0]["checks"]["same_queries"]
    kept.afresh = {10}
    assert not verdicts([full], [kept])[0]["checks"]["same_queries"]


def test_the_benchmark_collects_static_files_before_starting_servers(monkeypatch):
    steps = []
    monkeypatch.setattr("core.static.collect_if_changed", lambda write: steps.append("static"))
    monkeypatch.setattr(
        "instance.management.commands.benchmark.benchmark", lambda *args: steps.append("run")
    )

    call_command("benchmark", stdout=StringIO())

    assert steps == ["static", "run"]


@pytest.mark.parametrize("couples", [2, 20])
def test_each_sample_persons_partner_is_the_other_seat_of_their_couple(couples):
    """Drawn afresh, a page follows the partner's check-in: their own would leave the news
    from their partner kept (couples/versions.py)."""
    for index in range(min(8, couples * 2)):
        person, partner = sample_email(index, couples), sample_email(index, couples, True)
        assert person != partner
        assert person.split("-")[0] == partner.split("-")[0]  # bench<couple>-<seat>
    assert [sample_email(index, 2) for index in range(4)] == [
        bench_email(0, 1),
        bench_email(1, 1),
        bench_email(0, 2),
        bench_email(1, 2),
    ]
