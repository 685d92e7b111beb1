import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from checkins.models import CheckIn, SharingDefaults
from tests.factories import CheckInFactory, RitualFactory

pytestmark = pytest.mark.django_db

TONIGHT = date(2026, 11, 18)  # Europe/London, see tests/conftest.py NOW
EVENING_URL = reverse("checkins:evening")


@pytest.fixture
def ana(user, client, frozen_now):
    client.force_login(user)
    return user


def answers(**overrides):
    data = {
        "pleasantness": "4",
        "feeling_energy": "2",
        "feeling_words": ["calm", "grateful"],
        "sleep_hours": "7.5",
        "sleep_quality": "4",
        "energy": "3",
        "wish": "company",
        "note": "a good walk",
        "share_feeling": "on",
        "share_wish": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_checking_in_saves_tonight_with_the_chosen_sharing(client, ana):
    response = client.post(EVENING_URL, answers())

    assert response["Location"] == EVENING_URL
    checkin = CheckIn.objects.get()
    assert (checkin.owner, checkin.evening) == (ana, TONIGHT)
    assert checkin.feeling_words == ["calm", "grateful"]
    assert checkin.sharing() == {
        "feeling": True,
        "sleep": False,
        "energy": False,
        "wish": True,
        "note": False,
    }


def test_only_the_feeling_is_required(client, ana):
    response = client.post(EVENING_URL, {"pleasantness": "3", "feeling_energy": "3"})

    assert response.status_code == 302
    checkin = CheckIn.objects.get()
    assert (checkin.sleep_hours, checkin.energy, checkin.wish, checkin.note) == (None, None, "", "")


def test_submitting_twice_in_an_evening_edits_the_one_check_in(client, ana):
    client.post(EVENING_URL, answers())
    client.post(EVENING_URL, answers(pleasantness="2", note="later, tired"))

    checkin = CheckIn.objects.get()
    assert (checkin.pleasantness, checkin.note) == (2, "later, tired")
    form = client.get(EVENING_URL)
    assert "later, tired" in form.text and "Save changes" in form.text


def test_new_check_ins_start_from_the_persons_sharing_defaults(client, ana):
    client.post(reverse("checkins:sharing"), {"share_sleep": "on", "share_note": "on"})

    form = client.get(EVENING_URL).text

    assert re.search(r'name="share_sleep"[^>]* checked', form)
    assert not re.search(r'name="share_feeling"[^>]* checked', form)
    assert SharingDefaults.objects.get(owner=ana).share_note


def test_everything_is_private_until_chosen(client, ana):
    client.post(EVENING_URL, {"pleasantness": "3", "feeling_energy": "3"})

    assert not any(CheckIn.objects.get().sharing().values())


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"pleasantness": "0"}, "Select a valid choice"),
        ({"pleasantness": "6"}, "Select a valid choice"),
        ({"pleasantness": None}, "This field is required"),
        ({"feeling_energy": "x"}, "Select a valid choice"),
        ({"sleep_hours": "25"}, "less than or equal to 24"),
        ({"sleep_hours": "-1"}, "greater than or equal to 0"),
        ({"sleep_hours": "7.25"}, "no more than 1 decimal place"),
        ({"sleep_quality": "9"}, "Select a valid choice"),
        ({"energy": "0"}, "Select a valid choice"),
        ({"wish": "advice"}, "Select a valid choice"),
        ({"feeling_words": ["calm", "hangry"]}, "Select a valid choice"),
        (
            {
                "feeling_words": [
                    "calm",
                    "content",
                    "grateful",
                    "relaxed",
                    "peaceful",
                    "cosy",
                    "sad",
                ]
            },
            "Pick up to 6 words",
        ),
        ({"note": "x" * 1001}, "at most 1000 characters"),
    ],
)
def test_bad_input_gets_a_field_error_and_saves_nothing(client, ana, overrides, message):
    response = client.post(EVENING_URL, answers(**overrides))

    assert response.status_code == 400
    assert message in response.text
    assert not CheckIn.objects.exists()


def test_a_failed_edit_keeps_the_saved_check_in_whole(client, ana):
    client.post(EVENING_URL, answers())

    client.post(EVENING_URL, answers(note="changed", sleep_hours="99"))

    assert CheckIn.objects.get().note == "a good walk"


def edit_url(day):
    return reverse("checkins:edit", args=[day.isoformat()])


def test_the_last_two_evenings_can_still_be_edited(client, ana):
    for back in (1, 2):
        CheckInFactory(owner=ana, evening=TONIGHT - timedelta(days=back), note="before")

        response = client.post(edit_url(TONIGHT - timedelta(days=back)), answers(note="after"))

        assert response.status_code == 302
    assert list(CheckIn.objects.values_list("note", flat=True)) == ["after", "after"]


