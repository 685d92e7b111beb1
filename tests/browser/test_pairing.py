import pytest
from playwright.sync_api import expect

from accounts.models import User
from couples import privacy
from tests.browser.conftest import send_signup

pytestmark = pytest.mark.django_db(transaction=True)


def sign_up(page, name: str, email: str) -> None:
    page.goto(send_signup(page, name, email))
    page.get_by_role("button", name="Finish and log in").click()


def test_partners_pair_through_a_one_time_link(open_page):
    ana = open_page(timezone_id="Europe/Lisbon")
    ana.goto("/accounts/signup/")
    sign_up(ana, "Ana", "ana@example.org")
    expect(ana.get_by_role("heading", level=1)).to_contain_text("Today")

    ana.get_by_role("link", name="Us").click()
    ana.get_by_role("button", name="Start our couple").click()
    ana.get_by_role("button", name="Invite my partner").click()
    link = ana.get_by_label("Invitation link").input_value()
    assert "/us/join/" in link

    bo = open_page(timezone_id="Asia/Tokyo")
    bo.goto(link)
    expect(bo.get_by_role("heading", level=1)).to_have_text("Ana invited you to Duet")
    bo.get_by_role("link", name="Create my account").click()
    sign_up(bo, "Bo", "bo@example.org")
    bo.get_by_role("button", name="Join Ana").click()

    expect(bo.locator(".people")).to_contain_text("Ana")
    expect(bo.locator(".people")).to_contain_text("Bo")
    ana.reload()
    expect(ana.locator(".people")).to_contain_text("Bo")

    ana_user, bo_user = (
        User.objects.get(email="ana@example.org"),
        User.objects.get(email="bo@example.org"),
    )
    assert privacy.partner_of(bo_user) == ana_user
    # Each person's clock came from their own browser, with no zone picked by hand.
    assert (ana_user.time_zone, bo_user.time_zone) == ("Europe/Lisbon", "Asia/Tokyo")

    # The link was for one use only.
    third = open_page()
    third.goto(link)
    expect(third.get_by_role("alert")).to_contain_text("already been used")
