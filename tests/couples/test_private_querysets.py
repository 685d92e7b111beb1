"""The privacy rule is one queryset: every private model is built on it, none writes its own."""

import ast
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from checkins.models import Acknowledgement, CheckIn
from couples.privacy import PrivateQuerySet
from goals import services as goals_services
from goals.models import Appreciation, JointActivity, Win
from rituals.models import Ritual
from support.models import SupportRequest
from tests import test_access_matrix
from tests.factories import RitualFactory

NOVEMBER = date(2026, 11, 1)
world = test_access_matrix.world  # the fixture: every kind of row, each with a marker
# Fields that say whose a row is: a model with one of them holds someone's own data.
OWNER_LIKE_FIELDS = {"owner", "recipient", "author"}


def _project_models():
    for config in apps.get_app_configs():
        if Path(config.path).parent == settings.BASE_DIR:
            yield from config.get_models()


def test_every_model_with_an_owner_is_built_on_the_privacy_queryset():
    owned = [
        model
        for model in _project_models()
        if OWNER_LIKE_FIELDS & {field.name for field in model._meta.get_fields()}
    ]
    assert len(owned) > 20  # the walk found the project's models
    outside = [
        model._meta.label
        for model in owned
        if not isinstance(model._default_manager.all(), PrivateQuerySet)
    ]
    assert not outside, f"private models not on PrivateQuerySet: {outside}"


def test_every_model_that_answers_visible_to_is_built_on_the_privacy_queryset():
    outside = [
        model._meta.label
        for model in _project_models()
        if hasattr(model._default_manager.all(), "visible_to")
        and not isinstance(model._default_manager.all(), PrivateQuerySet)
    ]
    assert not outside


