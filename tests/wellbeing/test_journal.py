"""The journal: private entries with tags, the owner's search, and "revisit together"."""

import re

import pytest
from django.urls import reverse

from notifications.models import Notification
from tests.factories import JournalEntryFactory
from wellbeing.models import EntryTag, JournalAcknowledgement, JournalEntry

pytestmark = pytest.mark.django_db

JOURNAL = reverse("wellbeing:journal")
NEW = reverse("wellbeing:entry_create")
TOGETHER = reverse("wellbeing:revisit")


@pytest.fixture
def ana(client, couple):
    client.force_login(couple[0])
    return couple[0]


def test_a_new_entry_is_private_tagged_and_dated_on_the_owners_clock(client, ana, frozen_now):
    from datetime import UTC, datetime

    # 23:30 in London on the 18th is already the 19th in Tokyo.
    frozen_now(datetime(2026, 11, 18, 23, 30, tzinfo=UTC))
    ana.time_zone = "Asia/Tokyo"
    ana.save()

    response = client.post(
        NEW, {"title": "Rough call", "body": "the call went badly", "tags": ["trigger", "coping"]}
    )

    assert response.status_code == 302
    entry = JournalEntry.objects.get()
    assert entry.owner == ana and entry.shared_at is None
    assert str(entry.written_on) == "2026-11-19"
    assert sorted(entry.tag_values) == ["coping", "trigger"]
    page = client.get(JOURNAL).text
    assert "Rough call" in page and "Coping strategy" in page and "Trigger" in page


def test_editing_an_entry_replaces_its_tags(client, ana):
    entry = JournalEntryFactory(owner=ana)
    EntryTag.objects.create(entry=entry, tag="trigger")

    client.post(
        reverse("wellbeing:entry_edit", args=[entry.pk]),
        {"title": "t", "body": "b", "tags": ["win"]},
    )

    assert entry.tag_values == ["win"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "only a title", "body": ""}, "I notice the entry is empty"),
        ({"body": "x", "tags": ["panic"]}, "Select a valid choice"),
        ({"body": "x" * 5001}, "at most 5000 characters"),
        ({"title": "t" * 121, "body": "x"}, "at most 120 characters"),
    ],
)
def test_bad_input_gets_a_clear_field_error(client, ana, data, message):
    response = client.post(NEW, data)

    assert response.status_code == 400
    assert message in response.text
    assert not JournalEntry.objects.exists()


def test_the_owner_searches_by_words_and_by_tag(client, ana):
    walk = JournalEntryFactory(owner=ana, title="Evening walk", body="a calm walk")
    EntryTag.objects.create(entry=walk, tag="coping")
    argument = JournalEntryFactory(owner=ana, title="Argument", body="voices raised")
    EntryTag.objects.create(entry=argument, tag="trigger")

    by_words = client.get(JOURNAL, {"q": "CALM"}).text
    by_tag = client.get(JOURNAL, {"tag": "trigger"}).text
    both = client.get(JOURNAL, {"q": "walk", "tag": "trigger"}).text

    assert "Evening walk" in by_words and "Argument" not in by_words
    assert "Argument" in by_tag and "Evening walk" not in by_tag
    assert "Nothing matches that" in both


def test_search_never_reaches_the_partners_entries(client, couple):
    ana, bo = couple
    JournalEntryFactory(owner=ana, body="shared-needle", shared_at="2026-11-18T12:00Z")
    client.force_login(bo)

    assert "shared-needle" not in client.get(JOURNAL, {"q": "needle"}).text


def test_a_bad_tag_in_the_search_is_explained_not_a_500(client, ana):
    JournalEntryFactory(owner=ana, title="Still listed")

    response = client.get(JOURNAL, {"tag": "panic"})

    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert "Still listed" in response.text


def test_htmx_search_answers_with_the_results_partial(client, ana):
    JournalEntryFactory(owner=ana, title="Evening walk")

    response = client.get(JOURNAL, {"q": "walk"}, headers={"HX-Request": "true"})

    assert response.text.lstrip().startswith('<p class="muted">1 entry found.</p>')
    assert "Evening walk" in response.text and "<html" not in response.text


