import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.factories import UserFactory, make_couple

pytestmark = pytest.mark.django_db(transaction=True)


def plan_month(page, objective: str, shared: bool, activity: str) -> None:
    page.get_by_role("link", name="Month").click()
    page.get_by_role("link", name="Plan this month").click()
    page.get_by_label("My objective:").fill(objective)
    if shared:
        page.get_by_label("Share it with my partner:").check()
    page.get_by_role("button", name="Save my objective").click()
    page.get_by_role("link", name="Plan this month").click()
    page.get_by_label("Something we'll do together:").fill(activity)
    page.get_by_role("button", name="Propose it").click()


def write_review(page, went_well: str, shared: bool) -> None:
    page.get_by_role("link", name="Write my review").click()
    page.get_by_label("What went well:").fill(went_well)
    page.get_by_label("What I learned:").fill("rest is part of it")
    if shared:
        page.get_by_label("Share my review with my partner:").check()
    page.get_by_role("button", name="Save my review").click()


def test_plan_review_and_read_the_month_from_each_side(open_page):
    make_couple(
        UserFactory(display_name="Ana", email="ana@example.org"),
        UserFactory(display_name="Bo", email="bo@example.org"),
    )
    ana, bo = open_page(), open_page()
    log_in(ana, "ana@example.org")
    log_in(bo, "bo@example.org")

    plan_month(ana, "Read before bed", shared=True, activity="A Sunday walk")
    plan_month(bo, "Swim twice a week", shared=False, activity="Cook a new recipe")
    write_review(ana, "the walks", shared=True)
    write_review(bo, "my swims", shared=False)

    bo.goto("/month/")
    objectives = bo.locator("section", has_text="Personal objectives")
    expect(objectives).to_contain_text("Read before bed")
    expect(bo.locator("section", has_text="Together")).to_contain_text("A Sunday walk")
    expect(bo.locator("section", has_text="Together")).to_contain_text("Cook a new recipe")
    expect(bo.locator("section", has_text="Looking back")).to_contain_text("the walks")

    # Ana proposed it; Bo says yes, and then it can be done together.
    walk = bo.locator("article", has_text="A Sunday walk")
    expect(walk).to_contain_text("waiting for an answer")
    walk.get_by_role("button", name="Yes, let's").click()
    bo.locator("article", has_text="A Sunday walk").get_by_role("button", name="We did it").click()

    ana.goto("/month/")
    expect(ana.locator("section", has_text="Personal objectives")).not_to_contain_text(
        "Swim twice a week"
    )
    expect(ana.locator("section", has_text="Looking back")).not_to_contain_text("my swims")
    expect(ana.locator("article", has_text="A Sunday walk")).to_contain_text("done")
