"""Installable Duet in a real Chromium: the manifest, the service worker under our CSP, the
offline page and the evening check-in kept on the phone while offline."""

import json
import re

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from checkins.models import CheckIn, CheckInSubmission
from tests.browser.conftest import is_problem, log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

KEPT = "I've kept tonight's check-in on this phone; I'll send it when you're back online."
ARRIVED = "The check-in you kept on this phone has arrived and is saved."

CACHED_PATHS = """async () => {
  const paths = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) paths.push(new URL(request.url).pathname);
  }
  return paths;
}"""
KEPT_ON_PHONE = "() => window.DuetOutbox.kept()"
OUTBOX_DATABASES = """async () => (await indexedDB.databases())
  .filter((database) => database.name === "duet-outbox").length"""


@pytest.fixture
def open_page(browser, live_server):
    """The shared fixture's pages, where a request failing offline is what the test wants;
    every other console error (CSP reports included) still fails the test."""
    contexts, errors = [], []

    def open_():
        context = browser.new_context(base_url=live_server.url, timezone_id="Europe/London")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.on("console", lambda message: problem(message) and errors.append(message.text))
        return page

    def problem(message) -> bool:
        return is_problem(message) and "ERR_INTERNET_DISCONNECTED" not in message.text

    yield open_
    for context in contexts:
        context.close()
    assert errors == [], f"The browser reported errors (CSP or script): {errors}"


def wait_until_controlled(page) -> None:
    """The service worker is active and controls this page (clients.claim)."""
    page.evaluate("navigator.serviceWorker.ready")
    for attempt in range(200):  # a loaded machine may take seconds to fetch what it keeps
        if page.evaluate("navigator.serviceWorker.controller !== null"):
            return
        if attempt == 100:
            page.reload()  # a page loaded after activation is controlled from the start
        page.wait_for_timeout(100)
    raise AssertionError("The service worker never took control of the page")


def test_the_manifest_is_linked_and_parses_with_icons_that_load(open_page, live_server):
    page = open_page()
    page.goto("/accounts/login/")

    href = page.locator('link[rel="manifest"]').get_attribute("href")
    manifest = page.evaluate("(href) => fetch(href).then((response) => response.json())", href)

    assert manifest["start_url"] == "/today/" and manifest["display"] == "standalone"
    for icon in manifest["icons"]:
        assert page.request.get(icon["src"]).ok, icon["src"]


def test_the_service_worker_registers_and_controls_pages_under_our_csp(open_page, live_server):
    UserFactory(email="ana@example.org")
    page = open_page()
    page.goto("/accounts/login/")
    wait_until_controlled(page)

    scope = page.evaluate("navigator.serviceWorker.ready.then((r) => r.scope)")
    assert scope == f"{live_server.url}/"
    log_in(page, "ana@example.org")
    page.goto("/check-in/")
    page.goto("/inbox/")

    # Only static files and the offline page were kept: never a signed-in page.
    paths = page.evaluate(CACHED_PATHS)
    assert "/offline/" in paths
    assert all(path.startswith("/static/") or path == "/offline/" for path in paths), paths
    # (the open_page fixture fails the test on any console error, CSP reports included)


def test_the_offline_page_is_shown_when_the_phone_has_no_connection(open_page):
    page = open_page()
    page.goto("/accounts/login/")
    wait_until_controlled(page)

    page.context.set_offline(True)
    page.goto("/today/")

    expect(page.get_by_role("heading", level=1)).to_have_text("I can't reach Duet just now")
    expect(page.get_by_role("heading", name="If you need someone now")).to_be_visible()
    page.context.set_offline(False)


def fill_check_in(page) -> None:
    page.get_by_role("radio", name="pleasant, high energy", exact=True).click()
    page.get_by_text("Sleep and energy (optional)").click()
    page.get_by_label("Hours of sleep last night:").fill("6.5")
    page.get_by_label("A note (optional):").fill("kept through the tunnel")


