import pytest
from django.contrib.auth.models import AnonymousUser

from couples import privacy

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("viewer", "shared", "expected"),
    [
        ("ana", False, True),
        ("ana", True, True),
        ("bo", False, False),
        ("bo", True, True),
        ("cy", False, False),
        ("cy", True, False),
        ("dee", False, False),
        ("dee", True, False),
        ("staff", False, False),
        ("staff", True, False),
        ("anonymous", False, False),
        ("anonymous", True, False),
    ],
)
def test_can_view_matrix(people, viewer, shared, expected):
    person = AnonymousUser() if viewer == "anonymous" else getattr(people, viewer)

    assert privacy.can_view(person, people.ana.pk, shared=shared) is expected


def test_partner_of(people):
    assert privacy.partner_of(people.ana) == people.bo
    assert privacy.partner_of(people.cy) is None
    assert privacy.partner_of(AnonymousUser()) is None


def test_former_partner_loses_access_the_moment_the_couple_ends(couple):
    from couples import services

    ana, bo = couple
    assert privacy.can_view(bo, ana.pk, shared=True)

    services.leave_couple(ana)
    privacy.forget(bo)  # a new request starts with a fresh user

    assert not privacy.can_view(bo, ana.pk, shared=True)
