"""Reminders for one's own rituals, at each ritual's time on its owner's clock."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.urls import reverse

from notifications.consent import still_allowed
from notifications.models import Notification
from rituals import services
from rituals.models import PracticeLog, Ritual, RitualReminderSent
from tests.factories import RitualFactory, UserFactory, make_couple
from tests.worker import run_worker

pytestmark = pytest.mark.django_db


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def reminders(person) -> list[Notification]:
    return list(Notification.objects.filter(recipient=person, kind="ritual_reminder"))


def ritual_at(person, at_time: time = time(7, 15), **fields) -> Ritual:
    defaults = {
        "title": "Morning pages",
        "anchor": "at_time",
        "anchor_time": at_time,
        "remind_me": True,
        "started_on": date(2026, 1, 1),
    }
    return RitualFactory(owner=person, **(defaults | fields))


def person_in(zone: str, name: str = "Ana"):
    return UserFactory(display_name=name, time_zone=zone)


def test_a_reminder_arrives_at_the_rituals_time_on_each_owners_clock(frozen_now, client):
    ana = person_in("Europe/London")
    bo = person_in("America/New_York", "Bo")
    ritual_at(ana)
    ritual_at(bo, title="Stretch")
    frozen_now(at("2026-11-18 07:14"))
    run_worker()
    assert (len(reminders(ana)), len(reminders(bo))) == (0, 0)

    frozen_now(at("2026-11-18 07:15"))
    run_worker()
    assert (len(reminders(ana)), len(reminders(bo))) == (1, 0)

    frozen_now(at("2026-11-18 12:15"))  # 07:15 in New York
    run_worker()
    assert (len(reminders(ana)), len(reminders(bo))) == (1, 1)

    client.force_login(ana)
    page = client.get(reverse("notifications:inbox")).text
    assert "It&#x27;s time for “Morning pages”. Would a few minutes help?" in page
    assert reminders(ana)[0].url == reverse("rituals:today")


@pytest.mark.parametrize(
    ("remind_at", "due"),
    [(None, "2026-11-18 08:00"), (time(6, 45), "2026-11-18 06:45")],
)
def test_an_anchored_ritual_reminds_at_the_chosen_time_or_its_usual_one(frozen_now, remind_at, due):
    ana = person_in("Europe/London")
    RitualFactory(owner=ana, anchor="morning", remind_me=True, remind_at=remind_at)
    frozen_now(at(due) - timedelta(minutes=1))
    run_worker()
    assert reminders(ana) == []

    frozen_now(at(due))
    run_worker()
    assert len(reminders(ana)) == 1


@pytest.mark.parametrize(
    ("zone", "ritual_time", "before", "fires"),
    [
        # 07:15 on the day the clocks sprang forward is an hour earlier in UTC.
        ("Europe/Berlin", time(7, 15), "2026-03-29 05:14", "2026-03-29 05:15"),
        # 02:30 doesn't exist that morning in Berlin: it fires at 03:00 CEST.
        ("Europe/Berlin", time(2, 30), "2026-03-29 00:59", "2026-03-29 01:00"),
        ("America/New_York", time(2, 30), "2026-03-08 06:59", "2026-03-08 07:00"),
    ],
)
def test_reminders_across_the_spring_change(frozen_now, zone, ritual_time, before, fires):
    ana = person_in(zone)
    ritual_at(ana, ritual_time)
    frozen_now(at(before))
    run_worker()
    assert reminders(ana) == []

    frozen_now(at(fires))
    run_worker()
    frozen_now(at(fires) + timedelta(minutes=30))
    run_worker()

    assert len(reminders(ana)) == 1


def test_a_time_that_happens_twice_when_clocks_go_back_reminds_once(frozen_now):
    ana = person_in("Europe/Berlin")
    ritual = ritual_at(ana, time(2, 30))
    frozen_now(at("2026-10-25 00:29"))
    run_worker()
    assert reminders(ana) == []

    frozen_now(at("2026-10-25 00:30"))  # 02:30 CEST, the first time
    run_worker()
    frozen_now(at("2026-10-25 01:30"))  # 02:30 CET, the second time
    run_worker()

    assert len(reminders(ana)) == 1
    assert RitualReminderSent.objects.get(ritual=ritual).day == date(2026, 10, 25)


def test_no_reminder_unless_the_person_asked_for_one(frozen_now):
    ana = person_in("Europe/London")
    ritual_at(ana, remind_me=False)
    frozen_now(at("2026-11-18 07:15"))

    run_worker()

    assert reminders(ana) == []


def test_no_reminder_while_the_ritual_is_paused_and_again_once_it_resumes(frozen_now):
    ana = person_in("Europe/London")
    ritual = ritual_at(ana)
    frozen_now(at("2026-11-17 12:00"))
    services.pause_ritual(ritual, resume_on=date(2026, 11, 19))

    frozen_now(at("2026-11-18 07:15"))
    run_worker()
    assert reminders(ana) == []

    frozen_now(at("2026-11-19 07:15"))  # the planned resume day
    run_worker()
    assert len(reminders(ana)) == 1
    ritual.refresh_from_db()
    assert ritual.status == Ritual.Status.ACTIVE


def test_a_pause_the_worker_ends_shows_on_the_partners_kept_page_at_once(client, frozen_now):
    """The worker resumes a pause whose day has come (before any reminder is due): the
    partner's Us page, kept (couples/versions.py), shows the ritual resumed on its next
    request."""
    ana = person_in("Europe/London")
    bo = person_in("Europe/London", "Bo")
    make_couple(ana, bo)
    ritual = ritual_at(ana, time(20, 0), visibility=Ritual.Visibility.EXISTS)
    frozen_now(at("2026-11-17 12:00"))
    services.pause_ritual(ritual, resume_on=date(2026, 11, 19))
    client.force_login(bo)
    frozen_now(at("2026-11-19 07:15"))  # the planned resume day; the reminder is at 20:00
    for _kept in range(2):
        assert "resting for now" in client.get(reverse("couples:home")).text

    run_worker()

    ritual.refresh_from_db()
    assert ritual.status == Ritual.Status.ACTIVE and reminders(ana) == []
    assert "resting for now" not in client.get(reverse("couples:home")).text


@pytest.mark.parametrize("outcome", ["done", "rest", "skipped"])
def test_no_reminder_on_a_day_already_noted(frozen_now, outcome):
    ana = person_in("Europe/London")
    ritual = ritual_at(ana)
    services.log_practice(ritual, date(2026, 11, 18), outcome)
    frozen_now(at("2026-11-18 07:15"))

    run_worker()

    assert reminders(ana) == []


def test_no_reminder_on_a_day_the_schedule_leaves_out(frozen_now):
    ana = person_in("Europe/London")
    ritual_at(ana, schedule_kind="weekdays", weekdays=0b0000001)  # Mondays only
    frozen_now(at("2026-11-18 07:15"))  # a Wednesday
    run_worker()
    assert reminders(ana) == []

    frozen_now(at("2026-11-23 07:15"))  # Monday
    run_worker()
    assert len(reminders(ana)) == 1


def test_no_reminder_before_the_ritual_began(frozen_now):
    ana = person_in("Europe/London")
    ritual_at(ana, started_on=date(2026, 11, 19))
    frozen_now(at("2026-11-18 07:15"))

    run_worker()

    assert reminders(ana) == []


def test_a_few_times_a_week_reminds_only_until_the_weeks_count_is_reached(frozen_now):
    ana = person_in("Europe/London")
    ritual = ritual_at(ana, schedule_kind="per_week", times_per_week=2)
    # Week of Monday 16 November: practised on Monday, rested on Tuesday.
    PracticeLog.objects.create(ritual=ritual, day=date(2026, 11, 16), outcome="done")
    PracticeLog.objects.create(ritual=ritual, day=date(2026, 11, 17), outcome="rest")
    frozen_now(at("2026-11-18 07:15"))
    run_worker()
    assert len(reminders(ana)) == 1, "one of two so far this week"

    services.log_practice(ritual, date(2026, 11, 18), "adapted")
    frozen_now(at("2026-11-19 07:15"))
    run_worker()
    assert len(reminders(ana)) == 1, "two of two: no more this week"

    frozen_now(at("2026-11-23 07:15"))  # a new week
    run_worker()
    assert len(reminders(ana)) == 2


def test_two_runs_remind_once(frozen_now):
    ana = person_in("Europe/London")
    ritual_at(ana)
    frozen_now(at("2026-11-18 07:15"))
    run_worker()
    run_worker()
    frozen_now(at("2026-11-18 07:45"))
    run_worker()

    assert len(reminders(ana)) == 1


def test_a_worker_that_was_down_catches_up_within_the_window(frozen_now):
    ana = person_in("Europe/London")
    ritual_at(ana)
    frozen_now(at("2026-11-18 09:10"))  # down from 07:15 until now

    run_worker()

    assert len(reminders(ana)) == 1


def test_a_worker_back_too_late_stays_quiet(frozen_now):
    ana = person_in("Europe/London")
    ritual_at(ana)
    frozen_now(at("2026-11-18 09:16"))  # two hours after the time: it has passed

    run_worker()

    assert reminders(ana) == []


def test_yesterdays_reminder_is_never_sent(frozen_now):
    ana = person_in("Europe/London")
    ritual_at(ana, time(23, 30))
    frozen_now(at("2026-11-19 00:10"))  # down from 23:30 yesterday until after midnight

    run_worker()

    assert reminders(ana) == []
    assert not RitualReminderSent.objects.exists()


def test_a_crash_mid_delivery_leaves_no_claim(frozen_now, monkeypatch):
    ana = person_in("Europe/London")
    ritual_at(ana)
    frozen_now(at("2026-11-18 07:15"))

    def crash(*args, **kwargs):
        raise RuntimeError("worker lost its database mid-run")

    with monkeypatch.context() as patched:
        patched.setattr("rituals.reminders.notify", crash)
        run_worker()
    assert not RitualReminderSent.objects.exists()

    run_worker()
    assert len(reminders(ana)) == 1


def test_a_partner_never_gets_someones_own_ritual_reminder(frozen_now, client):
    ana, bo = make_couple(person_in("Europe/London"), person_in("Europe/London", "Bo"))
    ritual_at(ana, title="MARK-private-walk", visibility="private", intention="MARK-why")
    ritual_at(ana, title="Shared stretch", visibility="practice", at_time=time(7, 20))
    frozen_now(at("2026-11-18 07:30"))

    run_worker()

    assert len(reminders(ana)) == 2
    assert Notification.objects.filter(recipient=bo).count() == 0
    for item in reminders(ana):
        assert "MARK" not in item.text and "Shared stretch" not in item.text, "titles in slots"
    client.force_login(bo)
    page = client.get(reverse("notifications:inbox")).text
    assert "MARK-private-walk" not in page and "time for" not in page


def test_each_partner_is_reminded_only_of_their_own_copy_of_a_joint_ritual(frozen_now):
    ana, bo = make_couple(person_in("Europe/London"), person_in("Europe/London", "Bo"))
    anas = ritual_at(ana, title="Walk together")
    bos = ritual_at(bo, title="Walk together")
    frozen_now(at("2026-11-18 07:15"))

    run_worker()

    assert [item.ritual for item in reminders(ana)] == [anas]
    assert [item.ritual for item in reminders(bo)] == [bos]


@pytest.mark.parametrize(
    "change",
    [
        lambda ritual: services.pause_ritual(ritual),
        lambda ritual: services.log_practice(ritual, date(2026, 11, 18), "done"),
        lambda ritual: Ritual.objects.filter(pk=ritual.pk).update(remind_me=False),
        lambda ritual: services.retire_ritual(ritual),
        lambda ritual: ritual.delete(),
    ],
    ids=["paused", "logged", "switched off", "retired", "deleted"],
)
def test_a_reminder_is_held_back_at_delivery_once_it_no_longer_fits(frozen_now, change):
    ana = person_in("Europe/London")
    ritual = ritual_at(ana)
    frozen_now(at("2026-11-18 07:15"))
    run_worker()
    (item,) = reminders(ana)
    assert still_allowed(Notification.objects.get(pk=item.pk))

    change(ritual)

    assert not still_allowed(Notification.objects.get(pk=item.pk))


def test_the_ritual_form_offers_the_reminder_as_a_clear_choice(client, frozen_now):
    ana = person_in("Europe/London")
    client.force_login(ana)
    page = client.get(reverse("rituals:create")).text
    assert "Remind me at its time" in page

    response = client.post(
        reverse("rituals:create"),
        {
            "title": "Tea outside",
            "category": "rest",
            "schedule_kind": "daily",
            "anchor": "evening",
            "remind_me": "on",
            "remind_at": "18:40",
            "visibility": "private",
        },
    )

    assert response.status_code == 302
    ritual = Ritual.objects.get(owner=ana)
    assert ritual.remind_me and ritual.remind_at == time(18, 40)
    assert ritual.reminder_time == time(18, 40)


def test_a_set_time_ritual_is_reminded_at_its_own_time_whatever_was_typed(client, frozen_now):
    ana = person_in("Europe/London")
    client.force_login(ana)

    client.post(
        reverse("rituals:create"),
        {
            "title": "Tea outside",
            "category": "rest",
            "schedule_kind": "daily",
            "anchor": "at_time",
            "anchor_time": "07:15",
            "remind_me": "on",
            "remind_at": "18:40",
            "visibility": "private",
        },
    )

    ritual = Ritual.objects.get(owner=ana)
    assert ritual.remind_at is None
    assert ritual.reminder_time == time(7, 15)


def test_switching_the_reminder_on_needs_no_reason_and_keeps_no_history(client, frozen_now):
    ana = person_in("Europe/London")
    ritual = ritual_at(ana, remind_me=False)
    client.force_login(ana)

    response = client.post(
        reverse("rituals:edit", args=[ritual.pk]),
        {
            "title": ritual.title,
            "category": ritual.category,
            "intention": ritual.intention,
            "schedule_kind": "daily",
            "anchor": "at_time",
            "anchor_time": "07:15",
            "remind_me": "on",
            "visibility": "private",
        },
    )

    assert response.status_code == 302
    ritual.refresh_from_db()
    assert ritual.remind_me
    assert not ritual.adjustments.exists()


def test_the_ritual_page_says_when_its_reminder_comes(client, frozen_now):
    ana = person_in("Europe/London")
    reminded = RitualFactory(owner=ana, anchor="morning", remind_me=True, calendar_alarm=True)
    quiet = RitualFactory(owner=ana)
    client.force_login(ana)

    assert (
        "at 08:00, just for you · an alert in your calendar feed"
        in client.get(reverse("rituals:detail", args=[reminded.pk])).text
    )
    assert (
        "<strong>Reminder:</strong> none."
        in client.get(reverse("rituals:detail", args=[quiet.pk])).text
    )