def test_sharing_an_entry_brings_it_to_revisit_together_and_it_can_be_taken_back(client, couple):
    ana, bo = couple
    entry = JournalEntryFactory(owner=ana, body="bring-me")
    JournalEntryFactory(owner=ana, body="keep-me")
    client.force_login(ana)

    client.post(reverse("wellbeing:entry_share", args=[entry.pk]), {"share": "yes"})

    client.force_login(bo)
    page = client.get(TOGETHER).text
    assert "bring-me" in page and "keep-me" not in page
    client.force_login(ana)
    assert "bring-me" in client.get(TOGETHER).text.split("What Bo brought")[0]

    client.post(reverse("wellbeing:entry_share", args=[entry.pk]), {"share": "no"})

    client.force_login(bo)
    assert "bring-me" not in client.get(TOGETHER).text


def test_the_partner_acknowledges_and_the_owner_is_told_once_without_the_note(client, couple):
    ana, bo = couple
    entry = JournalEntryFactory(owner=ana, shared_at="2026-11-18T12:00Z")
    client.force_login(bo)
    url = reverse("wellbeing:entry_acknowledge", args=[entry.pk])

    client.post(url, {"kind": "hear", "note": "me too"})
    client.post(url, {"kind": "thanks", "note": "changed"})

    answer = JournalAcknowledgement.objects.get()
    assert (answer.author, answer.kind, answer.note) == (bo, "thanks", "changed")
    client.force_login(ana)
    assert "Bo: Thank you for bringing this · “changed”" in client.get(TOGETHER).text
    (told,) = Notification.objects.filter(recipient=ana)
    assert told.message == ("Bo answered the entry you brought to revisit together: I hear you.")
    assert "me too" not in told.message and "changed" not in told.message


def test_an_htmx_acknowledgement_answers_with_the_entry_card(client, couple):
    ana, bo = couple
    entry = JournalEntryFactory(owner=ana, shared_at="2026-11-18T12:00Z")
    client.force_login(bo)

    response = client.post(
        reverse("wellbeing:entry_acknowledge", args=[entry.pk]),
        {"kind": "proud"},
        headers={"HX-Request": "true"},
    )

    assert response.text.lstrip().startswith('<p class="ack">You answered')
    assert "<article" not in response.text
    assert "You answered: I&#x27;m glad you shared this" in response.text


def answer_an_entry(client, couple, data: dict, htmx: bool, **options):
    """Bo answers an entry Ana brought, with or without HTMX: (the entry, the response)."""
    ana, bo = couple
    entry = JournalEntryFactory(owner=ana, shared_at="2026-11-18T12:00Z")
    client.force_login(bo)
    headers = {"HX-Request": "true"} if htmx else {}
    url = reverse("wellbeing:entry_acknowledge", args=[entry.pk])
    return entry, client.post(url, data, headers=headers, **options)


@pytest.mark.parametrize("htmx", [False, True])
def test_a_bad_acknowledgement_is_explained_and_saves_nothing(client, couple, htmx):
    _entry, response = answer_an_entry(client, couple, {"kind": "fix-it", "note": "x" * 300}, htmx)

    assert response.status_code in {200, 400}
    assert "Select a valid choice" in response.text
    assert "at most 280 characters" in response.text
    assert not JournalAcknowledgement.objects.exists()


def test_the_acknowledgement_note_is_coached(client, couple):
    ana, bo = couple
    JournalEntryFactory(owner=ana, shared_at="2026-11-18T12:00Z")
    client.force_login(bo)

    assert reverse("support:coach") in client.get(TOGETHER).text


def test_revisit_together_without_a_partner_explains(client, user):
    client.force_login(user)

    assert "When your partner joins" in client.get(TOGETHER).text


