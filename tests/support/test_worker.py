"""Partner reminders delivered by the real worker, with consent checked again at delivery."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from notifications.models import Notification
from notifications.services import set_email_kinds
from support import services
from support.models import Reminder, SupportGrant
from support.tasks import deliver_partner_reminders
from tests.conftest import NOW
from tests.factories import RitualFactory
from tests.notifications.test_read_time import make_private
from tests.worker import run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def walk(couple):
    ana, _bo = couple
    return RitualFactory(owner=ana, title="Evening walk", visibility="exists")


def scheduled(owner, partner, ritual, due, **limits) -> Reminder:
    grant = services.grant_support(SupportGrant(kind="remind", ritual=ritual, **limits), owner)
    return services.schedule_reminder(grant, partner, ritual, "Fancy a walk?", due)


def delivered(owner) -> int:
    return Notification.objects.filter(recipient=owner, kind="partner_reminder").count()


def test_the_worker_delivers_a_due_reminder_once(couple, walk, frozen_now):
    ana, bo = couple
    reminder = scheduled(ana, bo, walk, NOW + timedelta(hours=1))
    run_worker()
    assert delivered(ana) == 0, "not before its time"

    frozen_now(NOW + timedelta(hours=1))
    run_worker()
    run_worker()

    reminder.refresh_from_db()
    assert reminder.status == "delivered"
    assert delivered(ana) == 1


def test_revoking_between_scheduling_and_delivery_stops_it(couple, walk, frozen_now):
    ana, bo = couple
    reminder = scheduled(ana, bo, walk, NOW + timedelta(hours=1))
    # The periodic task is already queued when Ana withdraws her permission.
    deliver_partner_reminders.enqueue()
    services.revoke_grant(reminder.grant)

    frozen_now(NOW + timedelta(hours=2))
    run_worker()

    reminder.refresh_from_db()
    assert (reminder.status, delivered(ana)) == ("cancelled", 0)


def test_a_grant_that_expires_before_delivery_stops_it(couple, walk, frozen_now):
    ana, bo = couple
    grant = services.grant_support(
        SupportGrant(kind="remind", ritual=walk, expires_at=NOW + timedelta(hours=3)), ana
    )
    reminder = services.schedule_reminder(grant, bo, walk, "Walk?", NOW + timedelta(hours=2))
    frozen_now(NOW + timedelta(hours=4))  # the worker was down until after expiry

    run_worker()

    reminder.refresh_from_db()
    assert reminder.status == "cancelled"
    assert delivered(ana) == 0


def test_unsharing_the_ritual_before_delivery_stops_it(couple, walk, frozen_now):
    ana, bo = couple
    reminder = scheduled(ana, bo, walk, NOW + timedelta(hours=1))
    walk.visibility = "private"
    walk.save()

    frozen_now(NOW + timedelta(hours=1))
    run_worker()

    reminder.refresh_from_db()
    assert reminder.status == "cancelled" and delivered(ana) == 0


def test_quiet_hours_that_began_after_scheduling_delay_delivery(couple, walk, frozen_now):
    ana, bo = couple
    reminder = scheduled(ana, bo, walk, NOW + timedelta(hours=10))  # 22:00 London
    grant = reminder.grant
    grant.quiet_from, grant.quiet_until = time(21), time(7)
    services.change_grant(grant)

    frozen_now(NOW + timedelta(hours=10))
    run_worker()
    assert delivered(ana) == 0

    frozen_now(datetime(2026, 11, 19, 7, 0, tzinfo=UTC))
    run_worker()
    assert delivered(ana) == 1


def test_a_worker_that_died_mid_run_does_not_double_deliver(couple, walk, frozen_now):
    ana, bo = couple
    scheduled(ana, bo, walk, NOW + timedelta(hours=1))
    frozen_now(NOW + timedelta(hours=1))
    # A worker claimed the periodic task and died: the task row stays "running".
    orphan = deliver_partner_reminders.enqueue()
    DBTaskResult.objects.filter(pk=orphan.id).update(status="RUNNING")

    run_worker()
    run_worker()

    assert delivered(ana) == 1


def test_a_reminder_by_email_still_arrives_in_app_when_email_fails(
    couple, walk, frozen_now, monkeypatch
):
    ana, bo = couple
    set_email_kinds(ana, ["partner_reminder"])
    monkeypatch.setattr(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        lambda *args, **kwargs: (_ for _ in ()).throw(TimeoutError("SMTP timed out")),
    )
    scheduled(ana, bo, walk, NOW + timedelta(hours=1))
    frozen_now(NOW + timedelta(hours=1))

    run_worker()

    notification = Notification.objects.get(recipient=ana, kind="partner_reminder")
    # A timeout is an outage: the email waits to try again (notifications/delivery.py).
    assert notification.email_status == "retrying"
    assert mail.outbox == []


def _withdraw_consent(change: str, reminder: Reminder, leaver) -> None:
    """The consent change, made as its person makes it (through the page, or the service)."""
    client = Client()
    if change == "leave":
        client.force_login(leaver)
        assert client.post(reverse("couples:leave")).status_code == 302
    elif change == "private":
        client.force_login(reminder.owner)
        make_private(client, reminder.ritual)
    else:
        services.revoke_grant(reminder.grant)


@pytest.mark.parametrize("change", ["leave", "private", "revoke"])
def test_a_consent_change_cancels_pending_reminders_as_it_returns(couple, walk, frozen_now, change):
    ana, bo = couple
    reminder = scheduled(ana, bo, walk, NOW + timedelta(hours=1))

    _withdraw_consent(change, reminder, leaver=bo)

    # Nothing is left for a worker to decide later: the change itself ended the reminder.
    reminder.refresh_from_db()
    assert reminder.status == "cancelled"


@pytest.mark.parametrize("change", ["leave", "private", "revoke"])
def test_an_email_not_yet_sent_is_held_back_by_a_later_consent_change(
    couple, walk, frozen_now, change
):
    ana, bo = couple
    set_email_kinds(ana, ["partner_reminder"])
    reminder = scheduled(ana, bo, walk, NOW + timedelta(hours=1))
    frozen_now(NOW + timedelta(hours=1))
    # The reminder reached Ana's inbox; its email waits for the worker.
    assert services.deliver_due_reminders() == 1

    _withdraw_consent(change, reminder, leaver=ana)
    run_worker()

    assert mail.outbox == []
    notification = Notification.objects.get(recipient=ana, kind="partner_reminder")
    assert notification.email_status == "skipped"


def test_an_email_goes_out_while_consent_holds(couple, walk, frozen_now):
    ana, bo = couple
    set_email_kinds(ana, ["partner_reminder"])
    scheduled(ana, bo, walk, NOW + timedelta(hours=1))
    frozen_now(NOW + timedelta(hours=1))
    assert services.deliver_due_reminders() == 1

    run_worker()

    (email,) = mail.outbox
    assert "Fancy a walk?" in email.body


@pytest.mark.parametrize("change", ["leave", "private", "revoke"])
def test_a_push_or_channel_copy_not_yet_sent_is_held_back_by_a_later_consent_change(
    couple, walk, frozen_now, change, settings, push_service, webhook
):
    from notifications.models import Channel, Delivery, PushSubscription

    settings.CHANNEL_ALLOWED_HOSTS = ["127.0.0.1"]
    ana, bo = couple
    browser = push_service.browser()
    PushSubscription.objects.create(owner=ana, **browser.subscription())
    Channel.objects.create(owner=ana, name="ntfy", url=webhook.url())
    reminder = scheduled(ana, bo, walk, NOW + timedelta(hours=1))
    frozen_now(NOW + timedelta(hours=1))
    assert services.deliver_due_reminders() == 1
    assert Delivery.objects.filter(status="queued").count() == 2

    _withdraw_consent(change, reminder, leaver=ana)
    run_worker()

    assert push_service.received == [] and webhook.received == []
    assert set(Delivery.objects.values_list("status", flat=True)) == {"skipped"}


def test_push_and_channel_copies_go_out_while_consent_holds(
    couple, walk, frozen_now, settings, push_service, webhook
):
    from notifications.models import Channel, PushSubscription

    settings.CHANNEL_ALLOWED_HOSTS = ["127.0.0.1"]
    ana, bo = couple
    browser = push_service.browser()
    PushSubscription.objects.create(owner=ana, **browser.subscription())
    Channel.objects.create(owner=ana, name="ntfy", url=webhook.url())
    scheduled(ana, bo, walk, NOW + timedelta(hours=1))
    frozen_now(NOW + timedelta(hours=1))

    run_worker()
    run_worker()

    (pushed,) = push_service.received
    assert "Fancy a walk?" in browser.decrypt(pushed.body)["body"]
    (message,) = webhook.messages()
    assert "Fancy a walk?" in message["message"]
