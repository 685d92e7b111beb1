"""The main pages in a real browser: short enough on a phone, and accessible in light and dark.

Heights are measured at 390×844 (a common phone) so the pages don't grow back into long
forms; axe-core (through axe-playwright-python) checks every main page in both colour
schemes, with the demo couple's few weeks of history on screen.
"""

import re
from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from accounts.localtime import current_evening
from instance.demo import DEMO_PASSWORD, seed_demo
from tests.browser.conftest import log_in
from tests.factories import CheckInFactory, RitualFactory, UserFactory, make_couple

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
MAIN_PAGES = {
    "Today": "/today/",
    "Check-in": "/check-in/",
    "Us": "/us/",
    "Support": "/support/",
    "Month": "/month/",
    "Inbox": "/inbox/",
    "Settings": "/accounts/settings/",
    "Patterns": "/check-in/patterns/",
    "Journal": "/wellbeing/journal/",
}
# Budgets in CSS pixels at 390×844, about 10% over what the pages measure now (Today:
# 1,526 px in all, the 4th row ending at 1,070 even with a reflection note on every row;
# before issue 16 four rituals took 2,091 px).
TODAY_BUDGET = 1700
TODAY_FOUR_RITUALS_BY = 1200
MONTH_BUDGET = 3600  # the demo month, every section filled: 3,282 px (4,309 before issue 16)


def phone(open_page, scheme: str = "light"):
    page = open_page()
    page.set_viewport_size(PHONE)
    page.emulate_media(color_scheme=scheme)
    return page


def log_in_demo(page) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email:").fill("ana@demo.duet")
    page.get_by_label("Password:").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Today")


def height(page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def test_today_with_four_rituals_and_the_partners_news_fits_in_about_a_phone_screen(open_page):
    ana, bo = make_couple(
        UserFactory(display_name="Ana", email="ana@example.org", time_zone="Europe/Lisbon"),
        UserFactory(display_name="Bo", pronouns="he/him"),
    )
    for title in ["Morning pages", "Walk after lunch", "Screen-free wind-down", "Phone down"]:
        RitualFactory(owner=ana, title=title, started_on=date(2026, 1, 1))
    CheckInFactory(owner=bo, evening=current_evening(bo), share_feeling=True, share_wish=True)
    page = phone(open_page)
    log_in(page, "ana@example.org")

    page.goto("/today/")
    expect(page.locator("article.ritual")).to_have_count(4)
    expect(page.locator(".evening")).to_contain_text("Not yet")
    expect(page.locator(".partner-news")).to_contain_text("Bo shared")
    last_row = page.locator("article.ritual").last.bounding_box()
    assert last_row["y"] + last_row["height"] <= TODAY_FOUR_RITUALS_BY
    assert height(page) <= TODAY_BUDGET

    # One tap notes it; the other answers and the rhythm are one tap away.
    page.locator("article.ritual", has_text="Phone down").get_by_role("button", name="Done").click()
    expect(page.locator("article.ritual", has_text="Phone down")).to_contain_text("Noted: Done")
    row = page.locator("article.ritual", has_text="Walk after lunch")
    expect(row.locator(".rhythm")).to_be_hidden()
    row.get_by_text("Other answers and the last 4 weeks").click()
    expect(row.locator(".rhythm")).to_be_visible()
    expect(row.get_by_role("button", name="Rest day")).to_be_visible()
    assert Axe().run(page).violations_count == 0, "the opened row is accessible too"


def test_the_demo_month_reads_as_a_story_within_its_height_budget(open_page):
    seed_demo()
    page = phone(open_page)
    log_in_demo(page)

    page.goto("/month/")
    expect(page.get_by_role("heading", name="Rituals this month")).to_be_visible()
    assert height(page) <= MONTH_BUDGET
    # One "Add a note" per item, opened on demand: no note box shows until asked for.
    expect(page.locator(".inline-form input").first).to_be_hidden()
    page.get_by_text("Add a note").first.click()
    expect(page.get_by_label("A note on how it's going").first).to_be_visible()

    wide = open_page()
    wide.set_viewport_size({"width": 1280, "height": 900})
    log_in_demo(wide)
    wide.goto("/month/")
    links = wide.locator(".action-bar li")
    boxes = [links.nth(n).bounding_box() for n in range(links.count())]
    middles = [box["y"] + box["height"] / 2 for box in boxes]
    assert max(middles) - min(middles) < 10, "the month's actions fit on one line at 1280 px"


def test_the_print_link_opens_the_print_dialog_or_says_how(open_page):
    seed_demo()
    page = open_page()
    log_in_demo(page)
    page.goto("/month/")
    page.evaluate("window.print = () => { document.body.dataset.printed = 'yes'; }")

    page.get_by_role("button", name="Print").click()

    expect(page.locator("body")).to_have_attribute("data-printed", "yes")
    page.emulate_media(media="print")
    expect(page.locator(".action-bar")).to_be_hidden()
    expect(page.get_by_role("heading", name="Rituals this month")).to_be_visible()
    pdf = page.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 3, f"the demo month prints on {pages} A4 pages"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_main_page_has_no_axe_violations(open_page, scheme):
    seed_demo()
    page = phone(open_page, scheme)
    log_in_demo(page)
    axe = Axe()
    found = {}
    for name, path in MAIN_PAGES.items():
        page.goto(path)
        results = axe.run(page)
        if results.violations_count:
            found[name] = results.generate_report()
    assert found == {}, "\n\n".join(f"{name}:\n{report}" for name, report in found.items())


def luminance(rgb: str) -> float:
    """Relative luminance (WCAG) of a computed colour such as "rgb(110, 120, 132)"."""
    channels = [int(part) / 255 for part in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_days_not_noted_stay_visible_in_dark_mode(open_page):
    ana = UserFactory(email="ana@example.org")
    RitualFactory(owner=ana, title="Morning pages", started_on=date(2026, 1, 1))
    page = phone(open_page, "dark")
    log_in(page, "ana@example.org")
    page.goto("/today/")
    page.get_by_text("Other answers and the last 4 weeks").click()

    square = page.locator(".rhythm .day-open").first
    border = square.evaluate("element => getComputedStyle(element).borderTopColor")
    card = page.locator("article.ritual").evaluate(
        "element => getComputedStyle(element).backgroundColor"
    )
    lighter, darker = sorted([luminance(border), luminance(card)], reverse=True)
    assert (lighter + 0.05) / (darker + 0.05) >= 3, "WCAG 1.4.11: 3:1 for what must be seen"
