"""My words in a phone-sized browser: a word added through the page's plain form is offered
on the check-in, in its own group."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
SCREENS = Path(os.environ.get("DUET_SCREENS", "/tmp/duet-screens/own-words"))


@pytest.mark.parametrize("language", ["en", "de"])
def test_an_own_word_added_on_my_words_is_offered_on_the_check_in(open_page, language):
    UserFactory(email="ana@example.org", display_name="Ana", language=language)
    page = open_page()
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "ana@example.org")
    SCREENS.mkdir(parents=True, exist_ok=True)

    page.goto("/words/")
    page.locator("#add-feeling").fill("fizzy")
    page.locator("#add-feeling-group").select_option("own")
    page.locator("#feeling form.add-word button").click()
    expect(page.locator("#feeling")).to_contain_text("fizzy")
    page.screenshot(path=SCREENS / f"my-words-{language}-full.png", full_page=True)
    group = page.locator("details.word-group", has=page.locator("#feeling-calm"))
    group.locator(":scope > summary").click()  # its group folds away on a phone
    page.locator("#feeling-calm summary").click()  # Rename, opened without JavaScript
    page.locator("#feeling-calm").scroll_into_view_if_needed()
    page.screenshot(path=SCREENS / f"my-words-{language}.png")

    page.goto("/check-in/")
    page.locator("details.words summary").click()
    words = page.locator("details.words")
    expect(words).to_contain_text("fizzy")
    page.get_by_label("fizzy").check()
    page.evaluate("window.scrollBy(0, 200)")
    page.screenshot(path=SCREENS / f"checkin-own-word-{language}.png")
    expect(page.get_by_label("fizzy")).to_be_checked()
