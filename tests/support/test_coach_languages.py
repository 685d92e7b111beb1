"""The coach's rules per language: each language file's examples and counter-examples, the
writer's language choosing the rules, and English as the fallback."""

import pytest
from django.urls import reverse

from support.coach import languages, rules, rules_language, suggest

FOREIGN = [language for language in languages() if language != "en"]
EXAMPLES = [
    (language, rule.id, text)
    for language in languages()
    for rule in rules(language)
    for text in rule.examples
]
NOT_EXAMPLES = [
    (language, rule.id, text)
    for language in languages()
    for rule in rules(language)
    for text in rule.not_examples
]


def test_german_and_spanish_rules_exist_beside_english():
    assert {"en", "de", "es"} <= set(languages())


@pytest.mark.parametrize("language", languages())
def test_every_language_has_the_same_rules_each_with_examples_both_ways(language):
    english = [rule.id for rule in rules("en")]
    assert [rule.id for rule in rules(language)] == english
    for rule in rules(language):
        assert rule.examples and rule.not_examples and rule.reframes, (language, rule.id)
        assert rule.category in {"directive", "critical", "rescuing"}


@pytest.mark.parametrize(("language", "rule_id", "text"), EXAMPLES)
def test_each_languages_rule_notices_its_examples(language, rule_id, text):
    assert rule_id in [suggestion.rule_id for suggestion in suggest(text, language)]


@pytest.mark.parametrize(("language", "rule_id", "text"), NOT_EXAMPLES)
def test_no_rule_of_a_language_fires_on_its_kind_or_neutral_phrasing(language, rule_id, text):
    assert suggest(text, language) == []


@pytest.mark.parametrize("language", FOREIGN)
def test_each_language_reworded_its_rules_rather_than_copying_english(language):
    english = {rule.id: rule for rule in rules("en")}
    for rule in rules(language):
        assert rule.why != english[rule.id].why
        assert set(rule.reframes).isdisjoint(english[rule.id].reframes)


def test_the_coach_flags_a_german_you_should_with_german_reframes():
    [suggestion] = suggest("Du solltest wirklich früher schlafen gehen.", "de")

    assert suggestion.rule_id == "you-should"
    assert suggestion.phrase == "Du solltest"
    assert "Würde es helfen, wenn …" in suggestion.reframes
    assert suggest("Ich sollte mehr schlafen.", "de") == []
    assert suggest("Würde es helfen, wenn ich heute koche?", "de") == []


def test_the_coach_flags_a_spanish_you_should_with_spanish_reframes():
    [suggestion] = suggest("Deberías acostarte más temprano.", "es")

    assert suggestion.rule_id == "you-should"
    assert suggestion.phrase == "Deberías"
    assert "¿Te ayudaría si…?" in suggestion.reframes
    assert suggest("¿Te ayudaría si preparo la cena?", "es") == []
    assert suggest("Yo también debería descansar.", "es") == []


def test_each_language_reads_only_its_own_rules():
    # A German sentence means nothing to the English rules, and the other way round.
    assert suggest("Du solltest früher ins Bett gehen.", "en") == []
    assert suggest("You should go to bed earlier.", "de") == []


@pytest.mark.parametrize(
    ("language", "chosen"),
    [("de", "de"), ("de-at", "de"), ("es", "es"), ("en-us", "en"), ("fr", "en"), ("", "en")],
)
def test_a_language_without_rules_falls_back_to_english(language, chosen, settings):
    settings.LANGUAGE_CODE = "en-us"
    assert rules_language(language or None) == chosen


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "text", "noticed", "reframe"),
    [
        ("de", "Du musst dich entspannen.", "Mir fällt „Du musst“ auf.", "Was brauchst du"),
        ("es", "Tienes que relajarte.", "Noto que escribes «Tienes que».", "¿Qué necesitas"),
    ],
)
def test_the_live_coach_uses_the_writers_language(client, user, language, text, noticed, reframe):
    user.language = language
    user.save(update_fields=["language"])
    client.force_login(user)

    response = client.post(reverse("support:coach"), {"text": text}, HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert noticed in response.text
    assert reframe in response.text
    assert "I notice" not in response.text and "Perhaps:" not in response.text


@pytest.mark.django_db
def test_the_live_coach_leaves_a_german_writers_own_wish_alone(client, user):
    user.language = "de"
    user.save(update_fields=["language"])
    client.force_login(user)

    response = client.post(reverse("support:coach"), {"text": "Ich sollte mehr schlafen."})

    assert "coach-note" not in response.text