def test_no_module_writes_its_own_visible_to_or_owned_by():
    """Models say what "shared" means; the rule itself lives only in couples/privacy.py."""
    written = []
    for path in settings.BASE_DIR.glob("*/**/*.py"):
        parts = path.relative_to(settings.BASE_DIR).parts
        if parts[0] in {"tests", ".venv"} or "migrations" in parts:
            continue
        if parts == ("couples", "privacy.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and node.name in {"visible_to", "owned_by"}:
                written.append(f"{'/'.join(parts)}:{node.lineno}")
    assert not written


def _visible(model, person) -> set[int]:
    return set(model.objects.visible_to(person).values_list("pk", flat=True))


def _owned(model, person) -> set[int]:
    return set(model.objects.owned_by(person).values_list("pk", flat=True))


@pytest.mark.django_db
def test_a_shared_item_is_seen_by_its_owner_and_current_partner_only(people):
    private = Win.objects.create(owner=people.ana, month=NOVEMBER, text="private")
    shared = Win.objects.create(owner=people.ana, month=NOVEMBER, text="shared", shared=True)
    # Cy shared this while still Ana's partner; it is Cy's, no longer Ana's to see.
    old = Win.objects.create(owner=people.cy, month=NOVEMBER, text="old", shared=True)

    assert _visible(Win, people.ana) == _owned(Win, people.ana) == {private.pk, shared.pk}
    assert _visible(Win, people.bo) == {shared.pk}
    assert _owned(Win, people.bo) == set()
    assert _visible(Win, people.cy) == {old.pk}
    for outsider in (people.dee, people.staff, AnonymousUser()):
        assert _visible(Win, outsider) == _owned(Win, outsider) == set()


@pytest.mark.django_db
def test_what_is_shared_may_depend_on_the_viewer(people):
    to_bo = Appreciation.objects.create(
        author=people.ana, recipient=people.bo, month=NOVEMBER, text="thanks"
    )
    from_cy = Appreciation.objects.create(
        author=people.cy, recipient=people.ana, month=NOVEMBER, text="before"
    )

    assert _visible(Appreciation, people.ana) == {to_bo.pk}
    assert _visible(Appreciation, people.bo) == {to_bo.pk}
    assert _visible(Appreciation, people.cy) == {from_cy.pk}
    assert _visible(Appreciation, people.staff) == set()


@pytest.mark.django_db
def test_an_exchange_belongs_to_the_couple_it_was_made_in(people):
    now = SupportRequest.objects.create(
        owner=people.ana, partner=people.bo, kind="accompany", text="now"
    )
    before = SupportRequest.objects.create(
        owner=people.ana, partner=people.cy, kind="accompany", text="before"
    )

    assert _owned(SupportRequest, people.ana) == _visible(SupportRequest, people.ana) == {now.pk}
    assert _visible(SupportRequest, people.bo) == {now.pk}
    assert before.pk not in _visible(SupportRequest, people.cy)
    assert _visible(SupportRequest, people.dee) == set()


@pytest.mark.django_db
def test_a_couple_item_is_seen_by_both_members_of_the_current_couple_only(people):
    activity = goals_services.propose_activity(people.bo, NOVEMBER, "a walk")

    assert _visible(JointActivity, people.ana) == _visible(JointActivity, people.bo)
    assert _visible(JointActivity, people.ana) == {activity.pk}
    assert _owned(JointActivity, people.bo) == {activity.pk}
    assert _owned(JointActivity, people.ana) == set()
    for outsider in (people.cy, people.dee, people.staff, AnonymousUser()):
        assert _visible(JointActivity, outsider) == set()


@pytest.mark.django_db
def test_from_partner_is_visible_to_narrowed_to_the_partners_rows_for_every_model(people, world):
    """`from_partner` asks the database differently (no OR with the viewer's own rows): for
    every private model and every side, it finds exactly what `visible_to` finds of the
    partner's."""
    from couples.privacy import partner_of

    private = [
        model
        for model in _project_models()
        if isinstance(model._default_manager.all(), PrivateQuerySet)
    ]
    kinds = set()
    for model in private:
        rows = model._default_manager.all()
        for person in (people.ana, people.bo, people.cy, people.dee, people.staff):
            partner = partner_of(person)
            expected = (
                set(
                    rows.visible_to(person)
                    .filter(**{rows.owner_field: partner})
                    .values_list("pk", flat=True)
                )
                if partner
                else set()
            )
            assert set(rows.from_partner(person).values_list("pk", flat=True)) == expected, (
                model._meta.label,
                person,
            )
            if expected:
                kinds.add(model._meta.label)
        assert not rows.from_partner(AnonymousUser()).exists()
    assert len(private) > 20 and len(kinds) >= 5, kinds  # partner rows of several kinds


@pytest.mark.django_db
def test_the_partners_answers_are_only_those_to_the_viewers_own_items(people):
    """Ana answered Cy's check-in while they were a couple: Bo, her partner now, sees her
    answers to his check-ins and never that one."""
    to_cy = Acknowledgement.objects.create(
        checkin=CheckIn.objects.create(
            owner=people.cy, evening=NOVEMBER, pleasantness=3, feeling_energy=3, share_note=True
        ),
        author=people.ana,
        kind=Acknowledgement.Kind.HERE,
    )
    to_bo = Acknowledgement.objects.create(
        checkin=CheckIn.objects.create(
            owner=people.bo, evening=NOVEMBER, pleasantness=3, feeling_energy=3, share_note=True
        ),
        author=people.ana,
        kind=Acknowledgement.Kind.WARMTH,
    )

    assert set(Acknowledgement.objects.from_partner(people.bo).values_list("pk", flat=True)) == {
        to_bo.pk
    }
    assert _visible(Acknowledgement, people.bo) == {to_bo.pk}
    assert not Acknowledgement.objects.from_partner(people.cy).filter(pk=to_cy.pk).exists()
    assert not Acknowledgement.objects.from_partner(people.ana).exists()  # Bo answered none


@pytest.mark.django_db
def test_practice_from_partner_and_practice_shown_agree_with_practice_visible_to(people):
    """Two cheaper ways to ask practice_visible_to: narrowed to the partner's rituals, and
    as a flag on each ritual the viewer may see."""
    from couples.privacy import partner_of

    shown = RitualFactory(owner=people.ana, visibility="practice")
    RitualFactory(owner=people.ana, visibility="exists")
    RitualFactory(owner=people.ana, visibility="private")
    for level in ("practice", "exists", "private"):
        RitualFactory(owner=people.bo, visibility=level)
    RitualFactory(owner=people.cy, visibility="practice")  # Ana's former partner's

    for person in (people.ana, people.bo, people.cy, people.dee, people.staff, AnonymousUser()):
        partner = partner_of(person)
        expected = (
            set(
                Ritual.objects.practice_visible_to(person)
                .filter(owner=partner)
                .values_list("pk", flat=True)
            )
            if partner
            else set()
        )
        assert set(Ritual.objects.practice_from_partner(person).values_list("pk", flat=True)) == (
            expected
        ), person
        if person.is_authenticated:
            flagged = Ritual.objects.with_practice_shown(person).values_list("pk", "practice_shown")
            assert set(Ritual.objects.visible_to(person).values_list("pk", flat=True)) == {
                pk for pk, _shown in flagged
            }
            assert {pk for pk, shown in flagged if shown} == _practice_visible(person), person
    assert set(Ritual.objects.practice_from_partner(people.bo).values_list("pk", flat=True)) == {
        shown.pk
    }


def _practice_visible(person) -> set[int]:
    return set(Ritual.objects.practice_visible_to(person).values_list("pk", flat=True))
