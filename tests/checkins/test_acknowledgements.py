import re
from datetime import date

import pytest
from django.urls import reverse

from checkins.models import Acknowledgement
from tests.factories import CheckInFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_checkin(people, frozen_now):
    return CheckInFactory(
        owner=people.ana, evening=date(2026, 11, 18), share_feeling=True, share_wish=True
    )


def answer_url(checkin):
    return reverse("checkins:acknowledge", args=[checkin.pk])


def test_the_partner_acknowledges_and_the_owner_sees_it(client, people, shared_checkin):
    client.force_login(people.bo)

    response = client.post(
        answer_url(shared_checkin), {"kind": "warmth", "note": "thinking of you"}
    )

    assert response.status_code == 302
    client.force_login(people.ana)
    text = client.get(reverse("checkins:evening")).text
    assert "Bo: Sending warmth" in text and "thinking of you" in text
    inbox = client.get(reverse("notifications:inbox")).text
    assert "Bo answered your check-in: Sending warmth." in inbox
    assert "thinking of you" not in inbox


def test_answering_with_htmx_returns_the_updated_card(client, people, shared_checkin):
    client.force_login(people.bo)

    response = client.post(
        answer_url(shared_checkin), {"kind": "here", "note": ""}, HTTP_HX_REQUEST="true"
    )

    assert response.text.lstrip().startswith('<article class="card shared-checkin"')
    assert "You answered: I&#x27;m here" in response.text


def test_answering_again_replaces_the_answer(client, people, shared_checkin):
    client.force_login(people.bo)
    client.post(answer_url(shared_checkin), {"kind": "here", "note": ""})
    client.post(answer_url(shared_checkin), {"kind": "thanks", "note": ""})

    assert Acknowledgement.objects.get().kind == "thanks"


def test_there_is_no_advice_field(client, people, shared_checkin):
    client.force_login(people.bo)

    text = client.get(reverse("checkins:partner")).text

    assert "advice" not in text.lower() and "suggestion" not in text.lower()
    for kind in ["Thank you for telling me", "I&#x27;m here", "Sending warmth"]:
        assert kind in text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "you-should", "note": ""}, "Select a valid choice"),
        ({"kind": "here", "note": "x" * 281}, "at most 280 characters"),
    ],
)
def test_bad_answers_are_explained_and_not_saved(client, people, shared_checkin, data, message):
    client.force_login(people.bo)

    response = client.post(answer_url(shared_checkin), data)

    assert response.status_code == 400
    assert message in response.text
    assert not Acknowledgement.objects.exists()


@pytest.mark.parametrize("viewer", ["ana", "cy", "dee", "staff"])
def test_only_the_current_partner_can_answer(client, people, shared_checkin, viewer):
    client.force_login(getattr(people, viewer))

    response = client.post(answer_url(shared_checkin), {"kind": "here", "note": ""})

    assert response.status_code == 404
    assert not Acknowledgement.objects.exists()


def test_the_partner_sees_no_one_elses_answers(client, people, shared_checkin):
    Acknowledgement.objects.create(
        checkin=shared_checkin, author=people.cy, kind="here", note="Cy's answer, long ago"
    )
    client.force_login(people.bo)

    assert "long ago" not in client.get(reverse("checkins:partner")).text


def test_partner_pages_stay_within_a_few_queries(
    client, people, frozen_now, django_assert_max_num_queries
):
    from datetime import timedelta

    for back in range(200):
        checkin = CheckInFactory(
            owner=people.ana, evening=date(2026, 11, 18) - timedelta(days=back), share_wish=True
        )
        Acknowledgement.objects.create(checkin=checkin, author=people.bo, kind="here")
    client.force_login(people.bo)

    with django_assert_max_num_queries(10):
        assert client.get(reverse("checkins:partner")).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("couples:home")).status_code == 200


def answered_form(text: str) -> str:
    """The answer form as it waits after answering: closed behind "Change my answer"."""
    start = text.index('<details class="change-answer"')
    return text[start : text.index("</details>", start)]


@pytest.mark.parametrize("htmx", [False, True])
def test_once_answered_the_answer_shows_as_sent_with_a_way_to_change_it(
    client, people, shared_checkin, htmx
):
    client.force_login(people.bo)
    headers = {"HX-Request": "true"} if htmx else {}

    response = client.post(
        answer_url(shared_checkin),
        {"kind": "here", "note": "with tea", "next": reverse("checkins:partner")},
        headers=headers,
        follow=not htmx,
    )

    text = response.text
    assert "You answered: I&#x27;m here · “with tea”" in text
    form = answered_form(text)
    assert "<summary>Change my answer</summary>" in form
    assert '<details class="change-answer" open' not in text
    # The form holds the answer sent, not an empty choice.
    assert re.search(rf'value="here"[^>]* id="answer-{shared_checkin.pk}-kind_\d" checked>', form)
    assert form.count(" checked") == 1
    assert 'value="with tea"' in form


def test_before_answering_the_form_is_open_and_empty(client, people, shared_checkin):
    client.force_login(people.bo)

    text = client.get(reverse("checkins:partner")).text

    assert "change-answer" not in text and "You answered" not in text
    assert " checked" not in text[text.index('class="stack ack-form"') :]


def test_a_bad_change_keeps_the_form_open_with_what_is_missing(client, people, shared_checkin):
    client.force_login(people.bo)
    client.post(answer_url(shared_checkin), {"kind": "here", "note": ""})

    response = client.post(answer_url(shared_checkin), {"kind": "", "note": "x"})

    assert response.status_code == 400
    assert '<details class="change-answer" open' in response.text
    assert Acknowledgement.objects.get().kind == "here"
