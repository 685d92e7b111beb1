"""A check-in sent twice (a double tap, a phone resending what it kept offline) is saved
once: each rendered form carries its own key, and a key already used answers as a success."""

import re
import uuid
from datetime import date, timedelta

import pytest
from django.urls import reverse

from checkins.models import CheckIn, CheckInSubmission
from tests.checkins.test_views import answers

pytestmark = pytest.mark.django_db

EVENING_URL = reverse("checkins:evening")
TONIGHT = date(2026, 11, 18)


@pytest.fixture
def ana(user, client, frozen_now):
    client.force_login(user)
    return user


def rendered_key(client, url=EVENING_URL) -> str:
    match = re.search(r'name="submission_key" value="([0-9a-f-]{36})"', client.get(url).text)
    assert match, "the check-in form carries its submission key"
    return match.group(1)


def test_each_rendered_form_carries_a_fresh_key(client, ana):
    first, second = rendered_key(client), rendered_key(client)

    assert uuid.UUID(first) and first != second


def test_the_same_submission_posted_twice_is_saved_once(client, ana):
    key = rendered_key(client)
    client.post(EVENING_URL, answers(submission_key=key))

    again = client.post(EVENING_URL, answers(submission_key=key), follow=True)

    assert again.status_code == 200
    assert CheckIn.objects.count() == 1
    assert CheckInSubmission.objects.filter(owner=ana, key=key).count() == 1
    assert "already" in again.text and "a good walk" in again.text  # the saved check-in


def test_a_stale_replay_never_overwrites_a_later_edit(client, ana):
    first = rendered_key(client)
    client.post(EVENING_URL, answers(submission_key=first))
    client.post(EVENING_URL, answers(note="later, tired", submission_key=rendered_key(client)))

    client.post(EVENING_URL, answers(note="a good walk", submission_key=first))

    assert CheckIn.objects.get().note == "later, tired"


def test_a_kept_submission_arriving_late_saves_to_its_evening_and_leaves_no_message(
    client, ana, frozen_now
):
    key = rendered_key(client)
    frozen_now(frozen_now() + timedelta(days=1))  # the phone was offline overnight

    response = client.post(
        EVENING_URL,
        answers(submission_key=key, evening=TONIGHT.isoformat()),
        headers={"X-Duet-Outbox": "kept"},
        follow=True,
    )

    assert CheckIn.objects.get().evening == TONIGHT
    # The phone says it arrived; no second message waits for the next page.
    assert response.status_code == 200 and 'class="message message-' not in response.text


def test_another_persons_identical_key_is_their_own_submission(client, ana, stranger):
    key = rendered_key(client)
    client.post(EVENING_URL, answers(submission_key=key))
    client.force_login(stranger)

    response = client.post(EVENING_URL, answers(note="Dee's evening", submission_key=key))

    assert response.status_code == 302
    assert CheckIn.objects.get(owner=stranger).note == "Dee's evening"
    assert CheckIn.objects.get(owner=ana).note == "a good walk"
    assert CheckInSubmission.objects.filter(key=key).count() == 2


@pytest.mark.parametrize("key", ["not-a-key", "1234", "x" * 2000, "'; DROP TABLE"])
def test_a_malformed_key_gets_a_clear_400_and_saves_nothing(client, ana, key):
    response = client.post(EVENING_URL, answers(submission_key=key))

    assert response.status_code == 400
    assert "read how this check-in was sent" in response.text
    assert not CheckIn.objects.exists() and not CheckInSubmission.objects.exists()


def test_a_form_without_a_key_still_saves(client, ana):
    response = client.post(EVENING_URL, answers())

    assert response.status_code == 302 and CheckIn.objects.count() == 1
    assert not CheckInSubmission.objects.exists()


def test_an_invalid_submission_keeps_its_key_and_uses_nothing(client, ana):
    key = rendered_key(client)

    response = client.post(EVENING_URL, answers(pleasantness="9", submission_key=key))

    assert response.status_code == 400
    assert f'value="{key}"' in response.text
    assert not CheckInSubmission.objects.exists()
    client.post(EVENING_URL, answers(submission_key=key))
    assert CheckIn.objects.count() == 1


def test_the_key_is_no_one_elses_business(ana):
    submission = CheckInSubmission.objects.create(
        owner=ana,
        key=uuid.uuid4(),
        checkin=CheckIn.objects.create(
            owner=ana, evening=TONIGHT, pleasantness=3, feeling_energy=3
        ),
    )
    assert str(submission.key) not in str(submission)


def rendered_form(client, url=EVENING_URL) -> dict:
    """The hidden fields a rendered check-in form carries (its key and what it was drawn on)."""
    html = client.get(url).text
    return dict(re.findall(r'name="(submission_key|based_on)" value="([^"]*)"', html))


def test_a_kept_copy_never_overwrites_a_newer_check_in(client, ana):
    """Kept on the phone at 21:30 with the note shared; written again on the laptop at 21:45
    with the note private; the phone's copy arriving at 22:10 must not undo that."""
    phone = rendered_form(client)
    laptop = rendered_form(client)
    client.post(EVENING_URL, answers(note="from the laptop", **laptop))

    late = client.post(
        EVENING_URL,
        answers(note="from the phone", share_note="on", **phone),
        headers={"X-Duet-Outbox": "kept"},
    )

    assert late.status_code == 409
    checkin = CheckIn.objects.get()
    assert (checkin.note, checkin.share_note) == ("from the laptop", False)


def test_an_edit_from_a_form_drawn_before_a_newer_save_is_refused_kindly(client, ana):
    first = rendered_form(client)
    client.post(EVENING_URL, answers(note="first", **first))
    stale, fresh = rendered_form(client), rendered_form(client)
    client.post(EVENING_URL, answers(note="second", **fresh))

    response = client.post(EVENING_URL, answers(note="third", **stale))

    assert response.status_code == 409
    assert "changed since you opened it" in response.text
    assert "second" in response.text  # the form shows it as it is now
    assert CheckIn.objects.get().note == "second"


def test_an_edit_from_the_latest_form_is_saved(client, ana):
    client.post(EVENING_URL, answers(note="first", **rendered_form(client)))

    client.post(EVENING_URL, answers(note="second", **rendered_form(client)))

    assert CheckIn.objects.get().note == "second"
