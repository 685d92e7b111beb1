import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_welcomes_visitors_and_sends_people_to_today(client, user):
    assert "Create an account" in client.get(reverse("home")).text

    client.force_login(user)
    assert client.get(reverse("home"))["Location"] == reverse("rituals:today")


@pytest.mark.parametrize("name", ["rituals:today", "checkins:evening", "goals:current"])
def test_main_sections_work_solo_and_need_login(client, user, name):
    assert client.get(reverse(name)).status_code == 302

    client.force_login(user)
    response = client.get(reverse(name), follow=True)

    assert response.status_code == 200
    assert 'aria-current="page"' in response.text


def test_layout_wires_htmx_with_the_csrf_header(client, user):
    client.force_login(user)

    response = client.get(reverse("rituals:today"))

    assert "django_htmx/htmx-2" in response.text
    assert 'hx-headers=\'{"X-CSRFToken": "' in response.text
    for label in ["Today", "Check-in", "Us", "Month", "Settings"]:
        assert f">{label}</a>" in response.text


def test_today_uses_the_persons_own_date(client, user, monkeypatch):
    from datetime import UTC, datetime

    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 6, 1, 23, 30, tzinfo=UTC))
    user.time_zone = "Asia/Tokyo"
    user.save()
    client.force_login(user)

    assert "Tuesday 2 June" in client.get(reverse("rituals:today")).text
