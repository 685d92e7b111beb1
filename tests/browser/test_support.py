from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from checkins.models import CheckinReminderSent
from support.models import Reminder
from tests.browser.conftest import log_in
from tests.factories import RitualFactory, UserFactory, make_couple
from tests.worker import run_worker

pytestmark = pytest.mark.django_db(transaction=True)


def test_grant_remind_schedule_arrive_revoke(open_page):
    ana_user, _bo_user = make_couple(
        UserFactory(display_name="Ana", email="ana@example.org"),
        UserFactory(display_name="Bo", email="bo@example.org"),
    )
    RitualFactory(owner=ana_user, title="Evening walk", visibility="exists")
    # This test counts Bo's reminder: Ana's own check-in reminder, due whenever the suite
    # runs in her evening, counts as sent already.
    for days in (-1, 0, 1):
        evening = timezone.localdate() + timedelta(days=days)
        CheckinReminderSent.objects.create(owner=ana_user, evening=evening)

    ana = open_page()
    log_in(ana, "ana@example.org")
    ana.goto("/support/")
    ana.get_by_role("link", name="Welcome a kind of support").click()
    ana.get_by_text("Remind me", exact=True).click()
    ana.get_by_label("For:").select_option(label="Evening walk")
    ana.get_by_label("How I'd like it phrased:").fill("short and light")
    ana.get_by_role("button", name="Welcome it").click()
    expect(ana.locator("#given-heading + .grant")).to_contain_text("Remind me for “Evening walk”")

    bo = open_page()
    log_in(bo, "bo@example.org")
    bo.goto("/support/")
    expect(bo.locator("main")).to_contain_text("short and light")
    for text in ["Time for your walk?", "And tomorrow?"]:
        bo.goto("/support/")
        bo.get_by_role("link", name="Schedule a reminder").click()
        bo.get_by_label("Your reminder (short and kind):").fill(text)
        bo.get_by_label("When, on Ana's clock:").fill("2030-06-01T18:00")
        bo.get_by_role("button", name="Schedule it").click()
        expect(bo.get_by_role("status").first).to_contain_text("Scheduled")
    # The live coach suggested nothing for kind words; time passes for the first reminder.
    reminders = {reminder.text: reminder for reminder in Reminder.objects.all()}
    Reminder.objects.filter(pk=reminders["Time for your walk?"].pk).update(
        due_at=timezone.now() - timedelta(minutes=1)
    )
    ana.goto("/rituals/")
    expect(ana.locator(".badge-count")).to_have_count(0)  # pages count; the worker delivers
    run_worker()

    ana.goto("/rituals/")
    expect(ana.locator(".badge-count")).to_contain_text("1")
    ana.get_by_role("link", name="Inbox").click()
    expect(ana.locator(".inbox")).to_contain_text("Bo: Time for your walk? (Evening walk)")

    ana.goto("/support/")
    ana.locator("#given-heading + .grant").get_by_role("button", name="Revoke").click()
    expect(ana.get_by_role("status").first).to_contain_text("Revoked")

    bo.goto("/support/")
    expect(bo.get_by_role("link", name="Schedule a reminder")).to_have_count(0)
    expect(bo.locator("main")).not_to_contain_text("And tomorrow?")
    bo.goto("/support/reminders/new/")
    expect(bo.locator("main")).to_contain_text("doesn't welcome reminders from you right now")
    expect(bo.get_by_role("button", name="Schedule it")).to_have_count(0)
    reminders["And tomorrow?"].refresh_from_db()
    assert reminders["And tomorrow?"].status == "cancelled"


def test_the_coach_suggests_while_typing(open_page):
    ana_user, _bo_user = make_couple(
        UserFactory(display_name="Ana", email="ana@example.org"),
        UserFactory(display_name="Bo", email="bo@example.org"),
    )
    bo = open_page()
    log_in(bo, "bo@example.org")
    bo.goto("/support/requests/new/")

    bo.get_by_label("What would help:").fill("You should cook tonight")

    expect(bo.locator(".coach")).to_contain_text("I notice “You should”")
    expect(bo.locator(".coach")).to_contain_text("Would it help if…")
    bo.get_by_label("What would help:").fill("Would you cook with me tonight?")
    expect(bo.locator(".coach-note")).to_have_count(0)
