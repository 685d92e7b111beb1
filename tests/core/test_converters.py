"""A month or day in a URL that isn't one, or lies outside 2000–2100, is a 404, never a 500."""

import pytest

pytestmark = pytest.mark.django_db

MONTH_PAGES = ["", "plan/", "review/", "our-month/"]


@pytest.mark.parametrize(
    "month", ["0001-01", "0000-01", "1999-12", "2101-01", "9999-12", "2026-13", "2026-00"]
)
@pytest.mark.parametrize("page", MONTH_PAGES)
def test_a_month_outside_the_calendar_is_not_found(client, people, month, page):
    client.force_login(people.ana)

    assert client.get(f"/month/{month}/{page}").status_code == 404


@pytest.mark.parametrize("month", ["0001-01", "9999-12", "2026-13"])
def test_posting_progress_for_a_month_outside_the_calendar_is_not_found(client, people, month):
    client.force_login(people.ana)

    assert client.post(f"/month/{month}/objective/1/progress/", {"text": "x"}).status_code == 404


def test_the_first_month_of_the_calendar_still_opens(client, people):
    client.force_login(people.ana)

    assert client.get("/month/2000-01/").status_code == 200


@pytest.mark.parametrize(
    "day", ["0001-01-01", "9999-12-31", "1999-12-31", "2101-01-01", "2026-02-30", "2026-13-01"]
)
def test_a_check_in_evening_outside_the_calendar_is_not_found(client, people, day):
    client.force_login(people.ana)

    assert client.get(f"/check-in/evening/{day}/").status_code == 404
    assert client.post(f"/check-in/evening/{day}/", {"feeling": "3"}).status_code == 404
