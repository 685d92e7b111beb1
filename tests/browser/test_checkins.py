import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.factories import UserFactory, make_couple

pytestmark = pytest.mark.django_db(transaction=True)


def test_check_in_shared_part_by_part_and_acknowledged(open_page):
    make_couple(
        UserFactory(display_name="Ana", email="ana@example.org"),
        UserFactory(display_name="Bo", email="bo@example.org"),
    )
    ana = open_page()
    log_in(ana, "ana@example.org")
    ana.get_by_role("link", name="Check-in").click()

    ana.get_by_text("Unpleasant", exact=True).click()
    ana.get_by_role("group", name="How much energy is in the feeling?").get_by_text(
        "Low", exact=True
    ).click()
    ana.get_by_text("Add words for the feeling").click()
    ana.get_by_label("tired").check()
    ana.get_by_text("Sleep and energy (optional)").click()
    ana.get_by_label("Hours of sleep last night:").fill("5.5")
    ana.get_by_role("group", name="What would help tonight?").get_by_text("Just listen").click()
    ana.get_by_label("A note (optional):").fill("the meeting went badly")
    ana.get_by_label("My feeling", exact=True).check()
    ana.get_by_label("What would help tonight", exact=True).check()
    ana.get_by_role("button", name="Save my check-in").click()
    expect(ana.get_by_role("status").first).to_contain_text("Thank you for checking in")

    bo = open_page()
    log_in(bo, "bo@example.org")
    bo.get_by_role("link", name="Us").click()
    card = bo.locator("article.shared-checkin")
    expect(card).to_contain_text("tired")
    expect(card).to_contain_text("Just listen")
    expect(bo.locator("main")).not_to_contain_text("5.5")
    expect(bo.locator("main")).not_to_contain_text("the meeting went badly")

    card.get_by_text("I'm here", exact=True).click()
    card.get_by_label("A few words of your own (optional):").fill("here with tea")
    card.get_by_role("button", name="Send").click()
    expect(bo.locator("article.shared-checkin")).to_contain_text("You answered: I'm here")

    ana.reload()
    expect(ana.locator(".ack")).to_contain_text("Bo: I'm here · “here with tea”")


def test_the_sharing_control_says_what_the_partner_will_see_as_boxes_change(open_page):
    make_couple(
        UserFactory(display_name="Ana", email="ana@example.org"),
        UserFactory(display_name="Sam", email="sam@example.org"),
    )
    ana = open_page()
    ana.set_viewport_size({"width": 390, "height": 844})
    log_in(ana, "ana@example.org")
    ana.get_by_role("link", name="Check-in").click()
    summary = ana.locator("[data-sharing-summary]")
    expect(summary).to_have_text("Only you will see this check-in.")

    ana.get_by_label("My feeling", exact=True).check()
    expect(summary).to_have_text("Sam will see: your feeling.")
    ana.get_by_label("What would help tonight", exact=True).check()
    expect(summary).to_have_text("Sam will see: your feeling and what would help.")
    ana.get_by_label("My feeling", exact=True).uncheck()
    expect(summary).to_have_text("Sam will see: what would help.")

    # The minimum check-in: one feeling, the optional parts closed; Save within two screens.
    save = ana.get_by_role("button", name="Save my check-in")
    assert save.bounding_box()["y"] + ana.evaluate("window.scrollY") < 2 * 844
    ana.get_by_text("Unpleasant", exact=True).click()
    ana.get_by_role("group", name="How much energy is in the feeling?").get_by_text(
        "Low", exact=True
    ).click()
    save.click()
    expect(ana.get_by_role("status").first).to_contain_text(
        "It's saved. Sam sees what would help; you can change that below."
    )
