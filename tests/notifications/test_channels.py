"""Apprise channels to a real webhook on 127.0.0.1, held to the host's outbound rule."""

import re
import socket
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications import outbound
from notifications.models import Channel, Delivery, Notification
from notifications.services import notify
from tests.worker import run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _midday(frozen_now):
    """Noon on the test clock: no evening check-in reminder joins the copies counted here."""


CHANNELS = reverse("notifications:channels")


def add_channel(client, person, url: str, name: str = "My ntfy") -> Channel:
    client.force_login(person)
    response = client.post(CHANNELS, {"name": name, "url": url})
    assert response.status_code == 302, response.text
    channel = Channel.objects.filter(owner=person).latest("pk")
    assert channel.name == name
    return channel


def test_a_notification_reaches_an_allowed_channel(settings, client, user, webhook):
    settings.CHANNEL_ALLOWED_HOSTS = ["127.0.0.1"]
    channel = add_channel(client, user, webhook.url())

    notify(user, "offer", "Bo offers: a walk together?", "/support/")
    run_worker()

    (message,) = webhook.messages()
    assert message["title"] == "Duet: Offers and requests"
    assert message["message"] == "Bo offers: a walk together?\nhttp://127.0.0.1:8000/support/"
    assert Delivery.objects.get().status == "sent"
    channel.refresh_from_db()
    assert channel.last_success_at


def test_the_url_is_kept_sealed_and_never_shown_back(settings, client, user, webhook):
    settings.CHANNEL_ALLOWED_HOSTS = ["127.0.0.1"]
    url = webhook.url() + "?token-secret-123"
    add_channel(client, user, url)

    page = client.get(CHANNELS).text

    assert "token-secret-123" not in page and "json://…" in page
    assert "My ntfy" in page


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_by_default_a_channel_on_a_private_address_is_refused(client, user, webhook, host):
    add_channel(client, user, webhook.url(host))

    notify(user, "offer", "Bo offers: tea?")
    run_worker(failures_expected=True)

    assert webhook.received == []
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.error) == ("failed", "not a public address")
    assert Notification.objects.filter(recipient=user).count() == 1, "the inbox item is there"


def test_a_test_send_says_clearly_why_it_was_refused(client, user, webhook):
    channel = add_channel(client, user, webhook.url("localhost"))

    page = client.post(reverse("notifications:channel_test", args=[channel.pk]), follow=True)

    assert "only sends to public addresses" in page.text
    assert webhook.received == []


def test_a_test_send_reaches_an_allowed_channel(settings, client, user, webhook):
    settings.CHANNEL_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    channel = add_channel(client, user, webhook.url())

    page = client.post(reverse("notifications:channel_test", args=[channel.pk]), follow=True)

    assert "I sent a test to “My ntfy”" in page.text
    assert "the test you asked for" in webhook.messages()[0]["message"]


def test_an_unreachable_channel_is_retried_and_blocks_nothing_else(settings, client, user, webhook):
    settings.CHANNEL_ALLOWED_HOSTS = ["127.0.0.1"]
    add_channel(client, user, "json://127.0.0.1:9/nothing-listens-here", name="Dead")
    add_channel(client, user, webhook.url(), name="Alive")

    notify(user, "offer", "Bo offers: tea?")
    run_worker()

    assert len(webhook.messages()) == 1
    statuses = dict(Delivery.objects.values_list("channel__name", "status"))
    assert statuses == {"Dead": "retrying", "Alive": "sent"}


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("not a channel", "isn&#x27;t an Apprise URL"),
        ("nosuchservice://example.org/x", "can&#x27;t send to that kind of address"),
        ("windows://", "can&#x27;t send to that kind of address"),
        ("rsyslog://127.0.0.1:5514", "can&#x27;t send to that kind of address"),
        ("vapid://me@example.org?keyfile=/etc/passwd", "can&#x27;t send to that kind of address"),
        ("mailto://user:pass@smtp.example.org", "can&#x27;t send to that kind of address"),
        ("", "This field is required"),
    ],
)
def test_an_invalid_apprise_url_is_explained_and_nothing_saved(client, user, url, message):
    client.force_login(user)

    response = client.post(CHANNELS, {"name": "Mine", "url": url})

    assert response.status_code == 400
    assert message in response.text
    assert not Channel.objects.exists()


def test_removing_a_channel_stops_its_copies(settings, client, user, webhook):
    settings.CHANNEL_ALLOWED_HOSTS = ["127.0.0.1"]
    channel = add_channel(client, user, webhook.url())
    notify(user, "offer", "Bo offers: tea?")

    client.post(reverse("notifications:channel_remove", args=[channel.pk]))
    run_worker()

    assert webhook.received == [] and not Channel.objects.exists()