@pytest.mark.parametrize("back", [3, 10, -1])
def test_other_evenings_are_refused_clearly(client, ana, back):
    day = TONIGHT - timedelta(days=back)
    CheckInFactory(owner=ana, evening=day, note="before")

    response = client.post(edit_url(day), answers(note="after"))

    assert response.status_code == 400
    assert "the two evenings before it can still be edited" in response.text
    assert CheckIn.objects.get().note == "before"


def test_a_past_evening_without_a_check_in_cannot_be_created(client, ana):
    response = client.post(edit_url(TONIGHT - timedelta(days=1)), answers())

    assert response.status_code == 400
    assert "no check-in for that evening" in response.text
    assert not CheckIn.objects.exists()


def test_a_date_that_is_not_a_date_is_not_found(client, ana):
    # A malformed URL value fails in the path converter (STYLE.md).
    response = client.get("/check-in/evening/2026-02-31/")

    assert response.status_code == 404


def test_tonights_date_leads_to_the_evening_form(client, ana):
    assert client.get(edit_url(TONIGHT))["Location"] == EVENING_URL


def test_an_after_midnight_check_in_belongs_to_the_evening_before(client, ana, frozen_now):
    frozen_now(datetime(2026, 11, 19, 1, 30, tzinfo=UTC))  # 01:30 in London

    client.post(EVENING_URL, answers())

    assert CheckIn.objects.get().evening == TONIGHT


def test_the_check_in_page_is_only_the_evening(client, ana):
    ritual = RitualFactory(owner=ana, title="Stretch")

    text = client.get(EVENING_URL).text

    assert "Stretch" not in text  # rituals are on Today, one tap away
    assert reverse("rituals:log", args=[ritual.pk]) not in text


def test_the_sharing_control_says_in_words_what_the_partner_will_see(client, couple, frozen_now):
    ana, bo = couple
    SharingDefaults.objects.create(owner=ana, share_feeling=True, share_wish=True)
    client.force_login(ana)

    text = client.get(EVENING_URL).text

    assert "What Bo sees" in text
    assert "Bo will see: your feeling and what would help." in text


def test_with_nothing_ticked_the_control_says_only_i_will_see_it(client, couple, frozen_now):
    ana, _bo = couple
    client.force_login(ana)

    assert "Only you will see this check-in." in client.get(EVENING_URL).text


def test_the_confirmation_repeats_what_the_partner_sees(client, couple, frozen_now):
    ana, _bo = couple
    client.force_login(ana)

    page = client.post(EVENING_URL, answers(), follow=True).text

    assert "It&#x27;s saved. Bo sees your feeling and what would help" in page
    assert "you can change that below" in page


def test_the_confirmation_says_when_nothing_is_shared(client, couple, frozen_now):
    ana, _bo = couple
    client.force_login(ana)
    data = answers()
    del data["share_feeling"], data["share_wish"]

    page = client.post(EVENING_URL, data, follow=True).text

    assert "It&#x27;s saved. Only you see it." in page


def test_low_evenings_in_a_row_offer_support_to_the_person_only(client, ana, couple):
    for back in range(3):
        CheckInFactory(
            owner=ana, evening=TONIGHT - timedelta(days=back), pleasantness=1, share_feeling=True
        )

    assert "the last few evenings have felt heavy" in client.get(EVENING_URL).text
    assert reverse("checkins:support") in client.get(EVENING_URL).text


@pytest.mark.parametrize(("newest_back", "offered"), [(1, True), (2, False)])
def test_low_evenings_count_only_while_they_are_recent(client, ana, newest_back, offered):
    """Three low evenings in a row that ended yesterday still do; ended two evenings ago,
    with nothing since, no more."""
    for back in range(newest_back, newest_back + 3):
        CheckInFactory(owner=ana, evening=TONIGHT - timedelta(days=back), pleasantness=1)

    assert ("felt heavy" in client.get(EVENING_URL).text) is offered


def test_two_low_evenings_or_a_gap_do_not_trigger_it(client, ana):
    CheckInFactory(owner=ana, evening=TONIGHT, pleasantness=1)
    CheckInFactory(owner=ana, evening=TONIGHT - timedelta(days=1), pleasantness=2)
    CheckInFactory(owner=ana, evening=TONIGHT - timedelta(days=3), pleasantness=1)

    assert "felt heavy" not in client.get(EVENING_URL).text


def test_history_lists_own_check_ins_with_edit_links_for_recent_ones(client, ana):
    CheckInFactory(owner=ana, evening=TONIGHT - timedelta(days=1))
    CheckInFactory(owner=ana, evening=TONIGHT - timedelta(days=5))

    text = client.get(reverse("checkins:history")).text

    assert text.count("note-secret-xyz") == 2
    assert edit_url(TONIGHT - timedelta(days=1)) in text
    assert edit_url(TONIGHT - timedelta(days=5)) not in text


def test_support_page_is_kind_and_never_mentions_telling_the_partner(client, ana):
    text = client.get(reverse("checkins:support")).text

    assert "Find A Helpline" in text
    assert "Nothing on this page tells your partner anything" in text
