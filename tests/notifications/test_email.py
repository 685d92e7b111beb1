"""Notification emails by per-kind preference, sent by the real worker."""

import re
import smtplib
from datetime import UTC, datetime

import pytest
from django.core import mail
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from notifications.models import KindChoice, Notification
from notifications.services import notify, set_email_kinds
from tests.factories import UserFactory
from tests.worker import run_worker

pytestmark = pytest.mark.django_db
PREFERENCES = reverse("notifications:email_preferences")


def test_a_subscribed_kind_arrives_in_the_inbox_and_by_email(user):
    set_email_kinds(user, ["offer"])

    notification = notify(user, "offer", "Bo offers: a walk together?", "/support/")
    assert mail.outbox == [], "nothing is sent until the worker runs"
    run_worker()
    run_worker()

    (email,) = mail.outbox
    assert email.to == [user.email]
    assert email.subject == "Duet: Offers and requests"
    assert "Bo offers: a walk together?" in email.body
    assert "http://127.0.0.1:8000/support/" in email.body
    notification.refresh_from_db()
    assert notification.email_status == "sent" and notification.emailed_at


def test_an_unsubscribed_kind_stays_in_the_app(user, frozen_now):
    set_email_kinds(user, ["offer"])

    notify(user, "grant", "Bo welcomes you to remind.")
    run_worker()

    assert mail.outbox == []
    assert Notification.objects.get(recipient=user).email_status == ""
    assert not DBTaskResult.objects.filter(task_path__contains="email").exists()


def test_unsubscribing_after_queueing_sends_nothing(user):
    set_email_kinds(user, ["offer"])
    notification = notify(user, "offer", "Bo offers: tea?")

    set_email_kinds(user, [])
    run_worker()

    assert mail.outbox == []
    notification.refresh_from_db()
    assert notification.email_status == "skipped"


def test_a_failing_email_keeps_the_in_app_notification(user, monkeypatch, client):
    set_email_kinds(user, ["offer"])

    def refuse(*args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({user.email: (550, b"No such mailbox")})

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
    notification = notify(user, "offer", "Bo offers: tea?")
    run_worker(failures_expected=True)

    notification.refresh_from_db()
    assert notification.email_status == "failed"
    client.force_login(user)
    assert "Bo offers: tea?" in client.get(reverse("notifications:inbox")).text


def test_an_email_claimed_by_a_worker_is_not_sent_again_while_its_lease_runs(user):
    set_email_kinds(user, ["offer"])
    notification = notify(user, "offer", "Bo offers: tea?")
    # A worker claimed it and may still be sending: sending again could send it twice.
    Notification.objects.filter(pk=notification.pk).update(email_status="sending")

    run_worker()

    assert mail.outbox == []


def _emailed_kinds(person) -> set[str]:
    return set(KindChoice.objects.filter(owner=person, email=True).values_list("kind", flat=True))


def test_preferences_page_saves_the_chosen_kinds(client, user):
    client.force_login(user)
    page = client.get(PREFERENCES).text
    assert "Evening check-in reminder" in page and "Reminders from my partner" in page

    response = client.post(
        PREFERENCES, {"checkin_reminder-email": "on", "acknowledgement-email": "on"}
    )

    assert response.status_code == 302
    assert _emailed_kinds(user) == {"checkin_reminder", "acknowledgement"}
    page = client.get(PREFERENCES).text
    assert re.search(r'name="checkin_reminder-email"[^>]*checked', page)
    assert not re.search(r'name="offer-email"[^>]*checked', page)

    client.post(PREFERENCES, {})
    assert _emailed_kinds(user) == set(), "all unticked: in-app only"


def test_the_old_email_address_of_the_page_leads_to_it(client, user):
    client.force_login(user)

    response = client.get("/inbox/email/")

    assert response.status_code == 302 and response["Location"] == PREFERENCES


def test_half_given_quiet_hours_are_refused_clearly(client, user):
    client.force_login(user)

    response = client.post(PREFERENCES, {"offer-email": "on", "quiet_starts": "22:00"})

    assert response.status_code == 400
    assert "Quiet hours need both times" in response.text
    assert not KindChoice.objects.exists()


def test_preferences_are_the_owners_only(client, people):
    set_email_kinds(people.ana, ["offer"])
    assert client.get(PREFERENCES)["Location"].startswith(reverse("accounts:login"))

    for other in (people.bo, people.cy, people.dee, people.staff):
        client.force_login(other)
        client.post(PREFERENCES, {})
        page = client.get(PREFERENCES).text
        assert people.ana.email not in page
        assert not re.search(r'name="offer-email"[^>]*checked', page)

    assert _emailed_kinds(people.ana) == {"offer"}, "untouched by others"


def test_check_in_reminders_can_come_by_email(frozen_now):
    ana = UserFactory(time_zone="Asia/Tokyo")
    set_email_kinds(ana, ["checkin_reminder"])
    frozen_now(datetime(2026, 11, 18, 12, 0, tzinfo=UTC))  # 21:00 in Tokyo

    run_worker()

    (email,) = mail.outbox
    assert "Would you like to check in?" in email.body
