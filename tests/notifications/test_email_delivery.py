"""Emails through a real SMTP server that goes away: retried, failed visibly, reconciled."""

import os
import signal
import smtplib
import socket
import sqlite3
import subprocess
import sys
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from notifications.delivery import failed_recently, is_transient, retry_delay
from notifications.models import Notification
from notifications.services import notify, set_email_kinds
from tests.core.test_settings import load_settings
from tests.factories import UserFactory
from tests.worker import run_worker

INBOX = reverse("notifications:inbox")


def _statuses() -> list[str]:
    return sorted(set(Notification.objects.values_list("email_status", flat=True)))


@pytest.mark.django_db
def test_emails_sent_during_a_mail_server_outage_all_arrive_once_it_is_back(
    settings, mail_server, frozen_now
):
    settings.MAILERS = mail_server.mailers()
    start = frozen_now(timezone.now())
    people = UserFactory.create_batch(3)
    for person in people:
        set_email_kinds(person, ["offer"])
    for number in range(30):
        notify(people[number % 3], "offer", f"An offer, number {number}.")

    run_worker()  # the server is down: every email waits to try again, none has failed
    assert _statuses() == ["retrying"]
    frozen_now(start + timedelta(minutes=1, seconds=5))
    run_worker()  # still down at the second try; the third waits two minutes
    assert _statuses() == ["retrying"]

    mail_server.start()
    run_worker()
    assert mail_server.received == [], "the retries wait their turn"
    frozen_now(start + timedelta(minutes=3, seconds=10))
    run_worker()
    frozen_now(start + timedelta(minutes=30))
    run_worker()

    bodies = [message.get_payload(decode=True).decode() for message in mail_server.received]
    for number in range(30):
        assert sum(f"An offer, number {number}." in body for body in bodies) == 1, number
    assert len(bodies) == 30
    assert _statuses() == ["sent"]
    assert failed_recently() == 0
    assert not DBTaskResult.objects.failed().exists()


@pytest.mark.django_db
def test_an_email_the_server_refuses_for_good_is_shown_to_the_person_and_the_host(
    settings, mail_server, client, people
):
    settings.MAILERS = mail_server.mailers()
    mail_server.reply = "550 5.1.1 No such mailbox here"
    mail_server.start()
    set_email_kinds(people.ana, ["offer"])
    notify(people.ana, "offer", "Bo offers: a walk-secret together?")

    run_worker(failures_expected=True)

    assert mail_server.received == []
    (task,) = DBTaskResult.objects.failed()
    assert task.exception_class_path == "notifications.delivery.EmailNotDelivered"
    assert failed_recently() == 1
    client.force_login(people.ana)
    page = client.get(INBOX).text
    assert "walk-secret" in page and "I couldn&#x27;t email this to you" in page
    client.force_login(people.bo)
    assert "I couldn&#x27;t email this" not in client.get(INBOX).text
    client.force_login(people.staff)
    admin_list = client.get(reverse("admin:notifications_notification_changelist")).text
    assert "Failed" in admin_list and "SMTP 550" in admin_list
    assert "walk-secret" not in admin_list
    assert failed_recently(within=timedelta(0)) == 0, "a count of recent failures only"


@pytest.mark.django_db
def test_an_inbox_kept_before_the_email_failed_says_so_on_the_next_request(
    settings, mail_server, client, people
):
    """The inbox is kept (couples/versions.py): a copy that fails for good, in the worker,
    moves its recipient's versions, so the kept page isn't shown without the note."""
    settings.MAILERS = mail_server.mailers()
    mail_server.reply = "550 5.1.1 No such mailbox here"
    mail_server.start()
    set_email_kinds(people.ana, ["offer"])
    notify(people.ana, "offer", "Bo offers: a walk-secret together?")
    client.force_login(people.ana)
    for _kept in range(2):
        page = client.get(INBOX).text
        assert "walk-secret" in page and "I couldn&#x27;t email this" not in page

    run_worker(failures_expected=True)

    assert "I couldn&#x27;t email this to you" in client.get(INBOX).text


@pytest.mark.django_db
def test_a_server_saying_try_later_is_retried_then_failed_when_the_retry_time_is_up(
    settings, mail_server, client, user, frozen_now
):
    settings.MAILERS = mail_server.mailers()
    settings.EMAIL_RETRY_HOURS = 6
    mail_server.reply = "451 4.3.0 Try again later"
    mail_server.start()
    set_email_kinds(user, ["offer"])
    notification = notify(user, "offer", "Bo offers: tea?")
    start = frozen_now(timezone.now())

    run_worker()
    notification.refresh_from_db()
    assert notification.email_status == "retrying"
    client.force_login(user)
    assert "email this" not in client.get(INBOX).text, "nothing to worry about yet"

    frozen_now(start + timedelta(hours=7))
    run_worker(failures_expected=True)

    notification.refresh_from_db()
    assert (notification.email_status, notification.email_attempts) == ("failed", 2)
    assert notification.email_error == "SMTP 451"
    assert "I couldn&#x27;t email this to you" in client.get(INBOX).text


