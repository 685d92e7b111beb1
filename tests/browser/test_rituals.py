import pytest
from playwright.sync_api import expect

from rituals.models import PracticeLog
from tests.browser.conftest import log_in
from tests.factories import UserFactory, make_couple

pytestmark = pytest.mark.django_db(transaction=True)


def add_ritual(page, title: str, visibility: str) -> None:
    page.goto("/rituals/new/")
    page.get_by_label("Title:").fill(title)
    page.get_by_label("Why this matters to me:").fill(f"{title} intention")
    page.get_by_label(visibility).check()
    page.get_by_role("button", name="Add this ritual").click()


def test_add_log_pause_and_the_partners_view(open_page):
    make_couple(
        UserFactory(display_name="Ana", email="ana@example.org"),
        UserFactory(display_name="Bo", email="bo@example.org"),
    )
    ana = open_page()
    log_in(ana, "ana@example.org")
    add_ritual(ana, "Evening walk", "My partner sees it and my practice")
    add_ritual(ana, "Private journal", "Only me")

    walk = ana.locator("article.ritual", has_text="Evening walk")
    walk.get_by_role("button", name="Done").click()
    # HTMX swapped just the card: the choice shows without a page load or flash message.
    expect(ana.locator("article.ritual", has_text="Evening walk")).to_contain_text("Noted: Done")
    expect(
        ana.locator("article.ritual", has_text="Evening walk").get_by_role("button", name="Done")
    ).to_have_attribute("aria-pressed", "true")
    expect(ana.locator(".message")).to_have_count(1)  # only "is one of your rituals now"
    assert PracticeLog.objects.get().outcome == "done"

    bo = open_page()
    log_in(bo, "bo@example.org")
    bo.goto("/us/")
    shared = bo.locator("section", has_text="Ana's rituals")
    expect(shared).to_contain_text("Evening walk")
    expect(shared.locator(".rhythm")).to_have_count(1)
    expect(shared).not_to_contain_text("Private journal")
    expect(bo.locator("body")).not_to_contain_text("intention")

    ana.get_by_role("link", name="Evening walk").click()
    ana.get_by_role("link", name="Pause it").click()
    ana.get_by_label("Why (optional, private):").fill("travelling")
    ana.get_by_role("button", name="Pause it").click()
    expect(ana.locator("#paused-heading")).to_have_text("Resting for now")

    bo.reload()
    expect(bo.locator("section", has_text="Ana's rituals")).to_contain_text("resting for now")
    expect(bo.locator("body")).not_to_contain_text("travelling")
