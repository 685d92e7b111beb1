"""Evening check-in reminders, delivered by the real worker at each person's own evening."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.urls import reverse

from checkins import services
from checkins.models import CheckinReminderSent
from notifications.models import Notification
from notifications.services import set_email_kinds, set_quiet_hours
from tests.factories import CheckInFactory, UserFactory
from tests.worker import run_worker

pytestmark = pytest.mark.django_db


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def reminders(person) -> int:
    return Notification.objects.filter(recipient=person, kind="checkin_reminder").count()


def person_in(zone: str, evening: time = time(21)):
    return UserFactory(display_name="Ana", time_zone=zone, evening_time=evening)


def test_reminder_arrives_at_the_persons_evening_time_and_only_once(frozen_now, client):
    ana = person_in("Europe/London")
    frozen_now(at("2026-11-18 20:59"))
    run_worker()
    assert reminders(ana) == 0

    frozen_now(at("2026-11-18 21:00"))
    run_worker()
    run_worker()
    frozen_now(at("2026-11-18 23:30"))
    run_worker()

    assert reminders(ana) == 1
    client.force_login(ana)
    page = client.get(reverse("notifications:inbox")).text
    assert "Would you like to check in?" in page
    assert CheckinReminderSent.objects.get(owner=ana).evening == date(2026, 11, 18)


def test_no_reminder_once_the_person_has_checked_in(frozen_now):
    ana = person_in("Europe/London")
    CheckInFactory(owner=ana, evening=date(2026, 11, 18))
    frozen_now(at("2026-11-18 21:05"))

    run_worker()

    assert reminders(ana) == 0


def test_each_partner_is_reminded_on_their_own_clock(frozen_now):
    ana = person_in("Europe/London")
    bo = person_in("America/New_York", time(20, 30))
    frozen_now(at("2026-11-18 21:00"))
    run_worker()
    assert (reminders(ana), reminders(bo)) == (1, 0)

    frozen_now(at("2026-11-19 01:30"))  # 20:30 in New York, 01:30 in London
    run_worker()
    assert (reminders(ana), reminders(bo)) == (1, 1)


@pytest.mark.parametrize(
    ("zone", "evening_time", "before", "fires"),
    [
        # 21:00 on the evening the clocks sprang forward: an hour earlier in UTC.
        ("Europe/London", time(21), "2026-03-29 19:59", "2026-03-29 20:00"),
        ("America/New_York", time(21), "2026-03-09 00:59", "2026-03-09 01:00"),
        # An evening time inside the gap fires at the first valid instant after it.
        ("Europe/London", time(1, 30), "2026-03-29 00:59", "2026-03-29 01:00"),
        ("America/New_York", time(2, 30), "2026-03-08 06:59", "2026-03-08 07:00"),
    ],
)
def test_reminders_across_the_spring_change(frozen_now, zone, evening_time, before, fires):
    ana = person_in(zone, evening_time)
    frozen_now(at(before))
    run_worker()
    assert reminders(ana) == 0

    frozen_now(at(fires))
    run_worker()
    frozen_now(at(fires) + timedelta(minutes=30))
    run_worker()

    assert reminders(ana) == 1


@pytest.mark.parametrize(
    ("zone", "first", "second"),
    [
        # 01:30 happens twice on the night the clocks go back.
        ("Europe/London", "2026-10-25 00:30", "2026-10-25 01:30"),
        ("America/New_York", "2026-11-01 05:30", "2026-11-01 06:30"),
    ],
)
def test_an_evening_time_that_happens_twice_fires_once(frozen_now, zone, first, second):
    ana = person_in(zone, time(1, 30))
    frozen_now(at(first))
    run_worker()
    frozen_now(at(second))
    run_worker()

    assert reminders(ana) == 1
    assert CheckinReminderSent.objects.filter(owner=ana).count() == 1


def test_changing_zone_moves_the_reminder_to_the_new_clock(frozen_now):
    ana = person_in("Europe/London")
    frozen_now(at("2026-11-18 18:00"))
    run_worker()
    ana.time_zone = "America/New_York"
    ana.save()

    frozen_now(at("2026-11-18 21:00"))  # 16:00 in New York
    run_worker()
    assert reminders(ana) == 0

    frozen_now(at("2026-11-19 02:00"))  # 21:00 in New York
    run_worker()
    assert reminders(ana) == 1


def test_moving_west_after_a_reminder_does_not_repeat_that_evening(frozen_now):
    ana = person_in("Europe/London")
    frozen_now(at("2026-11-18 21:00"))
    run_worker()
    ana.time_zone = "America/New_York"
    ana.save()

    frozen_now(at("2026-11-19 02:00"))  # 21:00 on the same date, now in New York
    run_worker()

    assert reminders(ana) == 1


def test_a_worker_that_was_down_catches_up_tonight_but_not_yesterday(frozen_now):
    ana = person_in("Europe/London")
    frozen_now(at("2026-11-19 12:00"))  # the 18th's evening ended at 04:00
    run_worker()
    assert reminders(ana) == 0

    frozen_now(at("2026-11-19 23:40"))  # down from 21:00 until now
    run_worker()
    assert reminders(ana) == 1
    assert CheckinReminderSent.objects.get(owner=ana).evening == date(2026, 11, 19)


def test_a_crash_mid_delivery_leaves_nothing_half_done(frozen_now, monkeypatch):
    ana = person_in("Europe/London")
    frozen_now(at("2026-11-18 21:00"))

    def crash(*args, **kwargs):
        raise RuntimeError("worker lost its database mid-run")

    with monkeypatch.context() as patched:
        patched.setattr("checkins.services.notify", crash)
        run_worker()
    assert reminders(ana) == 0
    assert not CheckinReminderSent.objects.exists(), "the claim rolled back with the failure"

    run_worker()
    run_worker()
    assert reminders(ana) == 1


def test_one_persons_trouble_does_not_hold_back_anyone_elses_reminder(
    frozen_now, monkeypatch, caplog
):
    ana, bo = person_in("Europe/London"), person_in("Europe/London")
    frozen_now(at("2026-11-18 21:00"))
    real_notify = services.notify

    def trouble_for_ana(person, *args, **kwargs):
        if person == ana:
            raise RuntimeError("Ana's row is locked")
        return real_notify(person, *args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr("checkins.services.notify", trouble_for_ana)
        run_worker()

    assert (reminders(ana), reminders(bo)) == (0, 1)
    assert f"Check-in reminder for person {ana.pk} failed" in caplog.text
    run_worker()
    assert (reminders(ana), reminders(bo)) == (1, 1), "Ana's is sent on the next run"


def test_an_unknown_stored_zone_falls_back_to_utc(frozen_now):
    ana = person_in("Europe/London")
    type(ana).objects.filter(pk=ana.pk).update(time_zone="Mars/Olympus_Mons")
    frozen_now(at("2026-11-18 21:00"))

    run_worker()

    assert reminders(ana) == 1


def test_inactive_people_get_no_reminders(frozen_now):
    ana = UserFactory(time_zone="Europe/London", is_active=False)
    frozen_now(at("2026-11-18 21:00"))

    run_worker()

    assert reminders(ana) == 0


def test_settings_accept_an_evening_time_that_a_dst_change_skips(client, frozen_now):
    ana = person_in("Europe/London")
    client.force_login(ana)
    response = client.post(
        reverse("accounts:profile"),
        {
            "display_name": "Ana",
            "time_zone": "America/New_York",
            "evening_time": "02:30",
            "language": "en",
        },
    )
    assert response.status_code == 302

    frozen_now(at("2026-03-08 07:00"))  # 02:30 doesn't exist that night; 03:00 EDT does
    run_worker()

    assert reminders(ana) == 1


def test_a_reminder_held_by_quiet_hours_is_not_emailed_the_next_morning(frozen_now, mailoutbox):
    ana = person_in("Europe/London")
    set_email_kinds(ana, ["checkin_reminder"])
    set_quiet_hours(ana, time(20), time(7))  # quiet hours that start before her evening
    frozen_now(at("2026-11-18 21:00"))
    run_worker()
    assert reminders(ana) == 1  # the inbox has it at once

    frozen_now(at("2026-11-19 07:01"))  # quiet hours end: the evening has long passed
    run_worker()

    assert mailoutbox == []
    assert Notification.objects.get(recipient=ana).email_status == "skipped"


def test_a_reminder_is_not_emailed_once_the_check_in_is_written(frozen_now, mailoutbox):
    ana = person_in("Europe/London")
    set_email_kinds(ana, ["checkin_reminder"])
    set_quiet_hours(ana, time(20), time(21, 30))
    frozen_now(at("2026-11-18 21:00"))
    run_worker()
    CheckInFactory(owner=ana, evening=date(2026, 11, 18))

    frozen_now(at("2026-11-18 21:31"))
    run_worker()

    assert mailoutbox == []
