"""Every coach rule against its own examples, and the false positives it must not raise."""

import re

import pytest
from django.urls import reverse

from core.widgets import CoachedTextInput
from support import services
from support.coach import rules, suggest

RULES = {rule.id: rule for rule in rules()}
EXAMPLES = [(rule.id, text) for rule in rules() for text in rule.examples]
NOT_EXAMPLES = [(rule.id, text) for rule in rules() for text in rule.not_examples]


def test_every_rule_has_examples_both_ways_and_reframes():
    for rule in rules():
        assert rule.examples and rule.not_examples and rule.reframes, rule.id
        assert rule.category in {"directive", "critical", "rescuing"}


@pytest.mark.parametrize(("rule_id", "text"), EXAMPLES)
def test_each_rule_notices_its_examples(rule_id, text):
    assert rule_id in [suggestion.rule_id for suggestion in suggest(text)]


@pytest.mark.parametrize(("rule_id", "text"), NOT_EXAMPLES)
def test_no_rule_fires_on_kind_or_neutral_phrasing(rule_id, text):
    assert suggest(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "I notice you've had a long week. Would it help if I made dinner?",
        "How would you like support tonight?",
        "Thank you for telling me. I'm here.",
        "Sending warmth, and a cup of tea.",
        "Youth should be fun",  # 'you' inside another word
        "",
    ],
)
def test_the_apps_own_voice_passes_untouched(text):
    assert suggest(text) == []


def test_suggestions_quote_the_phrase_and_offer_reframes():
    [suggestion] = suggest("Honestly, you NEED TO sleep more.")

    assert suggestion.phrase == "you NEED TO"
    assert "Would it help if…" in suggestion.reframes


@pytest.mark.django_db
def test_the_live_coach_endpoint_suggests_but_never_blocks(client, user):
    client.force_login(user)

    response = client.post(
        reverse("support:coach"),
        {"text": "You always do this. Let me fix it."},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert "I notice “You always”" in response.text
    assert "I notice “Let me fix”" in response.text
    assert "<html" not in response.text


@pytest.mark.django_db
def test_the_coach_endpoint_needs_login_and_post(client, user):
    assert client.post(reverse("support:coach"), {"text": "x"}).status_code == 302
    client.force_login(user)
    assert client.get(reverse("support:coach")).status_code == 405


COACHED_FIELD = re.compile(r"<(input|textarea)[^>]*hx-post=\"/support/coach/\"[^>]*>")
LIVE_REGION = '<div class="coach" aria-live="polite"></div>'


def coached_fields_each_followed_by_a_live_region(html: str) -> int:
    """How many coached fields the page has; fails unless each brings its own live region."""
    fields = list(COACHED_FIELD.finditer(html))
    for field in fields:
        after = html[field.end() :]
        if field.group(1) == "textarea":
            after = after[after.index("</textarea>") + len("</textarea>") :]
        assert after.startswith(LIVE_REGION), field.group(0)
    assert html.count(LIVE_REGION) == len(fields)
    return len(fields)


@pytest.mark.django_db
def test_every_coached_field_brings_its_own_live_region(client, couple):
    ana, bo = couple
    asked = services.ask_for_support(ana, "accompany", "Would you join my walk on Saturday?")
    client.force_login(bo)

    home = client.get(reverse("support:home")).text
    request_form = client.get(reverse("support:request_create")).text
    vision = client.get(reverse("couples:vision")).text

    assert coached_fields_each_followed_by_a_live_region(home) == 1
    assert f'id="alternative-{asked.pk}"' in home
    assert coached_fields_each_followed_by_a_live_region(request_form) == 1
    assert coached_fields_each_followed_by_a_live_region(vision) == 3


def test_the_coach_widget_renders_its_live_region_after_the_field():
    html = CoachedTextInput(attrs={"maxlength": 10}).render("note", "hi")

    assert html.endswith(LIVE_REGION)
    assert 'hx-target="next .coach"' in html and 'maxlength="10"' in html
