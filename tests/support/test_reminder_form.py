"""The reminder form asks one thing at a time, on the clock of the person it reaches."""

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from support import services
from support.models import Reminder, SupportGrant
from tests.factories import RitualFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rituals(couple):
    ana, _bo = couple
    ana.time_zone, ana.pronouns = "Europe/Berlin", "she/her"
    ana.save()
    walk = RitualFactory(owner=ana, title="Evening walk", visibility="exists")
    pages = RitualFactory(owner=ana, title="Morning pages", visibility="exists")
    secret = RitualFactory(owner=ana, title="Private thing", visibility="private")
    return walk, pages, secret


def form_page(client, person, **query):
    client.force_login(person)
    return client.get(reverse("support:reminder_create"), query)


def test_only_what_the_permission_covers_is_offered(client, couple, rituals, frozen_now):
    ana, bo = couple
    walk, pages, secret = rituals
    grant = services.grant_support(SupportGrant(kind="remind", ritual=walk), owner=ana)

    page = form_page(client, bo).text

    assert f'value="{grant.pk}-{walk.pk}"' in page
    assert "checked" in page  # the one thing there is to remind about is already chosen
    assert "Morning pages" not in page
    assert "Private thing" not in page
    assert "Under which permission" not in page


def test_a_general_permission_offers_each_shared_ritual_once(client, couple, rituals, frozen_now):
    ana, bo = couple
    walk, pages, _secret = rituals
    general = services.grant_support(SupportGrant(kind="remind"), owner=ana)
    for_walk = services.grant_support(SupportGrant(kind="remind", ritual=walk), owner=ana)

    page = form_page(client, bo, ritual=pages.pk).text

    assert page.count("Evening walk</label>") == 1
    assert f'value="{for_walk.pk}-{walk.pk}"' in page  # the permission for that ritual first
    assert re.findall(r'value="([^"]+)"[^>]*checked', page) == [f"{general.pk}-{pages.pk}"]
    assert "Private thing" not in page


def test_the_time_is_typed_and_listed_on_the_clock_of_the_person_it_reaches(
    client, couple, rituals, frozen_now
):
    ana, bo = couple
    walk, _pages, _secret = rituals
    grant = services.grant_support(
        SupportGrant(kind="remind", ritual=walk, phrasing="Softly, with a question"), owner=ana
    )

    page = form_page(client, bo).text
    assert "When, on Ana's clock" in page
    assert "your time" not in page
    assert "How she'd like it phrased" in page and "Softly, with a question" in page

    client.post(
        reverse("support:reminder_create"),
        {"about": f"{grant.pk}-{walk.pk}", "text": "Walk?", "due": "2026-11-19T18:00"},
    )
    reminder = Reminder.objects.get()
    assert reminder.due_at == datetime(2026, 11, 19, 17, 0, tzinfo=UTC)  # 18:00 in Berlin
    assert "Thu 19 Nov, 18:00 (Ana's time)" in client.get(reverse("support:home")).text


def test_after_a_revocation_the_form_says_kindly_that_the_permission_ended(
    client, couple, rituals, frozen_now
):
    ana, bo = couple
    walk, _pages, _secret = rituals
    grant = services.grant_support(SupportGrant(kind="remind", ritual=walk), owner=ana)
    services.revoke_grant(grant)

    response = form_page(client, bo)

    assert response.status_code == 200
    assert "Ana doesn't welcome reminders from you right now" in response.text
    assert "That's hers to decide" in response.text
    assert "Schedule it" not in response.text

    posted = client.post(
        reverse("support:reminder_create"),
        {"about": f"{grant.pk}-{walk.pk}", "text": "Walk?", "due": "2026-11-19T18:00"},
    )
    assert posted.status_code == 400
    assert "isn&#x27;t live any more" in posted.text
    assert not Reminder.objects.exists()


@pytest.mark.parametrize("about", ["", "x", "1-", "-1", "99999-99999", "1-2-3"])
def test_a_forged_choice_gets_a_clear_message_and_saves_nothing(
    client, couple, rituals, frozen_now, about
):
    ana, bo = couple
    walk, _pages, _secret = rituals
    services.grant_support(SupportGrant(kind="remind", ritual=walk), owner=ana)
    client.force_login(bo)

    response = client.post(
        reverse("support:reminder_create"),
        {"about": about, "text": "Walk?", "due": "2026-11-19T18:00"},
    )

    assert response.status_code == 400
    assert "errorlist" in response.text
    assert not Reminder.objects.exists()


def test_a_double_submit_schedules_one_reminder(client, couple, rituals, frozen_now):
    ana, bo = couple
    walk, _pages, _secret = rituals
    grant = services.grant_support(SupportGrant(kind="remind", ritual=walk), owner=ana)
    client.force_login(bo)
    data = {"about": f"{grant.pk}-{walk.pk}", "text": "Walk?", "due": "2026-11-19T18:00"}

    client.post(reverse("support:reminder_create"), data)
    client.post(reverse("support:reminder_create"), data)

    assert Reminder.objects.count() == 1