def test_pages_listing_entries_keep_their_query_count(
    client, couple, django_assert_max_num_queries
):
    ana, bo = couple
    for n in range(15):
        entry = JournalEntryFactory(owner=ana, shared_at="2026-11-18T12:00Z")
        EntryTag.objects.create(entry=entry, tag="win")
        JournalAcknowledgement.objects.create(entry=entry, author=bo, kind="hear", note=f"n{n}")
        JournalEntryFactory(owner=bo, shared_at="2026-11-18T12:00Z")
    client.force_login(ana)

    with django_assert_max_num_queries(12):
        client.get(TOGETHER)
    with django_assert_max_num_queries(10):
        client.get(JOURNAL)


def test_the_answer_offers_only_kind_answers_and_asks_for_one(client, couple):
    ana, bo = couple
    entry = JournalEntryFactory(owner=ana, shared_at="2026-11-18T12:00Z")
    client.force_login(bo)

    page = client.get(TOGETHER).text
    response = client.post(reverse("wellbeing:entry_acknowledge", args=[entry.pk]), {})

    assert "Select an option" not in page and 'value=""' not in page.split("ack-form")[1]
    assert response.status_code == 400
    assert "Would you pick one of the answers?" in response.text


@pytest.mark.parametrize("htmx", [False, True])
def test_once_answered_the_entry_shows_the_answer_sent_with_a_way_to_change_it(
    client, couple, htmx
):
    data = {"kind": "proud", "note": "so glad"}

    entry, response = answer_an_entry(client, couple, data, htmx, follow=not htmx)

    text = response.text
    assert "You answered: I&#x27;m glad you shared this · “so glad”" in text
    start = text.index('<details class="change-answer">')
    form = text[start : text.index("</details>", start)]
    assert "<summary>Change my answer</summary>" in form
    assert re.search(rf'value="proud"[^>]* id="answer-{entry.pk}-kind_2" checked>', form)
    assert form.count(" checked") == 1 and 'value="so glad"' in form


def test_years_of_entries_are_read_a_page_at_a_time_and_none_is_out_of_reach(client, ana):
    for number in range(53):
        JournalEntryFactory(owner=ana, title=f"entry {number:02d}")

    first = client.get(JOURNAL).content.decode()
    second = client.get(JOURNAL + "?page=2").content.decode()

    assert first.count('class="card journal-entry"') == 50
    assert "Older entries" in first and "Page 1 of 2" in first
    assert second.count('class="card journal-entry"') == 3
    assert "Newer entries" in second and "Older entries" not in second
    shown = set(re.findall(r"entry \d\d", first + second))
    assert len(shown) == 53
    # A page that isn't one shows the nearest page, never an error.
    assert client.get(JOURNAL + "?page=abc").status_code == 200
    assert "Page 2 of 2" in client.get(JOURNAL + "?page=999").content.decode()


def test_the_journal_is_kept_through_my_check_in_and_shows_each_change_of_mine_at_once(
    client, ana, frozen_now
):
    """A page of the journal is kept apart from my own check-ins and practice notes
    (couples/versions.py); writing, editing, bringing and deleting show at once."""
    from tests.checkins.test_views import answers
    from tests.html import drawn as page_drawn

    def drawn() -> tuple[str, int]:
        return page_drawn(client, JOURNAL)

    client.post(NEW, {"title": "First-xyz", "body": "one"})
    _text, drawn_with = drawn()
    _text, kept_with = drawn()
    assert kept_with < drawn_with
    assert client.post(reverse("checkins:evening"), answers()).status_code == 302
    assert drawn()[1] == kept_with

    client.post(NEW, {"title": "Second-xyz", "body": "two", "tags": ["win"]})
    assert "Second-xyz" in drawn()[0]
    entry = next(entry for entry in JournalEntry.objects.all() if entry.title == "First-xyz")
    client.post(
        reverse("wellbeing:entry_edit", args=[entry.pk]), {"title": "Edited-xyz", "body": "1"}
    )
    assert "Edited-xyz" in drawn()[0] and "First-xyz" not in drawn()[0]
    client.post(reverse("wellbeing:entry_share", args=[entry.pk]), {"share": "yes"})
    assert "brought to revisit together" in drawn()[0]
    client.post(reverse("wellbeing:entry_delete", args=[entry.pk]))
    text = drawn()[0]
    assert "Edited-xyz" not in text and "Second-xyz" in text