def test_a_check_in_sent_offline_is_kept_on_the_phone_and_saved_once_back_online(open_page):
    ana = UserFactory(email="ana@example.org")
    page = open_page()
    log_in(page, "ana@example.org")
    page.goto("/check-in/")
    wait_until_controlled(page)
    fill_check_in(page)

    page.context.set_offline(True)
    page.get_by_role("button", name="Save my check-in").click()

    expect(page.locator("[data-outbox-status]")).to_have_text(KEPT)
    assert len(page.evaluate(KEPT_ON_PHONE)) == 1
    page.wait_for_timeout(1000)  # a background sync must not get through while offline
    assert not CheckIn.objects.exists()

    page.context.set_offline(False)  # the page's "online" listener sends what was kept

    expect(page.locator("[data-outbox-status]")).to_contain_text(ARRIVED)
    # The form now shows the saved check-in, not the one drawn before it arrived.
    expect(page.get_by_role("button", name="Save changes")).to_be_visible()
    expect(page.get_by_label("A note (optional):")).to_have_value("kept through the tunnel")
    checkin = CheckIn.objects.get()
    assert checkin.owner == ana
    assert (checkin.pleasantness, checkin.feeling_energy) == (4, 4)
    assert (str(checkin.sleep_hours), checkin.note) == ("6.5", "kept through the tunnel")
    assert CheckInSubmission.objects.count() == 1
    assert page.evaluate(KEPT_ON_PHONE) == []
    # Told once: the next page doesn't say it again.
    page.goto("/check-in/")
    expect(page.get_by_text("has arrived")).to_have_count(0)


def test_logging_out_leaves_nothing_kept_on_the_phone(open_page):
    UserFactory(email="ana@example.org")
    page = open_page()
    log_in(page, "ana@example.org")
    page.goto("/check-in/")
    wait_until_controlled(page)
    # A check-in kept earlier and not sent yet (as the offline test above keeps one).
    page.evaluate(
        """() => window.DuetOutbox.keep({key: crypto.randomUUID(), action: "/check-in/",
          tokenUrl: "/check-in/", person: "someone", evening: "",
          fields: [["note", "kept words"]], keptAt: Date.now()})"""
    )
    assert len(page.evaluate(KEPT_ON_PHONE)) == 1

    page.get_by_role("button", name="Log out").click()

    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    assert page.evaluate(OUTBOX_DATABASES) == 0
    assert not CheckIn.objects.exists()


def keep_a_check_in_offline(page) -> None:
    page.goto("/check-in/")
    wait_until_controlled(page)
    fill_check_in(page)
    page.context.set_offline(True)
    page.get_by_role("button", name="Save my check-in").click()
    expect(page.locator("[data-outbox-status]")).to_have_text(KEPT)


def test_a_kept_check_in_waits_for_its_author_to_log_in_again(open_page):
    ana = UserFactory(email="ana@example.org")
    UserFactory(email="dee@example.org")
    page = open_page()
    log_in(page, "ana@example.org")
    keep_a_check_in_offline(page)
    # Hours later the session has ended (expired, or ended from another device).
    Session.objects.all().delete()

    page.context.set_offline(False)

    expect(page.locator("[data-outbox-status]")).to_contain_text("log in again")
    assert len(page.evaluate(KEPT_ON_PHONE)) == 1
    # Someone else logging in on this phone never sends Ana's check-in as theirs.
    log_in(page, "dee@example.org")
    expect(page.locator("[data-outbox-status]")).to_contain_text("someone else wrote")
    assert not CheckIn.objects.exists() and len(page.evaluate(KEPT_ON_PHONE)) == 1
    page.context.clear_cookies()

    log_in(page, "ana@example.org")

    expect(page.locator("[data-outbox-status]")).to_contain_text(ARRIVED)
    assert CheckIn.objects.get().owner == ana
    assert page.evaluate(KEPT_ON_PHONE) == []


def deliver_push(page, payload: dict) -> None:
    """Chromium's DevTools hands the worker a push message, as a push service would."""
    cdp = page.context.new_cdp_session(page)
    registrations = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda e: registrations.extend(e["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    for _ in range(50):
        if registrations:
            break
        page.wait_for_timeout(100)
    origin = page.evaluate("location.origin")
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": origin,
            "registrationId": registrations[0]["registrationId"],
            "data": json.dumps(payload),
        },
    )


SHOWN = """() => navigator.serviceWorker.ready
  .then((registration) => registration.getNotifications())
  .then((shown) => shown.map((n) => (
    {title: n.title, body: n.body, tag: n.tag, url: n.data.url}
  )))"""


def test_a_push_message_shows_its_notification_linking_only_within_duet(open_page, live_server):
    page = open_page()
    page.context.grant_permissions(["notifications"], origin=live_server.url)
    page.goto("/accounts/login/")
    wait_until_controlled(page)

    deliver_push(page, {"title": "Bo answered", "body": "I'm here", "url": "/inbox/", "tag": "a"})
    deliver_push(
        page, {"title": "Odd", "body": "", "url": "https://elsewhere.example/", "tag": "b"}
    )

    page.wait_for_timeout(500)
    shown = sorted(page.evaluate(SHOWN), key=lambda n: n["tag"])
    assert shown == [
        {"title": "Bo answered", "body": "I'm here", "tag": "a", "url": "/inbox/"},
        {"title": "Odd", "body": "", "tag": "b", "url": "/"},
    ]
