"""Each page that names the partner speaks of them with their own pronouns, from the
reader's side: she/her, he/him, they/them, and they/them when the field is left blank."""

import pytest
from django.urls import reverse

from tests.factories import CheckInFactory, UserFactory, make_couple

THEY = {"they": "they", "them": "them", "theirs": "theirs", "shares": "they share"}
PRONOUNS = {
    "she/her": {"they": "she", "them": "her", "theirs": "hers", "shares": "she shares"},
    "he/him": {"they": "he", "them": "him", "theirs": "his", "shares": "he shares"},
    "they/them": THEY,
    "": THEY,
}


def phrases(words: dict) -> dict[str, list[str]]:
    """What each page says about Ana, the partner, with her (or his, or their) pronouns."""
    return {
        "couples:home": [f"you see only what {words['shares']} with you"],
        "support:home": [f"That's {words['theirs']} to decide"],
        "rituals:today": [f"Answer {words['them']}</a>"],
        "goals:current": [f"(only what {words['they']} shared)"],
        "wellbeing:revisit": [f"That's {words['theirs']} to decide"],
    }


@pytest.fixture
def reader(client, frozen_now):
    """Bo reads about Ana, who shared tonight's feeling and nothing else."""

    def as_bo_with_ana(pronouns: str):
        ana, bo = make_couple(
            UserFactory(display_name="Ana", pronouns=pronouns), UserFactory(display_name="Bo")
        )
        CheckInFactory(owner=ana, share_feeling=True)
        client.force_login(bo)
        return client

    return as_bo_with_ana


@pytest.mark.django_db
@pytest.mark.parametrize("pronouns", list(PRONOUNS))
def test_pages_that_name_the_partner_use_her_his_or_their_pronouns(reader, pronouns):
    client = reader(pronouns)
    mine = phrases(PRONOUNS[pronouns])
    others = [
        phrase
        for written, words in PRONOUNS.items()
        if words["they"] != PRONOUNS[pronouns]["they"]
        for page in phrases(words).values()
        for phrase in page
    ]

    for name, expected in mine.items():
        response = client.get(reverse(name), follow=True)
        text = response.content.decode()
        for phrase in expected:
            assert phrase in text, f"{name} should say “{phrase}”"
        for phrase in others:
            assert phrase not in text, f"{name} says “{phrase}” of a {pronouns or 'blank'} partner"
