"""Settings → Devices: each browser that gets push, named, tested and removed by its owner."""

from datetime import time

import pytest
from django.urls import reverse

from datarights.services import delete_account, export_tables
from notifications.models import Channel, Delivery, PushSubscription
from notifications.services import notify, set_email_kinds, set_quiet_hours
from tests.channels import Browser, b64url
from tests.worker import run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _midday(frozen_now):
    """Noon on the test clock: no evening check-in reminder joins the copies counted here."""


DEVICES = reverse("notifications:devices")


def own_device(person, endpoint="https://push.example.org/send/abc") -> PushSubscription:
    return PushSubscription.objects.create(owner=person, **Browser(endpoint).subscription())


def test_the_page_explains_push_without_javascript_and_offers_the_key(client, user):
    client.force_login(user)

    page = client.get(DEVICES).text

    assert "needs JavaScript" in page and "home screen" in page
    assert 'data-public-key="B' in page, "the VAPID public key, an uncompressed point"
    assert "js/devices.js" in page and "<script>" not in page
    assert "None yet" in page


def test_subscribing_twice_from_one_browser_keeps_one_device(client, user):
    browser = Browser("https://push.example.org/send/abc")
    client.force_login(user)
    for _ in range(2):
        response = client.post(DEVICES, browser.subscription())
        assert response.status_code == 302
    assert PushSubscription.objects.count() == 1
    assert "This browser will get notifications now" in client.get(DEVICES).text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"endpoint": "http://push.example.org/x"}, "must start with https://"),
        ({"endpoint": "not a url"}, "isn&#x27;t a valid URL"),
        ({"endpoint": "https://"}, "isn&#x27;t a valid URL"),
        ({"p256dh": "bm90IGEga2V5"}, "isn&#x27;t a P-256 key"),
        ({"p256dh": "%%%"}, "P-256"),
        ({"auth": b64url(b"short")}, "should be 16 bytes"),
        ({"auth": ""}, "This field is required"),
    ],
)
def test_a_bad_subscription_is_refused_clearly_and_nothing_saved(client, user, change, message):
    client.force_login(user)
    data = {**Browser("https://push.example.org/send/abc").subscription(), **change}

    page = client.post(DEVICES, data)
    answer = client.post(DEVICES, data, headers={"Accept": "application/json"})

    assert page.status_code == 400 and message in page.text
    assert answer.status_code == 400 and answer.json()["error"]
    assert not PushSubscription.objects.exists()


def test_a_device_can_be_named_and_removed(client, user):
    device = own_device(user)
    client.force_login(user)

    page = client.post(
        reverse("notifications:device_rename", args=[device.pk]), {"name": "My phone"}, follow=True
    )
    assert "Renamed to “My phone”" in page.text and 'value="My phone"' in page.text
    too_long = client.post(
        reverse("notifications:device_rename", args=[device.pk]), {"name": "x" * 61}
    )
    assert too_long.status_code == 400
    assert "at most 60 characters" in too_long.text and 'value="' + "x" * 61 in too_long.text
    device.refresh_from_db()
    assert device.name == "My phone"

    notify(user, "offer", "Bo offers: tea?")
    page = client.post(reverse("notifications:device_remove", args=[device.pk]), follow=True)

    assert "“My phone” won&#x27;t get notifications any more" in page.text
    assert not PushSubscription.objects.exists() and not Delivery.objects.exists()
    run_worker()


def test_a_test_push_to_an_unreachable_device_says_so(client, user):
    device = own_device(user, "https://localhost/push/abc")
    client.force_login(user)

    page = client.post(reverse("notifications:device_test", args=[device.pk]), follow=True)

    assert "only sends to public addresses" in page.text
    assert PushSubscription.objects.exists(), "a refusal isn't a dead endpoint"


def test_a_test_push_arrives_and_a_dead_device_is_removed(settings, client, user, push_service):
    settings.CHANNEL_ALLOWED_HOSTS = ["127.0.0.1"]
    browser = push_service.browser()
    device = PushSubscription.objects.create(owner=user, **browser.subscription())
    client.force_login(user)

    page = client.post(reverse("notifications:device_test", args=[device.pk]), follow=True)
    assert "I sent a test to" in page.text
    assert "the test you asked for" in browser.decrypt(push_service.received[0].body)["body"]

    push_service.reply = 404
    page = client.post(reverse("notifications:device_test", args=[device.pk]), follow=True)
    assert "isn&#x27;t subscribed any more, so I removed it" in page.text
    assert not PushSubscription.objects.exists()


def test_without_a_vapid_key_push_is_off_and_says_so(settings, client, user):
    settings.VAPID_PRIVATE_KEY = ""
    client.force_login(user)

    assert "notifications aren't set up on this server yet" in client.get(DEVICES).text
    response = client.post(DEVICES, Browser("https://push.example.org/a").subscription())
    assert response.status_code == 400
    assert not PushSubscription.objects.exists()


def test_other_peoples_devices_are_not_found(client, people):
    device = own_device(people.ana)
    device.name = "Ana's phone"
    device.save()
    for other in (people.bo, people.cy, people.dee, people.staff):
        client.force_login(other)
        for name in ("device_rename", "device_test", "device_remove"):
            response = client.post(
                reverse(f"notifications:{name}", args=[device.pk]), {"name": "x"}
            )
            assert response.status_code == 404
        assert "Ana&#x27;s phone" not in client.get(DEVICES).text
    device.refresh_from_db()
    assert device.name == "Ana's phone"


def test_the_export_holds_devices_and_choices_without_their_secrets(people):
    ana = people.ana
    device = own_device(ana, "https://push.example.org/send/endpoint-secret")
    device.name = "My phone"
    device.save()
    Channel.objects.create(owner=ana, name="ntfy", url="ntfy://ntfy.sh/topic-secret")
    set_email_kinds(ana, ["offer"])
    set_quiet_hours(ana, time(22), time(7))

    tables = export_tables(ana)

    text = repr(tables)
    assert "endpoint-secret" not in text and "topic-secret" not in text
    assert device.p256dh not in text and device.auth not in text
    (exported,) = tables["push_devices"]
    assert exported["name"] == "My phone" and exported["browser"] == ""
    assert tables["notification_channels"][0]["hint"] == "ntfy://…"
    assert {row["kind"] for row in tables["notification_channel_choices"]} >= {"offer"}
    assert tables["quiet_hours"][0]["starts"]
    assert export_tables(people.bo)["push_devices"] == []

    delete_account(ana)
    assert not PushSubscription.objects.exists() and not Channel.objects.exists()
