from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from couples import versions
from rituals.models import PracticeLog
from tests.checkins.test_views import answers
from tests.factories import CheckInFactory, RitualFactory, UserFactory
from tests.html import without_tokens

pytestmark = pytest.mark.django_db

TONIGHT = date(2026, 11, 18)


@pytest.fixture
def ana(user, client, frozen_now):
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    ("key", "label"), [("4w", "4 weeks"), ("3m", "3 months"), ("12m", "12 months")]
)
def test_each_range_draws_charts_with_a_table_alternative(client, ana, key, label):
    CheckInFactory(owner=ana, evening=TONIGHT, pleasantness=3)
    CheckInFactory(owner=ana, evening=TONIGHT - timedelta(days=1), pleasantness=5)

    text = client.get(reverse("checkins:patterns"), {"range": key}).text

    assert f"in the last {label}" in text
    assert text.count("<svg") == 3 and "<polyline" in text
    assert "The same as a table" in text and '<th scope="row">Wed 18 Nov</th>' in text
    assert "average 4.0 over 2 evenings" in text


def test_an_unknown_range_falls_back_to_four_weeks(client, ana):
    assert "in the last 4 weeks" in client.get(reverse("checkins:patterns"), {"range": "x"}).text


def test_insight_compares_energy_with_and_without_a_ritual_and_shows_counts(client, ana):
    ritual = RitualFactory(owner=ana, title="Morning pages")
    for back in range(10):
        day = TONIGHT - timedelta(days=back)
        practised = back % 2 == 0
        CheckInFactory(owner=ana, evening=day, energy=4 if practised else 2)
        if practised:
            PracticeLog.objects.create(ritual=ritual, day=day, outcome="done")

    text = client.get(reverse("checkins:patterns")).text

    assert "On the 5 evenings you had practised “Morning pages”, your energy averaged 4.0" in text
    assert "on the 5 other evenings, 2.0" in text
    assert "not a cause" in text


def test_insight_counts_only_evenings_since_the_ritual_began_and_only_my_practice(
    client, ana, stranger
):
    """Practice noted before the ritual's start (a restart moves it) counts on neither side,
    a skipped evening on the other; someone else's practice on the same days not at all."""
    ritual = RitualFactory(owner=ana, title="Morning pages", started_on=TONIGHT - timedelta(9))
    theirs = RitualFactory(owner=stranger, title="Their walk", started_on=TONIGHT - timedelta(30))
    for back in range(14):
        day = TONIGHT - timedelta(days=back)
        practised = back % 2 == 0
        CheckInFactory(owner=ana, evening=day, energy=4 if practised else 2)
        PracticeLog.objects.create(ritual=theirs, day=day, outcome="done")
        if practised:
            PracticeLog.objects.create(ritual=ritual, day=day, outcome="done")
        elif back == 1:
            PracticeLog.objects.create(ritual=ritual, day=day, outcome="skipped")

    text = client.get(reverse("checkins:patterns")).text

    # Ten evenings since the start: five practised at 4, five others at 2 (one skipped).
    assert "On the 5 evenings you had practised “Morning pages”, your energy averaged 4.0" in text
    assert "on the 5 other evenings, 2.0" in text
    assert "Their walk" not in text


def test_no_insight_from_too_few_evenings(client, ana):
    ritual = RitualFactory(owner=ana, title="Morning pages")
    CheckInFactory(owner=ana, evening=TONIGHT, energy=5)
    PracticeLog.objects.create(ritual=ritual, day=TONIGHT, outcome="done")

    assert "Morning pages" not in client.get(reverse("checkins:patterns")).text


def test_patterns_query_count_is_flat_over_a_year(client, ana, django_assert_max_num_queries):
    ritual = RitualFactory(owner=ana, started_on=TONIGHT - timedelta(days=400))
    for back in range(365):
        CheckInFactory(owner=ana, evening=TONIGHT - timedelta(days=back), energy=back % 5 + 1)
        PracticeLog.objects.create(
            ritual=ritual, day=TONIGHT - timedelta(days=back), outcome="done"
        )

    with django_assert_max_num_queries(8):
        assert client.get(reverse("checkins:patterns"), {"range": "12m"}).status_code == 200


