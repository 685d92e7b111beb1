import re

import pytest
from django.urls import reverse, reverse_lazy

from notifications.services import notify
from tests.factories import UserFactory

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


def _current(text: str) -> list[str]:
    """The links the layout marks as the page being read."""
    return re.findall(r'<a [^>]*href="([^"]+)"[^>]*aria-current="page"', text)


def test_the_layout_drawn_once_still_marks_each_page_in_each_readers_language(client):
    """The layout's fixed parts are kept per language and section (base.html's cache tags):
    what one page or reader drew never shows on another's."""
    ana = UserFactory(language="en")
    jo = UserFactory(language="de")
    notify(ana, "offer", "Bo offers: tea?")
    client.force_login(ana)

    today = client.get(reverse("rituals:today")).text
    us = client.get(reverse("couples:home")).text
    inbox = client.get(reverse("notifications:inbox")).text
    client.force_login(jo)
    heute = client.get(reverse("rituals:today")).text
    client.logout()
    visitor = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en").text

    assert _current(today) == [reverse("rituals:today")]
    assert _current(us) == [reverse("couples:home")]
    assert _current(inbox) == [reverse("notifications:inbox")]
    assert _current(heute) == [reverse("rituals:today")]
    assert ">Today</a>" in today and ">Heute</a>" in heute and ">Today</a>" not in heute
    assert 'lang="de"' in heute and "Einstellungen" in heute
    assert "Duet: Zwei Partner pflegen" in heute and "Duet: two partners" in today
    # Each page's own title and counts, and the request's own token, are never kept.
    assert "<title>Today · Duet</title>" in today and "<title>Heute · Duet</title>" in heute
    assert '<span class="badge-count">1<' in today
    assert "badge-count" not in heute
    assert "Network, journal and self-check" in today
    assert "Network, journal and self-check" not in visitor and "Log out" not in visitor
    assert _token(today) != _token(heute)


def _token(text: str) -> str:
    return re.search(r'"X-CSRFToken": "([^"]+)"', text).group(1)


def test_layout_wires_htmx_with_the_csrf_header(client, user):
    client.force_login(user)

    response = client.get(reverse("rituals:today"))

    assert "django_htmx/htmx-2" in response.text
    assert 'hx-headers=\'{"X-CSRFToken": "' in response.text
    for label in ["Today", "Check-in", "Us", "Support", "Month", "Settings"]:
        assert f">{label}</a>" in response.text


def test_every_script_carries_its_own_responses_nonce(client, user):
    """The layout's fragments are drawn once a language; a script's nonce never comes from
    an earlier response."""
    client.force_login(user)

    for _ in range(2):
        response = client.get(reverse("rituals:today"))
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        scripts = re.findall(r"<script\b[^>]*>", response.text)
        assert len(scripts) == 4, "htmx, duet.js, the check-in outbox and pwa.js"
        assert all(f'nonce="{nonce}"' in script for script in scripts), scripts


def test_today_uses_the_persons_own_date(client, user, frozen_now):
    from datetime import UTC, datetime

    frozen_now(datetime(2026, 6, 1, 23, 30, tzinfo=UTC))
    user.time_zone = "Asia/Tokyo"
    user.save()
    client.force_login(user)

    assert "Tuesday 2 June" in client.get(reverse("rituals:today")).text


@pytest.mark.parametrize(
    ("url", "status", "sentence", "way_back"),
    [
        (
            reverse_lazy("goals:month", args=["2090-01"]),
            400,
            "That month is still far ahead",
            reverse_lazy("goals:current"),
        ),
        (
            reverse_lazy("checkins:edit", args=["2020-01-01"]),
            400,
            "Check-ins are for this evening",
            reverse_lazy("checkins:evening"),
        ),
        (
            reverse_lazy("couples:join", args=["no-such-token"]),
            404,
            "can&#x27;t find this invitation",
            reverse_lazy("home"),
        ),
    ],
)
def test_what_cannot_be_used_gets_one_kind_problem_page_with_a_way_back(
    client, user, url, status, sentence, way_back
):
    client.force_login(user)

    response = client.get(url)

    assert response.status_code == status
    assert [t.name for t in response.templates][0] == "core/problem.html"
    assert '<p role="alert">' in response.text and sentence in response.text
    assert f'href="{way_back}"' in response.text
    # The problem may pass (tomorrow, a fresh link), so no cache keeps showing it.
    assert "no-store" in response["Cache-Control"]


def test_every_page_describes_duet_for_search_engines_and_link_previews(client):
    response = client.get(reverse("accounts:login"))

    assert '<meta name="description" content="Duet: two partners' in response.text
