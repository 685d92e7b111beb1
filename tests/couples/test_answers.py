"""Check-ins and journal entries are answered through one partner-answer base."""

import re
from datetime import date
from pathlib import Path

from django.apps import apps
from django.conf import settings

from checkins.forms import AcknowledgementForm
from checkins.models import Acknowledgement
from couples.answers import PartnerAnswer
from couples.privacy import PartnerAnswerQuerySet
from tests.factories import CheckInFactory


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


def test_each_empty_answer_form_drawn_once_a_page_has_its_own_ids(client, people, frozen_now):
    """The empty form is drawn once a page and given to every evening with that evening's
    key in its ids: exactly what drawing it for the evening itself gives."""
    evenings = [
        CheckInFactory(owner=people.ana, evening=date(2026, 11, day), share_feeling=True)
        for day in (15, 16, 17, 18)
    ]
    Acknowledgement.objects.create(
        checkin=evenings[1], author=people.bo, kind="here", note="answer-item- with tea"
    )
    client.force_login(people.bo)

    page = client.get("/check-in/partner/").text

    for checkin in evenings:
        if checkin is evenings[1]:
            continue
        form = AcknowledgementForm(auto_id=f"answer-{checkin.pk}-%s")
        assert str(form["kind"].as_field_group()) in page
        assert str(form["note"].as_field_group()) in page
    # The answered evening's form holds its own answer, its words as written.
    assert f'id="answer-{evenings[1].pk}-note"' in page
    assert 'value="answer-item- with tea"' in page
    assert page.count('id="answer-item-') == 0
    assert len(set(re.findall(r'id="(answer-\d+-kind_\d)"', page))) == 3 * len(evenings)