def test_partners_evenings_can_fall_on_different_dates(client, frozen_now):
    """At 03:00 UTC it is already the 19th's evening in Tokyo but still the 18th in LA."""
    from tests.factories import make_couple

    frozen_now(datetime(2026, 11, 19, 3, 0, tzinfo=UTC))
    tokyo, los_angeles = make_couple(
        UserFactory(display_name="Ana", time_zone="Asia/Tokyo"),
        UserFactory(display_name="Bo", time_zone="America/Los_Angeles"),
    )
    for person in (tokyo, los_angeles):
        client.force_login(person)
        client.post(
            reverse("checkins:evening"),
            {"pleasantness": "4", "feeling_energy": "3", "share_feeling": "on"},
        )

    evenings = {c.owner_id: c.evening for c in tokyo.checkins.model.objects.all()}
    assert evenings == {tokyo.pk: date(2026, 11, 19), los_angeles.pk: date(2026, 11, 18)}
    # Each sees the other's latest evening, labelled with the owner's own date.
    client.force_login(los_angeles)
    assert "Ana · Thursday 19 November" in client.get(reverse("couples:home")).text
    client.force_login(tokyo)
    assert "Bo · Wednesday 18 November" in client.get(reverse("couples:home")).text


PATTERNS_URL = reverse("checkins:patterns")


def drawn(client, **query) -> tuple[str, int]:
    """The patterns page without its tokens, and how many queries drew it."""
    with CaptureQueriesContext(connection) as queries:
        text = client.get(PATTERNS_URL, query).text
    return without_tokens(text), len(queries)


@pytest.fixture
def ana_in_a_couple(client, people, frozen_now):
    client.force_login(people.ana)
    CheckInFactory(owner=people.ana, evening=TONIGHT - timedelta(days=1), pleasantness=5)
    return people.ana


def test_patterns_are_kept_until_my_next_change(client, ana_in_a_couple):
    first, drawn_with = drawn(client, range="12m")
    again, kept_with = drawn(client, range="12m")
    assert kept_with < drawn_with and again == first
    assert "average 5.0 over 1 evening" in first

    client.post(reverse("checkins:evening"), answers(pleasantness="3"))

    text, queries = drawn(client, range="12m")
    assert queries > kept_with  # drawn again (the inbox badge still kept)
    assert "average 4.0 over 2 evenings" in text


def test_each_range_is_kept_on_its_own(client, ana_in_a_couple):
    drawn(client, range="4w")
    assert "in the last 12 months" in drawn(client, range="12m")[0]
    assert "in the last 4 weeks" in drawn(client, range="nonsense")[0]


def test_kept_patterns_move_on_with_my_evening(client, ana_in_a_couple, frozen_now):
    """Ana's clock (London) reads the 19th from midnight; her evening of the 18th lasts until
    four in the morning."""
    frozen_now(datetime(2026, 11, 19, 3, 59, tzinfo=UTC))
    assert "<span>18 Nov</span>" in drawn(client)[0]

    frozen_now(datetime(2026, 11, 19, 4, 1, tzinfo=UTC))  # nothing written since

    text = drawn(client)[0]
    assert "<span>19 Nov</span>" in text and "<span>18 Nov</span>" not in text


def test_my_check_in_reads_my_practice_no_again_and_my_practice_note_does(client, ana_in_a_couple):
    """The days each ritual was practised on are kept apart from Ana's check-ins: her next
    check-in draws the insight again from them; a practice note reads them again."""
    ritual = RitualFactory(owner=ana_in_a_couple, title="Morning pages")
    for back in range(2, 10):
        day = TONIGHT - timedelta(days=back)
        practised = back % 2 == 0
        CheckInFactory(owner=ana_in_a_couple, evening=day, energy=4 if practised else 2)
        if practised:
            PracticeLog.objects.create(ritual=ritual, day=day, outcome="done")
    versions.bump(ana_in_a_couple)  # made behind the app's back: drawn afresh from here
    drawn(client)

    client.post(reverse("checkins:evening"), answers(energy="1"))

    text, after_check_in = drawn(client)
    assert "On the 4 evenings you had practised “Morning pages”, your energy averaged 4.0" in (text)
    assert "on the 6 other evenings, 2.1" in text  # 2, 2, 2, 2, yesterday's 4, tonight's 1
    client.post(
        reverse("rituals:log", args=[ritual.pk]), {"day": TONIGHT.isoformat(), "outcome": "done"}
    )
    text, after_practice = drawn(client)
    assert after_check_in < after_practice  # the practice was kept, then read again
    assert "On the 5 evenings you had practised “Morning pages”, your energy averaged 3.4" in (text)