def test_other_peoples_channels_are_not_found(client, people):
    channel = Channel.objects.create(owner=people.ana, name="Ana's", url="ntfy://ntfy.sh/secret")
    for other in (people.bo, people.cy, people.dee, people.staff):
        client.force_login(other)
        for name in ("notifications:channel_test", "notifications:channel_remove"):
            assert client.post(reverse(name, args=[channel.pk])).status_code == 404
        assert "Ana&#x27;s" not in client.get(CHANNELS).text
    assert Channel.objects.filter(pk=channel.pk).exists()


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.10",
        "169.254.169.254",
        "169.254.1.1",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd00:ec2::254",
        "::ffff:10.0.0.1",
        "::ffff:127.0.0.1",
        "ff02::1",
        "2002:7f00:1::1",  # 6to4 around 127.0.0.1
        "2002:a9fe:a9fe::1",  # 6to4 around the metadata address
        "2001:0:4136:e378:8000:63bf:f5ff:fffe",  # Teredo around 10.0.0.1
        "fec0::1",
    ],
)
def test_the_outbound_rule_refuses_every_non_public_address(address):
    assert not outbound.address_allowed(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:4700::6810:84e5", "::ffff:8.8.8.8"])
def test_the_outbound_rule_lets_public_addresses_through(address):
    assert outbound.address_allowed(address)


def test_the_host_may_allow_a_home_network(settings):
    settings.CHANNEL_ALLOWED_NETWORKS = ["192.168.1.0/24"]

    assert outbound.address_allowed("192.168.1.20")
    assert not outbound.address_allowed("192.168.2.20")


def test_a_name_is_checked_by_what_it_resolves_to_inside_the_guard(settings):
    import socket

    with outbound.guarded(), pytest.raises(outbound.Refused):
        socket.getaddrinfo("localhost", 80)
    assert socket.getaddrinfo("localhost", 80), "outside the guard, lookups are untouched"
    settings.CHANNEL_ALLOWED_HOSTS = ["LOCALHOST"]
    with outbound.guarded():
        assert socket.getaddrinfo("localhost", 80)


def test_unknown_network_settings_stop_the_start(tmp_path):
    from tests.core.test_settings import load_settings

    result = load_settings(
        tmp_path, show="CHANNEL_ALLOWED_NETWORKS", DUET_CHANNEL_ALLOWED_NETWORKS="my-lan"
    )

    assert result.returncode != 0
    assert "is not a network such as 192.168.1.0/24" in result.stderr
    assert re.search("DUET_CHANNEL_ALLOWED_NETWORKS", result.stderr)


def test_a_channel_that_failed_for_good_is_mentioned_on_the_inbox_item(client, user, webhook):
    add_channel(client, user, webhook.url("localhost"))
    notify(user, "offer", "Bo offers: tea?")
    run_worker(failures_expected=True)

    page = client.get(reverse("notifications:inbox")).text

    assert "Bo offers: tea?" in page
    assert "I couldn&#x27;t send this to one of your devices or channels" in page
    # Read without the inbox's annotation, the item asks for itself.
    assert "one of your devices" in Notification.objects.get(recipient=user).channel_note


def test_a_copy_left_sending_past_its_lease_is_sent_once_by_the_reconcile(
    settings, client, user, webhook
):
    settings.CHANNEL_ALLOWED_HOSTS = ["127.0.0.1"]
    add_channel(client, user, webhook.url())
    notify(user, "offer", "Bo offers: tea?")
    # A worker claimed it and died mid-send.
    Delivery.objects.update(
        status="sending", status_at=timezone.now() - timedelta(minutes=11), attempts=1
    )

    run_worker()
    run_worker()

    assert len(webhook.messages()) == 1
    assert Delivery.objects.get().status == "sent"


def test_a_channel_that_would_send_past_the_outbound_rule_is_refused_at_send_time(user):
    """rsyslog:// sends raw UDP, which no name lookup rule sees: it never goes out, even
    when it was saved before such services were refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.settimeout(0.5)
        port = listener.getsockname()[1]
        Channel.objects.create(owner=user, name="Logs", url=f"rsyslog://127.0.0.1:{port}")

        notify(user, "offer", "Bo offers: tea?")
        run_worker(failures_expected=True)

        with pytest.raises(TimeoutError):
            listener.recvfrom(4096)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.error) == ("failed", "not a valid channel URL")
