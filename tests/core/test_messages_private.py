"""Flash messages travel in a signed but readable cookie: they never carry private words."""

import pytest
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest
from django.urls import reverse

from rituals.models import Ritual
from support import services as support
from support.models import SupportGrant

pytestmark = pytest.mark.django_db

MARKER = "MARK-private"


def messages_in_cookie(response) -> list[str]:
    cookie = response.cookies.get("messages")
    if not cookie or not cookie.value:
        return []
    return [message.message for message in CookieStorage(HttpRequest())._decode(cookie.value)]


def assert_no_private_text(responses) -> None:
    carried = [text for response in responses for text in messages_in_cookie(response)]
    assert carried, "the flows should have left a message to check"
    assert not [text for text in carried if MARKER in text or "Ana" in text], carried


def test_ritual_messages_leave_the_title_out(client, couple):
    ana, _bo = couple
    client.force_login(ana)
    data = {
        "title": f"{MARKER} title",
        "category": "journaling",
        "intention": "mine",
        "schedule_kind": "daily",
        "anchor": "morning",
        "visibility": "private",
    }
    responses = [client.post(reverse("rituals:create"), data)]
    ritual = Ritual.objects.get(owner=ana)
    for action, payload in [
        ("rituals:pause", {"reason": "", "resume_on": ""}),
        ("rituals:resume", {}),
        ("rituals:retire", {}),
        ("rituals:restore", {}),
    ]:
        responses.append(client.post(reverse(action, args=[ritual.pk]), payload))

    assert_no_private_text(responses)


def test_a_contacts_name_stays_out_of_the_message(client, user):
    client.force_login(user)

    response = client.post(
        reverse("wellbeing:network"), {"name": f"{MARKER} Rivera", "kind": "professional"}
    )

    assert_no_private_text([response])


def test_the_coach_does_not_quote_the_words_it_noticed(client, couple):
    ana, bo = couple
    accompany = support.grant_support(SupportGrant(kind="accompany"), owner=ana)
    client.force_login(bo)

    response = client.post(
        reverse("support:offer_create"),
        {"grant": accompany.pk, "text": f"You need to {MARKER}, I'll come."},
    )

    assert_no_private_text([response])


def test_answering_the_partners_check_in_names_no_one(client, couple):
    from tests.factories import CheckInFactory

    ana, bo = couple
    checkin = CheckInFactory(owner=ana, share_feeling=True)
    client.force_login(bo)

    response = client.post(reverse("checkins:acknowledge", args=[checkin.pk]), {"kind": "thanks"})

    assert response.status_code == 302
    assert_no_private_text([response])


def test_an_own_word_stays_out_of_the_message(client, user):
    client.force_login(user)

    responses = [
        client.post(reverse("words:add", args=["wish"]), {"label": f"{MARKER} tea"}),
        client.post(reverse("words:rename", args=["wish", "listen"]), {"label": f"{MARKER} ear"}),
    ]

    assert_no_private_text(responses)
