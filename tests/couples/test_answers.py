"""Check-ins and journal entries are answered through one partner-answer base."""

from pathlib import Path

from django.apps import apps
from django.conf import settings

from couples.answers import PartnerAnswer
from couples.privacy import PartnerAnswerQuerySet


def test_both_acknowledgements_are_partner_answers_with_one_rule():
    answers = {
        model._meta.label
        for model in apps.get_models()
        if issubclass(model, PartnerAnswer)
        and isinstance(model._default_manager.all(), PartnerAnswerQuerySet)
    }
    assert answers == {"checkins.Acknowledgement", "wellbeing.JournalAcknowledgement"}


def test_both_answer_forms_come_from_one_partial():
    templates = [
        settings.BASE_DIR / "checkins/templates/checkins/partner.html",
        settings.BASE_DIR / "wellbeing/templates/wellbeing/revisit.html",
    ]
    for template in templates:
        text = Path(template).read_text()
        assert '{% include "components/answer_form.html"' in text
        assert "ack_form.kind" not in text
