"""The Devices page in Chromium: its script runs under the strict CSP and explains itself."""

import pytest

from tests.browser.conftest import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_devices_page_offers_push_and_says_when_the_browser_refuses(open_page):
    ana = UserFactory(display_name="Ana")
    page = open_page()
    log_in(page, ana.email)

    page.goto("/inbox/devices/")
    button = page.get_by_role("button", name="Turn on notifications in this browser")
    button.click()  # hidden until the script ran: it did, under the CSP

    # Headless Chromium answers the permission prompt with no.
    status = page.locator("#push-status")
    status.get_by_text("said no to notifications").wait_for()
    assert button.is_enabled(), "free to try again"
