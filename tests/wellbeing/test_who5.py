"""The optional monthly WHO-5: standard scoring, one per local month, private by default,
and the trend that the monthly page can ask for."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from tests.factories import UserFactory, Who5Factory
from wellbeing.models import WHO5_ITEMS, Who5Response
from wellbeing.queries import MonthScore, who5_trend

pytestmark = pytest.mark.django_db

WHO5 = reverse("wellbeing:who5")


def answers(*values, shared=False) -> dict:
    data = {f"item{n}": value for n, value in enumerate(values, start=1)}
    return {**data, "shared": "on"} if shared else data


@pytest.mark.parametrize(
    ("items", "raw", "percentage"),
    [((0, 0, 0, 0, 0), 0, 0), ((5, 5, 5, 5, 5), 25, 100), ((3, 4, 2, 1, 3), 13, 52)],
)
def test_the_standard_raw_score_and_percentage(user, items, raw, percentage):
    response = Who5Factory(owner=user, **{f"item{n}": v for n, v in enumerate(items, 1)})

    assert (response.raw_score, response.percentage) == (raw, percentage)


def test_the_five_standard_items_are_asked(client, user):
    client.force_login(user)

    text = client.get(WHO5).text

    for item in WHO5_ITEMS:
        assert item in text
    assert "All of the time" in text and "At no time" in text


def test_answering_saves_this_local_month_privately(client, user, frozen_now):
    client.force_login(user)

    response = client.post(WHO5, answers(3, 4, 2, 1, 3), follow=True)

    saved = Who5Response.objects.get()
    assert (saved.month, saved.shared) == (date(2026, 11, 1), False)
    assert "13 of 25 (52%)" in response.text


def test_answering_again_in_the_same_month_edits_it(client, user, frozen_now):
    client.force_login(user)
    client.post(WHO5, answers(1, 1, 1, 1, 1))

    client.post(WHO5, answers(5, 5, 5, 5, 5))

    assert Who5Response.objects.get().raw_score == 25


def test_the_month_follows_the_persons_clock(client, frozen_now):
    # 23:30 UTC on 30 November is already 1 December in Tokyo.
    frozen_now(datetime(2026, 11, 30, 23, 30, tzinfo=UTC))
    person = UserFactory(time_zone="Asia/Tokyo")
    client.force_login(person)

    client.post(WHO5, answers(3, 3, 3, 3, 3))

    assert Who5Response.objects.get().month == date(2026, 12, 1)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (answers(3, 3, 3, 3), "Would you choose the answer closest"),
        (answers(3, 3, 3, 3, 6), "Select a valid choice"),
        (answers(3, 3, 3, 3, "often"), "Select a valid choice"),
        ({}, "Would you choose the answer closest"),
    ],
)
def test_bad_input_gets_a_clear_field_error(client, user, data, message):
    client.force_login(user)

    response = client.post(WHO5, data)

    assert response.status_code == 400
    assert message in response.text
    assert not Who5Response.objects.exists()


@pytest.mark.parametrize(
    ("items", "expected", "absent"),
    [
        ((1, 1, 1, 1, 1), "Would it help to talk it over with a doctor", "lower side"),
        ((2, 2, 2, 2, 3), "on the lower side", "with a doctor"),
        ((4, 4, 4, 4, 4), None, "I notice this month"),
    ],
)
def test_a_low_score_gently_offers_resources(client, user, frozen_now, items, expected, absent):
    Who5Factory(owner=user, **{f"item{n}": v for n, v in enumerate(items, 1)})
    client.force_login(user)

    text = client.get(WHO5).text

    if expected:
        assert expected in text and reverse("wellbeing:resources") in text
    assert absent not in text


def test_who5_trend_covers_the_last_months_oldest_first_with_gaps(user, frozen_now):
    Who5Factory(owner=user, month=date(2026, 11, 1), item1=5)  # 17
    Who5Factory(owner=user, month=date(2026, 9, 1), item1=0)  # 12
    Who5Factory(owner=user, month=date(2025, 9, 1))  # too old for 4 months
    Who5Factory(month=date(2026, 10, 1))  # someone else's

    trend = who5_trend(user, 4)

    assert trend == [
        MonthScore(date(2026, 8, 1), None, None),
        MonthScore(date(2026, 9, 1), 12, 48),
        MonthScore(date(2026, 10, 1), None, None),
        MonthScore(date(2026, 11, 1), 17, 68),
    ]


def test_who5_trend_crosses_the_new_year(user, frozen_now):
    frozen_now(datetime(2027, 1, 15, 12, 0, tzinfo=UTC))

    months = [point.month for point in who5_trend(user, 3)]

    assert months == [date(2026, 11, 1), date(2026, 12, 1), date(2027, 1, 1)]


def test_who5_trend_of_nobody_is_empty(frozen_now):
    from django.contrib.auth.models import AnonymousUser

    assert who5_trend(AnonymousUser(), 12) == []


def test_the_page_shows_the_trend_as_a_chart_and_a_table(client, user, frozen_now):
    Who5Factory(owner=user, month=date(2026, 10, 1), item1=5)
    client.force_login(user)

    text = client.get(WHO5).text

    assert '<rect class="bar"' in text and 'height="68"' in text
    assert '<th scope="row">October 2026</th><td>17</td><td>68%</td>' in text
