import pytest
from playwright.sync_api import expect

from checkins.models import CheckIn
from tests.browser.conftest import log_in
from tests.factories import UserFactory, make_couple

pytestmark = pytest.mark.django_db(transaction=True)


def _ana_at_her_check_in(open_page, partner: str, phone: bool = False):
    """Ana, in a couple with `partner`, logged in and on tonight's check-in."""
    make_couple(
        UserFactory(display_name="Ana", email="ana@example.org"),
        UserFactory(display_name=partner, email=f"{partner.lower()}@example.org"),
    )
    ana = open_page()
    if phone:
        ana.set_viewport_size({"width": 390, "height": 844})
    log_in(ana, "ana@example.org")
    ana.get_by_role("link", name="Check-in").click()
    return ana


def test_check_in_shared_part_by_part_and_acknowledged(open_page):
    ana = _ana_at_her_check_in(open_page, partner="Bo")

    ana.get_by_role("radio", name="unpleasant, low energy", exact=True).click()
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
    card = bo.locator("article.shared-checkin")
    expect(card).to_contain_text("You answered: I'm here · “here with tea”")
    # Sent: the form waits closed, holding the answer, one tap away.
    expect(card.get_by_role("button", name="Send")).to_be_hidden()
    card.get_by_text("Change my answer").click()
    expect(card.get_by_role("radio", name="I'm here")).to_be_checked()
    expect(card.get_by_label("A few words of your own (optional):")).to_have_value("here with tea")
    card.get_by_text("Sending warmth", exact=True).click()
    card.get_by_role("button", name="Send the change").click()
    expect(card).to_contain_text("You answered: Sending warmth")
    expect(card.get_by_role("button", name="Send the change")).to_be_hidden()

    ana.reload()
    expect(ana.locator(".ack")).to_contain_text("Bo: Sending warmth · “here with tea”")


def test_the_sharing_control_says_what_the_partner_will_see_as_boxes_change(open_page):
    ana = _ana_at_her_check_in(open_page, partner="Sam", phone=True)
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
    ana.get_by_role("radio", name="unpleasant, low energy", exact=True).click()
    save.click()
    expect(ana.get_by_role("status").first).to_contain_text(
        "It's saved. Sam sees what would help; you can change that below."
    )


def test_the_mood_meter_is_one_grid_for_mouse_and_keyboard(open_page):
    UserFactory(display_name="Ana", email="ana@example.org")
    ana = open_page()
    log_in(ana, "ana@example.org")
    ana.get_by_role("link", name="Check-in").click()
    grid = ana.get_by_role("radiogroup", name="How I feel", exact=False)
    expect(grid.get_by_role("radio")).to_have_count(25)
    # The two radio groups it stands for are hidden, not gone: they are what the form sends.
    expect(ana.get_by_role("group", name="How pleasant does this evening feel?")).to_be_hidden()

    grid.get_by_role("radio", name="pleasant, high energy", exact=True).click()
    expect(grid.get_by_role("radio", name="pleasant, high energy", exact=True)).to_have_attribute(
        "aria-checked", "true"
    )
    ana.keyboard.press("ArrowLeft")  # in between, high energy
    ana.keyboard.press("ArrowDown")  # in between, medium energy
    focused = grid.get_by_role("radio", name="in between, medium energy", exact=True)
    expect(focused).to_be_focused()
    expect(focused).to_have_attribute("aria-checked", "true")
    expect(grid.locator("[tabindex='0']")).to_have_count(1)  # one tab stop for the grid

    ana.get_by_role("button", name="Save my check-in").click()
    expect(ana.get_by_role("status").first).to_contain_text("It's saved")
    checkin = CheckIn.objects.get()
    assert (checkin.pleasantness, checkin.feeling_energy) == (3, 3)


def test_without_javascript_the_meter_is_two_radio_groups(browser, live_server):
    UserFactory(display_name="Ana", email="ana@example.org")
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    log_in(page, "ana@example.org")
    page.get_by_role("link", name="Check-in").click()

    expect(page.get_by_role("radiogroup", name="How I feel", exact=False)).to_have_count(0)
    page.get_by_text("Very pleasant", exact=True).click()
    page.get_by_role("group", name="How much energy is in the feeling?").get_by_text(
        "Very low", exact=True
    ).click()
    page.get_by_role("button", name="Save my check-in").click()
    checkin = CheckIn.objects.get()
    assert (checkin.pleasantness, checkin.feeling_energy) == (5, 1)
    context.close()


def test_the_meter_and_the_sharing_sentence_speak_the_persons_language(open_page):
    make_couple(
        UserFactory(display_name="Ana", email="ana@example.org", language="de"),
        UserFactory(display_name="Sam", email="sam@example.org", language="es"),
    )
    ana = open_page()
    ana.set_viewport_size({"width": 390, "height": 844})
    log_in(ana, "ana@example.org")
    ana.goto("/check-in/")
    grid = ana.get_by_role("radiogroup", name="Wie ich mich fühle", exact=False)
    expect(grid.get_by_role("radio")).to_have_count(25)
    expect(ana.locator(".mood-top")).to_have_text("mehr Energie")
    summary = ana.locator("[data-sharing-summary]")
    expect(summary).to_have_text("Nur du siehst diesen Check-in.")

    grid.get_by_role("radio", name="unangenehm, wenig Energie", exact=True).click()
    ana.get_by_text("Gefühlswörter hinzufügen").click()
    ana.get_by_label("müde").check()
    ana.get_by_label("Mein Gefühl", exact=True).check()
    expect(summary).to_have_text("Sam sieht: dein Gefühl.")
    ana.get_by_label("Meine Notiz", exact=True).check()
    ana.get_by_label("Was mir helfen würde", exact=True).check()
    expect(summary).to_have_text("Sam sieht: dein Gefühl, was dir helfen würde und deine Notiz.")
    ana.get_by_role("button", name="Check-in speichern").click()
    expect(ana.get_by_role("status").first).to_contain_text("Danke für deinen Check-in.")
    checkin = CheckIn.objects.get()
    assert (checkin.pleasantness, checkin.feeling_energy) == (2, 2)
    assert checkin.feeling_words == ["tired"]  # the key, as an English form saves it

    sam = open_page()
    log_in(sam, "sam@example.org")
    sam.goto("/check-in/partner/")
    expect(sam.locator("article.shared-checkin")).to_contain_text(
        "Ánimo: con desánimo y pesadez (2/5 agradable, 2/5 energía) · cansancio"
    )


def test_the_sharing_sentence_follows_boxes_the_browser_restores(open_page):
    ana = _ana_at_her_check_in(open_page, partner="Sam")
    ana.get_by_label("My feeling", exact=True).check()
    ana.get_by_role("link", name="Us").click()

    ana.go_back()

    expect(ana.get_by_label("My feeling", exact=True)).to_be_checked()
    expect(ana.locator("[data-sharing-summary]")).to_have_text("Sam will see: your feeling.")
