import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.factories import UserFactory, make_couple

pytestmark = pytest.mark.django_db(transaction=True)


def test_network_contact_journal_entry_shared_and_revisited_together(open_page):
    make_couple(
        UserFactory(display_name="Ana", email="ana@example.org"),
        UserFactory(display_name="Bo", email="bo@example.org"),
    )
    ana = open_page()
    log_in(ana, "ana@example.org")

    # A support-network contact, from the footer link on every page.
    ana.get_by_role("link", name="Network, journal and self-check").click()
    ana.get_by_role("link", name="My support network").click()
    ana.get_by_label("Who (a name is enough):").fill("Dr Rivera")
    ana.get_by_label("They are:").select_option(label="Therapist or counsellor")
    ana.get_by_label("What I go to them for (optional):").fill("untangling old patterns")
    ana.get_by_role("button", name="Add to my network").click()
    expect(ana.get_by_role("status").first).to_contain_text("Added to your support network")
    expect(ana.locator(".contact")).to_contain_text("untangling old patterns")

    # Two journal entries; only one is brought to revisit together.
    for title, body, tag in [
        ("After the call", "I felt small after the call, then breathed it out.", "Coping strategy"),
        ("Kept to myself", "private-thoughts-not-for-bo", "Trigger"),
    ]:
        ana.goto("/wellbeing/journal/")
        ana.get_by_role("link", name="Write an entry").click()
        ana.get_by_label("A title (optional):").fill(title)
        ana.get_by_label("What happened, and what I noticed:").fill(body)
        ana.get_by_label(tag).check()
        ana.get_by_role("button", name="Save entry").click()
        expect(ana.get_by_role("status").first).to_contain_text("Written down")

    ana.get_by_role("article").filter(has_text="After the call").get_by_role(
        "button", name="Bring to revisit together"
    ).click()
    expect(ana.get_by_role("status").first).to_contain_text("Brought to revisit together")

    # The owner's search finds entries by tag, with HTMX or without.
    ana.get_by_label("Tag:").select_option(label="Trigger")
    expect(ana.locator("#journal-results")).to_contain_text("Kept to myself")
    expect(ana.locator("#journal-results")).not_to_contain_text("After the call")

    bo = open_page()
    log_in(bo, "bo@example.org")
    bo.get_by_role("link", name="Us").click()
    bo.get_by_role("link", name="Revisit together").click()
    theirs = bo.locator("section", has=bo.get_by_role("heading", name="What Ana brought"))
    expect(theirs).to_contain_text("I felt small after the call")
    expect(theirs).to_contain_text("Coping strategy")
    expect(bo.locator("main")).not_to_contain_text("Kept to myself")
    expect(bo.locator("main")).not_to_contain_text("private-thoughts-not-for-bo")
    expect(bo.locator("main")).not_to_contain_text("Dr Rivera")

    card = theirs.locator("article.shared-entry")
    card.get_by_text("I hear you", exact=True).click()
    card.get_by_label("A few words of your own (optional):").fill("thank you for trusting me")
    card.get_by_role("button", name="Send").click()
    expect(theirs.locator("article.shared-entry")).to_contain_text("You answered: I hear you")

    ana.goto("/wellbeing/together/")
    expect(ana.locator(".ack")).to_contain_text("Bo: I hear you · “thank you for trusting me”")

    # Bo's network page shows none of Ana's private contacts.
    bo.goto("/wellbeing/network/")
    expect(bo.locator("main")).not_to_contain_text("Dr Rivera")
