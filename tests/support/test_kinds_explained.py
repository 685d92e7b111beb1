"""The four kinds of support, each explained where a person grants or sees it, in the
reader's words and with each person's own pronouns."""

import html

import pytest
from django.urls import reverse

from support import services
from support.models import SupportGrant
from tests.factories import RitualFactory, UserFactory, make_couple

pytestmark = pytest.mark.django_db

OWNER_SIDE = {
    "accompany": "Sam could join you or keep you company, beside you or on a call.",
    "remind": "Sam could send you a gentle reminder, within the limits and quiet hours you set.",
    "reflect": "Sam could talk it over with you: how it's going, what has changed.",
    "practical": "Sam could lend a hand with something concrete, like a meal, an errand or a lift.",
}


def page(client, person, name: str) -> str:
    client.force_login(person)
    return html.unescape(client.get(reverse(name)).text)


@pytest.fixture
def ana_and_sam(db):
    return make_couple(
        UserFactory(display_name="Ana", pronouns="she/her"), UserFactory(display_name="Sam")
    )


def test_the_grant_form_explains_each_kind_beside_its_choice(client, ana_and_sam):
    ana, _sam = ana_and_sam

    text = page(client, ana, "support:grant_create")

    for kind, sentence in OWNER_SIDE.items():
        assert sentence in text
        # Read with its choice: the radio points at its sentence.
        assert f'value="{kind}" id="id_kind_' in text
    assert text.count('aria-describedby="id_kind_') == 4
    assert "Select an option" not in text


def test_a_grant_form_with_a_mistake_keeps_the_explanations_and_says_what_is_missing(
    client, ana_and_sam
):
    ana, _sam = ana_and_sam
    client.force_login(ana)

    response = client.post(reverse("support:grant_create"), {"kind": "", "weekly_cap": "0"})

    assert response.status_code == 400
    text = html.unescape(response.text)
    assert "This field is required." in text and OWNER_SIDE["remind"] in text
    assert not SupportGrant.objects.exists()


def test_the_owner_reads_what_each_welcomed_kind_lets_the_partner_do(client, ana_and_sam):
    ana, _sam = ana_and_sam
    services.grant_support(SupportGrant(kind="reflect"), owner=ana)

    text = page(client, ana, "support:home")

    assert "Reflect with me" in text and OWNER_SIDE["reflect"] in text
    # All four, one tap away, near "Welcome a kind of support".
    assert "What the four kinds of support mean" in text
    for sentence in OWNER_SIDE.values():
        assert sentence in text


@pytest.mark.parametrize(
    ("pronouns", "sentence"),
    [
        ("she/her", "Ana welcomes you to send her a gentle reminder, within the limits and "
         "quiet hours she set."),
        ("he/him", "Ana welcomes you to send him a gentle reminder, within the limits and "
         "quiet hours he set."),
        ("they/them", "Ana welcomes you to send them a gentle reminder, within the limits and "
         "quiet hours they set."),
        ("", "Ana welcomes you to send them a gentle reminder, within the limits and "
         "quiet hours they set."),
    ],
)  # fmt: skip
def test_the_partner_reads_each_grant_in_their_own_words(client, pronouns, sentence):
    ana, sam = make_couple(
        UserFactory(display_name="Ana", pronouns=pronouns), UserFactory(display_name="Sam")
    )
    walk = RitualFactory(owner=ana, title="Evening walk", visibility="exists")
    services.grant_support(SupportGrant(kind="remind", ritual=walk), owner=ana)
    services.grant_support(SupportGrant(kind="accompany"), owner=ana)

    text = page(client, sam, "support:home")

    assert sentence in text
    them = {"she/her": "her", "he/him": "him"}.get(pronouns, "them")
    assert f"Ana welcomes you to join {them} or keep {them} company" in text
    assert "Sam could" not in text, "never the owner's words on the partner's side"


def test_an_ended_permission_is_no_longer_explained_to_the_partner(client, ana_and_sam):
    ana, sam = ana_and_sam
    made = services.grant_support(SupportGrant(kind="practical"), owner=ana)
    services.revoke_grant(made)

    text = page(client, sam, "support:home")

    assert "Ana welcomes you to lend her a hand" not in text


@pytest.mark.parametrize(
    ("pronouns", "hint"),
    [
        ("he/him", "Shown to Sam whenever he uses this permission."),
        ("", "Shown to Sam whenever they use this permission."),
    ],
)
def test_the_phrasing_hint_names_the_partner_with_their_pronouns(client, pronouns, hint):
    ana = UserFactory(display_name="Ana", pronouns="she/her")
    make_couple(ana, UserFactory(display_name="Sam", pronouns=pronouns))

    assert hint in page(client, ana, "support:grant_create")
