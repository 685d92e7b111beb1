"""Each person is named with their own pronouns, on the pages their partner reads."""

import pytest
from django.urls import reverse

from accounts.pronouns import pronouns_of
from support import services
from support.models import SupportGrant
from tests.factories import RitualFactory, UserFactory, make_couple


@pytest.mark.parametrize(
    ("written", "they", "theirs", "has"),
    [
        ("she/her", "she", "hers", "she has"),
        ("He/Him", "he", "his", "he has"),
        ("they/them", "they", "theirs", "they have"),
        ("she/they", "she", "hers", "she has"),
        ("ze/zir", "ze", "zirs", "ze has"),
        ("", "they", "theirs", "they have"),
        ("any", "they", "theirs", "they have"),
        ("fae/faer", "fae", "theirs", "fae has"),
    ],
)
def test_pronouns_are_read_from_what_the_person_wrote(written, they, theirs, has):
    pronouns = pronouns_of(UserFactory.build(pronouns=written))

    assert (pronouns.they, pronouns.theirs, pronouns.verb("have")) == (they, theirs, has)


def test_verbs_agree_with_the_pronoun():
    she = pronouns_of(UserFactory.build(pronouns="she/her"))
    they = pronouns_of(UserFactory.build(pronouns=""))

    assert [she.verb(v) for v in ["share", "can", "watch", "try", "do", "stay"]] == [
        "she shares",
        "she can",
        "she watches",
        "she tries",
        "she does",
        "she stays",
    ]
    assert they.verb("share") == "they share"


@pytest.mark.django_db
def test_the_partner_reads_a_grant_in_their_own_words_with_her_pronouns(client):
    ana, bo = make_couple(
        UserFactory(display_name="Ana", pronouns="she/her"), UserFactory(display_name="Bo")
    )
    pages = RitualFactory(owner=ana, title="Morning pages", visibility="exists")
    services.grant_support(SupportGrant(kind="remind", ritual=pages, phrasing="Softly"), owner=ana)
    client.force_login(bo)

    page = client.get(reverse("support:home")).content.decode()

    assert "Remind Ana of “Morning pages”" in page
    # Where Ana's permissions are shown to Bo (his own side may speak of his "Remind me").
    received = page[page.index('id="received-heading"') : page.index('id="asks-heading"')]
    assert "Remind me" not in received
    assert "How she&#x27;d like it phrased" in page or "How she'd like it phrased" in page
    assert "and you only where she has" in page


@pytest.mark.django_db
def test_an_empty_partner_side_uses_her_pronouns(client):
    ana, bo = make_couple(
        UserFactory(display_name="Ana", pronouns="she/her"), UserFactory(display_name="Bo")
    )
    client.force_login(bo)

    page = client.get(reverse("support:home")).content.decode()

    assert "That&#x27;s hers to decide" in page or "That's hers to decide" in page
    assert "theirs" not in page
