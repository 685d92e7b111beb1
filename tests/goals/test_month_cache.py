"""The monthly page is cached per viewer and month, and no change of sharing ever waits for
that cache: un-sharing, leaving the couple and revoking a permission show on the very next
request, every page compared with one assembled afresh."""

import re
from datetime import date

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from checkins.models import CheckIn
from couples import versions
from rituals.models import Ritual
from support.models import SupportGrant
from tests.checkins.test_views import answers
from tests.goals import test_privacy

pytestmark = pytest.mark.django_db

MONTH = test_privacy.MONTH
story = test_privacy.story  # the fixture: a month with a private and a shared everything


def client_of(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def page(client) -> str:
    return client.get(reverse("goals:month", args=[MONTH])).text


def counted(client) -> tuple[str, int]:
    """The page, and how many queries drew it."""
    with CaptureQueriesContext(connection) as queries:
        text = page(client)
    return text, len(queries)


def comparable(html: str) -> str:
    """The page without what differs on every response (tokens, nonces) or a message left by
    the last change."""
    html = re.sub(r'"X-CSRFToken": "[^"]*"', "", html)
    html = re.sub(r'(class="messages"[^>]*>).*?(</div>)', r"\1\2", html, flags=re.DOTALL)
    return re.sub(r'(value|nonce|content)="[^"]*"', "", html)


def fresh(client) -> str:
    """The page assembled from the database, as if nothing were cached."""
    caches["pages"].clear()
    return page(client)


@pytest.fixture
def ana_and_bo(people, story):
    ana, bo = client_of(people.ana), client_of(people.bo)
    page(ana), page(bo)  # both months are cached now
    return ana, bo


def test_the_month_page_is_served_from_the_cache_on_the_next_visit(
    people,
    story,
    django_assert_max_num_queries,
):
    ana = client_of(people.ana)
    first = page(ana)

    with django_assert_max_num_queries(7):
        again = page(ana)

    assert comparable(again) == comparable(first)


def test_unsharing_a_review_shows_on_the_partners_very_next_request(people, ana_and_bo):
    ana, bo = ana_and_bo
    assert "bo-review-shared" in page(ana)

    response = bo.post(
        reverse("goals:review", args=[MONTH]), {"went_well": "bo-review-shared", "shared": ""}
    )

    assert response.status_code == 302
    assert "bo-review-shared" not in page(ana)
    assert comparable(page(ana)) == comparable(fresh(ana))


def test_unsharing_a_checkin_shows_on_the_partners_very_next_request(people, ana_and_bo):
    ana, bo = ana_and_bo
    shared = CheckIn.objects.get(owner=people.ana, share_feeling=True)
    before = page(bo)

    response = ana.post(reverse("checkins:change_sharing", args=[shared.pk]), {})

    assert response.status_code == 302
    after = page(bo)
    assert comparable(after) != comparable(before)
    assert comparable(after) == comparable(fresh(bo))


def test_leaving_the_couple_shows_on_the_former_partners_very_next_request(people, ana_and_bo):
    ana, bo = ana_and_bo
    assert "bo-objective-shared" in page(ana) and "win-shared" in page(bo)

    assert bo.post(reverse("couples:leave")).status_code == 302

    assert "bo-objective-shared" not in page(ana)
    assert "win-shared" not in page(bo)
    assert comparable(page(ana)) == comparable(fresh(ana))


def test_revoking_a_permission_shows_on_the_partners_very_next_request(people, ana_and_bo):
    ana, bo = ana_and_bo
    grant = SupportGrant.objects.get(owner=people.ana, kind="accompany")

    revoked = ana.post(reverse("support:grant_revoke", args=[grant.pk]), follow=True)

    assert revoked.status_code == 200

    for client in (bo, ana):
        assert comparable(page(client)) == comparable(fresh(client))


def test_a_partners_new_shared_win_shows_on_the_very_next_request(people, ana_and_bo):
    ana, bo = ana_and_bo

    bo.post(reverse("goals:win"), {"text": "bo-new-win", "shared": "on"})

    assert "bo-new-win" in page(ana)


def test_the_cached_page_stays_in_memory_never_in_the_shared_cache(people, story):
    """The default cache is a folder on disk or Redis: encryption at rest can't follow a
    page's private words there, so the page data lives in each process's memory only."""
    ana = client_of(people.ana)

    assert "bo-review-shared" in page(ana)

    assert any(b"bo-review-shared" in value for value in caches["pages"]._cache.values())
    assert not any(b"bo-review-shared" in value for value in caches["default"]._cache.values())


def test_the_page_cache_is_process_memory_with_or_without_redis(tmp_path):
    from tests.instance.test_beyond_one_machine import settings_with

    memory = "django.core.cache.backends.locmem.LocMemCache"
    assert settings_with(tmp_path)["CACHES"]["pages"]["BACKEND"] == memory
    redis = settings_with(tmp_path, REDIS_URL="redis://cache:6379/1")
    assert redis["CACHES"]["pages"]["BACKEND"] == memory


def test_a_change_of_language_shows_on_the_very_next_request(people, ana_and_bo):
    ana, _bo = ana_and_bo
    assert '<html lang="en"' in page(ana)
    # Written without a request, so no couple version moves: only the key can tell.
    type(people.ana).objects.filter(pk=people.ana.pk).update(language="de")

    german = page(ana)

    assert '<html lang="de"' in german
    assert comparable(german) == comparable(fresh(ana))


def test_my_own_check_in_shows_on_my_month_at_once_and_the_rest_stays_kept(people, story):
    ana, bo = client_of(people.ana), client_of(people.bo)
    before, drawn_with = counted(ana)
    _same, kept_with = counted(ana)
    assert "2 evenings checked in" in before

    assert ana.post(reverse("checkins:evening"), answers(pleasantness="2")).status_code == 302

    after, queries = counted(ana)
    assert "3 evenings checked in" in after
    # Her own rituals and check-ins read again; her partner's, the plan and the exchanges kept.
    assert kept_with < queries < drawn_with
    assert comparable(after) == comparable(fresh(ana))
    assert "3 evenings checked in" in page(bo)  # she shared something of each
    assert comparable(page(bo)) == comparable(fresh(bo))


def test_my_own_practice_shows_on_my_month_and_my_partners_at_once(people, story):
    ana, bo = client_of(people.ana), client_of(people.bo)
    shown = Ritual.objects.get(visibility="practice")
    before = {"ana": page(ana), "bo": page(bo)}

    noted = ana.post(
        reverse("rituals:log", args=[shown.pk]),
        {"day": date(2026, 11, 18).isoformat(), "outcome": "done"},
    )

    assert noted.status_code == 302
    for name, client in (("ana", ana), ("bo", bo)):
        after = page(client)
        assert comparable(after) != comparable(before[name])
        assert comparable(after) == comparable(fresh(client))


def test_a_change_of_anything_else_draws_my_whole_month_again(people, story):
    ana = client_of(people.ana)
    _text, drawn_with = counted(ana)

    versions.bump(people.ana)

    assert counted(ana)[1] == drawn_with


def test_my_check_ins_leave_my_rituals_kept_and_my_practice_shows_at_once(people, story):
    """After her first check-in her own rituals are read again and kept apart from her
    check-ins: the next check-in reads none of them; a practice note shows at once."""
    ana = client_of(people.ana)
    shown = Ritual.objects.get(visibility="practice")
    page(ana)
    ana.post(reverse("checkins:evening"), answers(pleasantness="2"))
    _text, rituals_read_with = counted(ana)

    assert ana.post(reverse("checkins:evening"), answers(pleasantness="4")).status_code == 302

    after, queries = counted(ana)
    assert queries < rituals_read_with  # her rituals, their practice and pauses: kept
    assert comparable(after) == comparable(fresh(ana))

    page(ana)
    ana.post(reverse("checkins:evening"), answers(pleasantness="3"))
    page(ana)  # her rituals kept again, apart from her check-ins
    ana.post(
        reverse("rituals:log", args=[shown.pk]),
        {"day": date(2026, 11, 18).isoformat(), "outcome": "done"},
    )
    noted = page(ana)
    assert comparable(noted) != comparable(after)
    assert comparable(noted) == comparable(fresh(ana))
