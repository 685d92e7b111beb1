"""Quiet hours: copies wait until they end on the person's own clock; urgent kinds don't."""

from datetime import UTC, datetime, time

import pytest
from django.core import mail
from django.urls import reverse

from notifications.models import Channel, KindChoice, Notification, QuietHours
from notifications.services import (
    KindSetting,
    notify,
    quiet_until,
    set_email_kinds,
    set_kind_settings,
    set_quiet_hours,
)
from tests.factories import UserFactory
from tests.worker import run_worker

pytestmark = pytest.mark.django_db
PREFERENCES = reverse("notifications:preferences")


@pytest.fixture
def ana(settings, webhook):
    settings.CHANNEL_ALLOWED_HOSTS = ["127.0.0.1"]
    ana = UserFactory(display_name="Ana", time_zone="Europe/London")
    Channel.objects.create(owner=ana, name="ntfy", url=webhook.url())
    set_quiet_hours(ana, time(22), time(7))
    return ana


def test_quiet_hours_hold_copies_until_they_end_and_the_inbox_shows_it_at_once(
    ana, webhook, frozen_now, client
):
    set_email_kinds(ana, ["offer"])
    frozen_now(datetime(2026, 11, 18, 23, 0, tzinfo=UTC))  # 23:00 in London

    notify(ana, "offer", "Bo offers: tea?")
    run_worker()

    client.force_login(ana)
    assert "Bo offers: tea?" in client.get(reverse("notifications:inbox")).text
    assert webhook.received == [] and mail.outbox == []
    frozen_now(datetime(2026, 11, 19, 6, 59, tzinfo=UTC))
    run_worker()
    assert webhook.received == [] and mail.outbox == []

    frozen_now(datetime(2026, 11, 19, 7, 0, 30, tzinfo=UTC))
    run_worker()

    # (Her evening check-in reminder, made at 23:00, waited with it.)
    offers = [m for m in webhook.messages() if m["title"] == "Duet: Offers and requests"]
    assert [message["message"].splitlines()[0] for message in offers] == ["Bo offers: tea?"]
    assert len(mail.outbox) == 1


def test_a_kind_marked_urgent_goes_out_during_quiet_hours(ana, webhook, frozen_now):
    set_kind_settings(ana, {"offer": KindSetting(email=False, push=True, other=True, urgent=True)})
    frozen_now(datetime(2026, 11, 19, 2, 0, tzinfo=UTC))

    notify(ana, "offer", "Bo offers: tea?")
    notify(ana, "grant", "Bo welcomes you to remind.")
    run_worker()

    titles = {message["title"] for message in webhook.messages()}
    assert "Duet: Offers and requests" in titles
    assert "Duet: Changes to support I've been granted" not in titles


def test_outside_quiet_hours_copies_go_at_once(ana, webhook, frozen_now):
    frozen_now(datetime(2026, 11, 18, 12, 0, tzinfo=UTC))

    notification = notify(ana, "offer", "Bo offers: tea?")
    run_worker()

    assert notification.held_until is None
    assert len(webhook.messages()) == 1


def test_the_retry_time_of_a_held_copy_starts_when_quiet_hours_end(ana, settings, frozen_now):
    settings.EMAIL_RETRY_HOURS = 1
    Channel.objects.update(url="json://127.0.0.1:9/nothing-listens")
    frozen_now(datetime(2026, 11, 18, 22, 0, tzinfo=UTC))
    notify(ana, "offer", "Bo offers: tea?")

    frozen_now(datetime(2026, 11, 19, 7, 0, 30, tzinfo=UTC))
    run_worker()

    notification = Notification.objects.get()
    assert notification.deliveries.get().status == "retrying", "not failed: its hour just began"


@pytest.mark.parametrize(
    ("zone", "starts", "ends", "now", "until"),
    [
        # Clocks go back in London inside the quiet hours: 07:00 GMT, not 06:00 UTC.
        ("Europe/London", "22:00", "07:00", "2026-10-24 22:30", "2026-10-25 07:00"),
        # Clocks spring forward in New York: 02:30 never happens, so 03:00 EDT.
        ("America/New_York", "01:00", "02:30", "2027-03-14 06:30", "2027-03-14 07:00"),
        # Crossing midnight, asked after midnight.
        ("Asia/Tokyo", "23:00", "06:00", "2026-11-18 16:00", "2026-11-18 21:00"),
        # Within one day.
        ("Europe/London", "13:00", "15:00", "2026-11-18 14:00", "2026-11-18 15:00"),
        # Outside them.
        ("Europe/London", "22:00", "07:00", "2026-11-18 12:00", None),
        ("Europe/London", "13:00", "15:00", "2026-11-18 15:00", None),
    ],
)
def test_quiet_hours_end_at_their_local_time_across_daylight_saving(zone, starts, ends, now, until):
    person = UserFactory(time_zone=zone)
    set_quiet_hours(person, time.fromisoformat(starts), time.fromisoformat(ends))

    moment = datetime.fromisoformat(now).replace(tzinfo=UTC)
    expected = datetime.fromisoformat(until).replace(tzinfo=UTC) if until else None

    assert quiet_until(person, moment) == expected


def test_quiet_hours_and_urgent_kinds_are_set_on_the_preferences_page(client, user):
    client.force_login(user)

    response = client.post(
        PREFERENCES,
        {"quiet_starts": "22:30", "quiet_ends": "06:45", "offer-push": "on", "offer-urgent": "on"},
    )

    assert response.status_code == 302
    quiet = QuietHours.objects.get(owner=user)
    assert (quiet.starts, quiet.ends) == (time(22, 30), time(6, 45))
    page = client.get(PREFERENCES).text
    assert 'value="22:30"' in page and 'value="06:45"' in page
    client.post(PREFERENCES, {"quiet_starts": "", "quiet_ends": ""})
    assert not QuietHours.objects.exists()


def test_saving_the_preferences_again_changes_each_kinds_row_in_a_few_queries(
    client, user, django_assert_max_num_queries
):
    other = UserFactory()
    set_email_kinds(other, ["offer"])
    client.force_login(user)
    client.post(PREFERENCES, {"offer-email": "on", "offer-push": "on"})
    kinds = KindChoice.objects.filter(owner=user).count()

    # Every kind's row is written in one statement, not read and saved one by one (the
    # request's transaction is a savepoint pair here, inside the test's transaction).
    with django_assert_max_num_queries(10):
        response = client.post(PREFERENCES, {"checkin_reminder-email": "on", "offer-urgent": "on"})

    assert response.status_code == 302
    assert KindChoice.objects.filter(owner=user).count() == kinds == len(Notification.Kind)
    offer = KindChoice.objects.get(owner=user, kind="offer")
    assert (offer.email, offer.push, offer.other, offer.urgent) == (False, False, False, True)
    assert KindChoice.objects.get(owner=user, kind="checkin_reminder").email
    assert KindChoice.objects.get(owner=other, kind="offer").email  # someone else's kept
    assert not KindChoice.objects.get(owner=other, kind="checkin_reminder").email