@pytest.mark.django_db
def test_an_email_left_sending_past_its_lease_is_sent_once_by_the_reconcile(
    user, client, frozen_now
):
    set_email_kinds(user, ["offer"])
    stuck, busy, too_late = (notify(user, "offer", f"Bo offers: tea {n}?") for n in range(3))
    now = timezone.now()
    # Claimed by workers that died mid-send, except `busy`, whose worker may still be at it.
    Notification.objects.filter(pk=stuck.pk).update(
        email_status="sending", email_status_at=now - timedelta(minutes=11), email_attempts=1
    )
    Notification.objects.filter(pk=busy.pk).update(
        email_status="sending", email_status_at=now - timedelta(minutes=5), email_attempts=1
    )
    Notification.objects.filter(pk=too_late.pk).update(
        email_status="sending",
        email_status_at=now - timedelta(minutes=11),
        created_at=now - timedelta(hours=7),
    )

    run_worker()
    run_worker()

    (email,) = mail.outbox
    assert "Bo offers: tea 0?" in email.body
    statuses = dict(Notification.objects.values_list("pk", "email_status"))
    assert statuses == {stuck.pk: "sent", busy.pk: "sending", too_late.pk: "failed"}
    client.force_login(user)
    assert "I may not have managed to email this to you" in client.get(INBOX).text


def test_a_worker_killed_mid_send_leaves_no_email_stuck(tmp_path, mail_server):
    mail_server.hold = 1
    mail_server.start()
    env = {
        **os.environ,
        "DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(mail_server.port),
        "EMAIL_USE_TLS": "false",
    }
    manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, timeout=120)
    setup = (
        "from tests.factories import UserFactory; "
        "from notifications.services import notify, set_email_kinds; "
        "ana = UserFactory(); set_email_kinds(ana, ['offer']); "
        "notify(ana, 'offer', 'Bo offers: a walk?')"
    )
    subprocess.run([*manage, "shell", "-c", setup], env=env, check=True, timeout=60)

    worker = subprocess.Popen(
        [*manage, "run_worker", "--interval", "0.2"], env=env, stdout=subprocess.DEVNULL
    )
    try:
        assert mail_server.holding.wait(timeout=60), "the worker got as far as sending"
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=15)
    assert _email_statuses(tmp_path) == ["sending"]

    # The next worker, once the lease has run out (here at once), reconciles it.
    lease_over = {**env, "EMAIL_SENDING_LEASE_MINUTES": "0"}
    subprocess.run([*manage, "run_worker", "--once"], env=lease_over, check=True, timeout=120)

    assert _email_statuses(tmp_path) == ["sent"]
    (message,) = mail_server.received
    assert "Bo offers: a walk?" in message.get_payload(decode=True).decode()


def _email_statuses(tmp_path) -> list[str]:
    with sqlite3.connect(tmp_path / "worker.sqlite3") as database:
        # The offer only: a real clock may also bring the evening check-in reminder.
        rows = database.execute(
            "SELECT email_status FROM notifications_notification WHERE kind = 'offer'"
        )
        return [status for (status,) in rows]


@pytest.mark.parametrize(
    ("name", "value", "error"),
    [
        ("EMAIL_RETRY_HOURS", "-1", "can't be negative"),
        ("EMAIL_SENDING_LEASE_MINUTES", "ten", "could not convert"),
    ],
)
def test_retry_settings_refuse_values_that_make_no_sense(tmp_path, name, value, error):
    result = load_settings(tmp_path, show=name, **{name: value})

    assert result.returncode != 0
    assert error in result.stderr


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (ConnectionRefusedError(), True),
        (TimeoutError(), True),
        (socket.gaierror(), True),
        (smtplib.SMTPServerDisconnected(), True),
        (smtplib.SMTPSenderRefused(421, b"busy", "duet@localhost"), True),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (450, b"greylisted")}), True),
        (smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"no such mailbox")}), False),
        (smtplib.SMTPDataError(554, b"rejected"), False),
        (smtplib.SMTPNotSupportedError(), False),
        (ValueError("a bug of ours"), False),
    ],
)
def test_outages_and_try_later_replies_are_retried_and_nothing_else(error, transient):
    assert is_transient(error) is transient


def test_retries_double_from_a_minute_and_end_with_the_retry_time(settings):
    settings.EMAIL_RETRY_HOURS = 6
    start = timezone.now()

    waits, now, attempts = [], start, 1
    while (wait := retry_delay(attempts, start, now)) is not None:
        waits.append(wait)
        now, attempts = now + wait, attempts + 1

    assert waits[:4] == [timedelta(minutes=minutes) for minutes in (1, 2, 4, 8)]
    assert now == start + timedelta(hours=6)
    assert len(waits) == 9
