"""Web Push through a real push service on 127.0.0.1: encrypted, signed, removed when gone."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import SessionRecord
from notifications import vapid
from notifications.models import Delivery, Notification, PushSubscription
from notifications.services import KindSetting, notify, set_kind_settings
from tests.worker import run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _midday(frozen_now):
    """Noon on the test clock: no evening check-in reminder joins the copies counted here."""


DEVICES = reverse("notifications:devices")
FIREFOX_ON_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:140.0) Gecko/140.0 Firefox/140.0"


@pytest.fixture
def allowed(settings):
    # The test's push service is on 127.0.0.1, which the host's rule refuses by default.
    settings.CHANNEL_ALLOWED_HOSTS = ["127.0.0.1"]


def subscribe(client, person, browser) -> PushSubscription:
    client.force_login(person)
    response = client.post(
        DEVICES,
        browser.subscription(),
        headers={"Accept": "application/json", "User-Agent": FIREFOX_ON_ANDROID},
    )
    assert response.status_code == 201, response.content
    return PushSubscription.objects.get(pk=response.json()["id"])


def test_a_notification_arrives_as_an_encrypted_signed_push(allowed, client, user, push_service):
    browser = push_service.browser()
    subscription = subscribe(client, user, browser)
    assert subscription.browser == "Firefox on Android"

    notification = notify(user, "offer", "Bo offers: a walk together?", "/support/")
    run_worker()

    (received,) = push_service.received
    assert received.path == browser.endpoint.split(str(push_service.port), 1)[1]
    assert received.headers["content-encoding"] == "aes128gcm"
    assert int(received.headers["ttl"]) > 0
    assert b"walk together" not in received.body, "encrypted on the way"
    assert browser.decrypt(received.body) == {
        "title": "Offers and requests",
        "body": "Bo offers: a walk together?",
        "url": "/support/",
        "tag": f"duet-{notification.pk}",
    }
    claims = push_service.verify_vapid(received, vapid.public_key())
    assert claims["aud"] == f"http://127.0.0.1:{push_service.port}"
    assert claims["sub"].startswith("mailto:")
    assert claims["exp"] > timezone.now().timestamp()
    (delivery,) = Delivery.objects.all()
    assert delivery.status == "sent" and delivery.sent_at
    subscription.refresh_from_db()
    assert subscription.last_success_at


def test_a_subscription_the_push_service_says_is_gone_is_removed(
    allowed, client, user, push_service
):
    subscribe(client, user, push_service.browser())
    push_service.reply = 410

    notify(user, "offer", "Bo offers: tea?")
    run_worker()

    assert not PushSubscription.objects.exists()
    assert Notification.objects.filter(recipient=user).exists(), "the inbox item stays"
    assert "None yet" in client.get(DEVICES).text


def test_a_push_service_error_is_retried_with_the_backoff(
    allowed, client, user, push_service, frozen_now
):
    start = frozen_now(timezone.now())
    browser = push_service.browser()
    subscribe(client, user, browser)
    push_service.reply = 500

    notify(user, "offer", "Bo offers: tea?")
    run_worker()
    (delivery,) = Delivery.objects.all()
    assert (delivery.status, delivery.error) == ("retrying", "push service 500")

    push_service.reply = 201
    frozen_now(start + timedelta(minutes=1, seconds=5))
    run_worker()

    assert len(push_service.received) == 2
    assert browser.decrypt(push_service.received[1].body)["body"] == "Bo offers: tea?"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 2)


def test_logging_out_on_a_phone_stops_its_notifications_and_only_there(allowed, user, push_service):
    phone, laptop = Client(), Client()
    subscribe(phone, user, push_service.browser())
    at_laptop = push_service.browser()
    subscribe(laptop, user, at_laptop)

    assert phone.post(reverse("accounts:logout")).status_code == 302
    notify(user, "offer", "Bo offers: tea?")
    run_worker()

    (received,) = push_service.received
    assert at_laptop.decrypt(received.body)["body"] == "Bo offers: tea?"
    assert PushSubscription.objects.get().session.session_key == laptop.session.session_key


def test_ending_a_lost_phones_session_elsewhere_stops_its_notifications(
    allowed, user, push_service
):
    phone, laptop = Client(), Client()
    subscribe(phone, user, push_service.browser())
    laptop.force_login(user)
    lost = SessionRecord.objects.get(session_key=phone.session.session_key)

    laptop.post(reverse("accounts:session_end", args=[lost.pk]))
    notify(user, "offer", "Bo offers: tea?")
    run_worker()

    assert push_service.received == []
    assert not PushSubscription.objects.exists()


def test_a_session_that_only_expires_keeps_its_browsers_notifications(
    allowed, client, user, push_service
):
    subscribe(client, user, push_service.browser())
    Session.objects.update(expire_date=timezone.now() - timedelta(minutes=1))
    call_command("clearsessions")

    notify(user, "offer", "Bo offers: tea?")
    run_worker()

    assert len(push_service.received) == 1, "nobody said to stop: a reminder still brings them back"


def test_push_goes_only_to_the_kinds_chosen_for_it(allowed, client, user, push_service):
    subscribe(client, user, push_service.browser())
    no_push = KindSetting(email=False, push=False, other=True, urgent=False)
    set_kind_settings(user, {"grant": no_push})

    notify(user, "grant", "Bo welcomes you to remind.")
    notify(user, "offer", "Bo offers: tea?")
    run_worker()

    assert len(push_service.received) == 1, "offers by default, not grants"


def test_the_host_rule_refuses_the_local_push_service_by_default(client, user, push_service):
    # Subscribing with an http:// endpoint isn't even possible without the host's leave.
    client.force_login(user)
    response = client.post(DEVICES, push_service.browser().subscription())
    assert response.status_code == 400
    assert "must start with https://" in response.text
    assert not PushSubscription.objects.exists()


def test_a_push_to_a_private_address_is_refused_at_send_time(settings, client, user, push_service):
    settings.CHANNEL_ALLOWED_HOSTS = ["127.0.0.1"]
    subscribe(client, user, push_service.browser())
    settings.CHANNEL_ALLOWED_HOSTS = []  # the host took the leave back

    notify(user, "offer", "Bo offers: tea?")
    run_worker(failures_expected=True)

    assert push_service.received == []
    (delivery,) = Delivery.objects.all()
    assert (delivery.status, delivery.error) == ("failed", "not an https address")


def test_a_push_endpoint_whose_name_resolves_to_loopback_is_refused(settings, user, push_service):
    # https, so only the address rule stands between the server and localhost.
    browser = push_service.browser()
    browser.endpoint = f"https://localhost:{push_service.port}/push/x"
    subscription = PushSubscription.objects.create(owner=user, **browser.subscription())

    notify(user, "offer", "Bo offers: tea?")
    run_worker(failures_expected=True)

    assert push_service.received == []
    assert Delivery.objects.get(subscription=subscription).error == "not a public address"
