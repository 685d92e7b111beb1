"""Real-browser tests: Playwright driving Debian's Chromium against the live test server."""

import os
import re
from pathlib import Path

import pytest
from django.core import mail

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def is_problem(message) -> bool:
    """Console errors (CSP, scripts, missing files), except the 409 pages tests visit on purpose."""
    expected = "the server responded with a status of 409"
    return message.type == "error" and expected not in message.text


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("CI must run the browser tests, but /usr/bin/chromium is missing.")
        pytest.skip("Chromium is not installed at /usr/bin/chromium (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread while the module's
    # tests run; their ORM calls are still plain synchronous calls, so Django may allow them.
    # Module scope keeps that loop (and this allowance) away from every other test.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser, live_server):
    """Open a page in a fresh browser profile (one per person), failing on console errors."""
    contexts, errors = [], []

    def open_(timezone_id: str = "Europe/Lisbon", visits_404: bool = False):
        """`visits_404`: the test opens a made-up link's kind 404 page on purpose."""
        context = browser.new_context(base_url=live_server.url, timezone_id=timezone_id)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)

        def note(message) -> None:
            if is_problem(message) and not (visits_404 and "status of 404" in message.text):
                errors.append(message.text)

        page.on("console", note)
        return page

    yield open_
    for context in contexts:
        context.close()
    assert errors == [], f"The browser reported errors (CSP or script): {errors}"


def send_signup(page, name: str, email: str) -> str:
    """Fill and send the sign-up form; the path of the link the email brings."""
    from playwright.sync_api import expect

    from tests.factories import PASSWORD

    page.get_by_label("Name:").fill(name)
    page.get_by_label("Email address:").fill(email)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password confirmation:").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    # The live server runs in this process: its emails are in the test outbox.
    body = [message for message in mail.outbox if message.to == [email]][-1].body
    return re.search(r"https?://[^/\s]+(/accounts/signup/confirm/\S+)", body)[1]


def log_in(page, email: str) -> None:
    from tests.factories import PASSWORD

    page.goto("/accounts/login/")
    page.get_by_label("Email:").fill(email)
    page.get_by_label("Password:").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
