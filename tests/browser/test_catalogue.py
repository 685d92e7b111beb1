"""Partner events in two real browsers: what one does appears in the other's inbox, once."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.factories import JournalEntryFactory, UserFactory, make_couple

pytestmark = pytest.mark.django_db(transaction=True)


def test_each_event_appears_in_the_partners_inbox(open_page):
    ana_user, _bo_user = make_couple(
        UserFactory(display_name="Ana", email="ana@example.org", pronouns="she/her"),
        UserFactory(display_name="Bo", email="bo@example.org"),
    )
    JournalEntryFactory(owner=ana_user, title="A hard Tuesday", body="What I noticed.")
    ana, bo = open_page(), open_page()
    log_in(ana, "ana@example.org")
    log_in(bo, "bo@example.org")

    ana.goto("/month/appreciations/new/")
    ana.get_by_role("textbox").fill("Thank you for the soup when I came home late.")
    ana.get_by_role("button", name="Send it").click()
    ana.goto("/month/wins/new/")
    ana.get_by_role("textbox").fill("Ran without stopping")
    ana.get_by_label("Share it with my partner").check()
    ana.get_by_role("button", name="Note it").click()
    ana.goto("/wellbeing/journal/")
    ana.get_by_role("button", name="Bring to revisit together").click()
    ana.goto("/support/")
    ana.get_by_role("link", name="Welcome a kind of support").click()
    ana.get_by_text("Reflect with me", exact=True).click()
    ana.get_by_role("button", name="Welcome it").click()

    bo.goto("/inbox/")
    inbox = bo.locator(".inbox")
    for text in [
        "Ana wrote you an appreciation.",
        "Ana shared a win with you.",
        "Ana brought a journal entry to revisit together",
        "Ana welcomes you to reflect with her, in general.",
    ]:
        expect(inbox.get_by_text(text)).to_have_count(1)
    # Nothing private reaches the inbox: the words stay on their own pages.
    for private in ["soup", "Ran without stopping", "A hard Tuesday", "What I noticed"]:
        expect(inbox).not_to_contain_text(private)

    ana.goto("/support/")
    ana.get_by_role("button", name="Revoke").first.click()
    bo.goto("/inbox/")
    expect(inbox.get_by_text("Ana has withdrawn the welcome to reflect with her")).to_have_count(1)
    expect(inbox).not_to_contain_text("Ana welcomes you")
    expect(ana.locator(".badge-count")).to_have_count(0)  # Ana, the actor, was told nothing
