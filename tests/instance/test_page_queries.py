"""Every main page makes the same, small number of queries whether the couple has a full
window of history (13 months: the longest any page draws) or 3 years of it, and none of
them from a template tag."""

import os
import re
import sys
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.localtime import local_today
from accounts.models import User
from goals import months
from instance.bench.generate import bench_email, generate
from instance.bench.run import CHECKIN, HIDDEN
from rituals.models import JointRitual
from rituals.services import propose_joint_ritual
from support.models import Reminder, SupportGrant
from support.services import ask_for_support

pytestmark = pytest.mark.django_db

MOST_QUERIES = 15
# Pages that keep what they assembled for the viewer, counted both when assembled afresh
# (their first visit after a change) and when kept; within the target either way. The
# month page (goals.queries.cached_month_page) reads what each wrote for the month in one
# query and what the couple exchanged in another; Today (rituals.news.cached_lately) reads
# six kinds of news in one.
KEPT = {"Monthly progress page", "Today"}
FULL_WINDOW, THREE_YEARS = 395, 3 * 365


def pages(person) -> dict[str, str]:
    month = months.key(months.current_month(person))
    return {
        "Today": reverse("rituals:today"),
        "Check-in form": reverse("checkins:evening"),
        "Us": reverse("couples:home"),
        "Patterns (12 months)": reverse("checkins:patterns") + "?range=12m",
        "Support": reverse("support:home"),
        "Monthly progress page": reverse("goals:month", args=[month]),
        "Inbox": reverse("notifications:inbox"),
        "Journal": reverse("wellbeing:journal"),
    }


def count(client, url) -> int:
    with CaptureQueriesContext(connection) as made:
        assert client.get(url).status_code == 200, url
    return len(made)


def queries_per_page(client, person) -> dict[str, int]:
    client.force_login(person)
    counted = {}
    for name, url in pages(person).items():
        client.get(url)  # a first visit warms the session
        for cache in ("default", "pages"):
            caches[cache].clear()
        counted[name] = count(client, url)
        if name in KEPT:
            counted[f"{name}, assembled"] = counted[name]
            counted[name] = count(client, url)  # kept
    form = dict(HIDDEN.findall(client.get(reverse("checkins:evening")).text))
    client.post(reverse("checkins:evening"), {**form, **CHECKIN})  # tonight's, written once
    form = dict(HIDDEN.findall(client.get(reverse("checkins:evening")).text))
    with CaptureQueriesContext(connection) as made:
        response = client.post(reverse("checkins:evening"), {**form, **CHECKIN})
    assert response.status_code == 302, re.findall(
        r'class="errorlist[^<]*<li>([^<]*)', response.text
    )
    counted["Check-in submit"] = len(made)
    return counted


def test_every_main_page_costs_the_same_few_queries_at_a_full_window_and_at_three_years(client):
    today = local_today(User(time_zone="UTC"))
    generate(1, FULL_WINDOW, today, seed=1)
    generate(1, THREE_YEARS, today, seed=1)
    full_window = User.objects.get(email=bench_email(0, 1))
    three_years = User.objects.get(email=bench_email(1, 1))

    at_full_window = queries_per_page(client, full_window)
    at_three_years = queries_per_page(client, three_years)

    assert at_three_years == at_full_window
    assert {name: made for name, made in at_three_years.items() if made > MOST_QUERIES} == {}


def queries_from_template_tags(client, person) -> dict[str, list[str]]:
    """For each main page drawn afresh for `person`: the template tags and filters that
    asked the database anything (their module and line)."""
    client.force_login(person)
    asked: dict[str, list[str]] = {}

    def watching(page: str):
        def watch(execute, sql, params, many, context):
            frame = sys._getframe()
            while frame is not None:
                if f"{os.sep}templatetags{os.sep}" in frame.f_code.co_filename:
                    where = f"{frame.f_code.co_filename}:{frame.f_lineno}"
                    asked.setdefault(page, []).append(where)
                    break
                frame = frame.f_back
            return execute(sql, params, many, context)

        return watch

    for page, url in pages(person).items():
        caches["pages"].clear()
        with connection.execute_wrapper(watching(page)):
            assert client.get(url).status_code == 200, url
    return asked


def test_no_main_page_asks_the_database_from_a_template_tag(client):
    """What a page shows is read by its view; a tag that queries hides a query per use."""
    generate(1, THREE_YEARS, local_today(User(time_zone="UTC")), seed=1)
    for seat in (1, 2):  # each sees a different part of the other's
        person = User.objects.get(email=bench_email(0, seat))
        assert queries_from_template_tags(client, person) == {}


# A query that reads people themselves (not one that joins them to what it reads).
READS_PEOPLE = re.compile(r'SELECT .* FROM "accounts_user"')


def people_read(client, person) -> dict[str, int]:
    """For each main page drawn afresh for `person`: how many queries read people."""
    client.force_login(person)
    read = {}
    for page, url in pages(person).items():
        caches["pages"].clear()
        with CaptureQueriesContext(connection) as made:
            assert client.get(url).status_code == 200, url
        read[page] = sum(1 for query in made if READS_PEOPLE.match(query["sql"]))
    return read


def test_no_main_page_reads_the_couple_again(client):
    """The person signed in is read once, by their session, and the partner with their
    couple; whoever of the two a row names (a joint ritual's or a month activity's
    proposer, who gave a permission, asked or set a reminder) is one already read, never
    asked for again."""
    generate(1, THREE_YEARS, local_today(User(time_zone="UTC")), seed=1)
    first, second = (User.objects.get(email=bench_email(0, seat)) for seat in (1, 2))
    # What the generated history holds none of: a proposal awaiting the second's answer on
    # Today, and on Support a request and a reminder, under the first's remind permission.
    propose_joint_ritual(JointRitual(title="Evening walk", schedule_kind="daily"), first)
    ask_for_support(first, "reflect", "Could we talk tonight?")
    grant = SupportGrant.objects.get(owner=first, kind="remind")
    Reminder.objects.create(
        grant=grant,
        owner=first,
        partner=second,
        ritual=grant.ritual,
        text="Morning pages?",
        due_at=timezone.now() + timedelta(days=1),
    )
    for person in (first, second):
        assert people_read(client, person) == dict.fromkeys(pages(person), 1)
