"""The month-end nudge to write one's kind review: asked for, on the month's last evening."""

from datetime import UTC, date, datetime, time

import pytest
from django.urls import reverse

from goals import services
from goals.models import ReviewNudge, ReviewNudgeSent
from notifications.consent import still_allowed
from notifications.models import Notification
from tests.factories import UserFactory, make_couple
from tests.worker import run_worker

pytestmark = pytest.mark.django_db
NUDGE = reverse("goals:review_nudge")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def nudges(person) -> list[Notification]:
    return list(Notification.objects.filter(recipient=person, kind="review_nudge"))


def asking(zone: str = "Europe/London", evening: time = time(21), name: str = "Ana"):
    person = UserFactory(display_name=name, time_zone=zone, evening_time=evening)
    ReviewNudge.objects.create(owner=person)
    return person


def test_the_nudge_comes_once_on_the_months_last_evening(frozen_now, client):
    ana = asking()
    frozen_now(at("2026-11-29 21:00"))  # the evening before the last
    run_worker()
    frozen_now(at("2026-11-30 20:59"))
    run_worker()
    assert nudges(ana) == []

    frozen_now(at("2026-11-30 21:00"))
    run_worker()
    run_worker()
    frozen_now(at("2026-12-01 01:00"))  # still the 30th's evening
    run_worker()
    frozen_now(at("2026-12-01 21:00"))
    run_worker()

    (nudge,) = nudges(ana)
    assert nudge.url == reverse("goals:month", args=["2026-11"])
    assert ReviewNudgeSent.objects.get(owner=ana).month == date(2026, 11, 1)
    client.force_login(ana)
    page = client.get(reverse("notifications:inbox")).text
    assert "Would you like to write this month&#x27;s kind review?" in page


def test_each_person_is_nudged_on_their_own_clock(frozen_now):
    ana = asking("Europe/London")
    bo = asking("Pacific/Auckland", name="Bo")
    frozen_now(at("2026-11-30 08:00"))  # 21:00 on the 30th in Auckland
    run_worker()
    assert (len(nudges(ana)), len(nudges(bo))) == (0, 1)

    frozen_now(at("2026-11-30 21:00"))
    run_worker()
    assert (len(nudges(ana)), len(nudges(bo))) == (1, 1)


def test_no_nudge_unless_asked_for(frozen_now):
    ana = UserFactory(time_zone="Europe/London", evening_time=time(21))
    frozen_now(at("2026-11-30 21:00"))

    run_worker()

    assert nudges(ana) == []


def test_no_nudge_once_the_review_is_written(frozen_now):
    ana = asking()
    frozen_now(at("2026-11-30 12:00"))
    services.save_review(ana, date(2026, 11, 1), {"went_well": "Walks", "shared": False})
    frozen_now(at("2026-11-30 21:00"))

    run_worker()

    assert nudges(ana) == []


def test_a_nudge_is_held_back_at_delivery_once_asked_off_or_written(frozen_now):
    ana = asking()
    frozen_now(at("2026-11-30 21:00"))
    run_worker()
    (nudge,) = nudges(ana)
    assert still_allowed(nudge)

    services.save_review(ana, date(2026, 11, 1), {"learned": "Rest", "shared": False})
    assert not still_allowed(Notification.objects.get(pk=nudge.pk))


def test_a_partner_is_never_nudged_for_someone_else(frozen_now):
    ana, bo = make_couple(asking(), UserFactory(time_zone="Europe/London"))
    frozen_now(at("2026-11-30 21:00"))

    run_worker()

    assert len(nudges(ana)) == 1
    assert nudges(bo) == []


def test_asking_and_unasking_from_the_month_page(client, frozen_now):
    ana = UserFactory(time_zone="Europe/London")
    client.force_login(ana)
    page = client.get(reverse("goals:month", args=["2026-11"])).text
    assert "Nudge me on the month" in page

    response = client.post(NUDGE, {"wanted": "on"})
    assert response.status_code == 302
    assert ReviewNudge.objects.filter(owner=ana).exists()
    page = client.get(reverse("goals:month", args=["2026-11"]))
    assert page.context["nudge_form"]["wanted"].value() is True

    client.post(NUDGE, {})
    assert not ReviewNudge.objects.filter(owner=ana).exists()
