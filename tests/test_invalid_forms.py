"""Every invalid form answers 400 with its page and the reasons, and saves nothing.

(HTMX partial responses stay 200, because htmx does not swap 4xx responses.)
"""

import pytest

from tests.test_access_matrix import client_for, world  # noqa: F401  (fixture)
from tests.test_form_fuzzing import snapshot, url_for

pytestmark = pytest.mark.django_db

# Forms that used to answer 200 (or a redirect) when what was sent could not be used.
INVALID = [
    ("anonymous", "accounts:signup", {"email": "not an address"}),
    ("anonymous", "accounts:login", {"username": "ana@example.org", "password": "wrong"}),
    ("ana", "accounts:profile", {"display_name": ""}),
    ("ana", "accounts:two_factor", {"code": "no"}),
    ("ana", "accounts:two_factor_disable", {"password": "wrong"}),
    ("ana", "accounts:recovery_codes_new", {"password": "wrong"}),
    ("ana", "notifications:email_preferences", {"quiet_starts": "25:61"}),
    ("ana", "notifications:channels", {"name": "ntfy", "url": "not a channel"}),
    ("ana", "notifications:devices", {"endpoint": "http://push.example.org/x"}),
    ("ana", "notifications:device_rename", {"name": "x" * 61}),
    ("ana", "notifications:opt_in", {"kind": "appreciation", "wanted": "yes"}),
    ("ana", "datarights:delete", {"password": "wrong"}),
    ("ana", "rituals:create", {"title": ""}),
    ("ana", "rituals:edit", {"title": ""}),
    ("ana", "rituals:pause", {"resume_on": "someday"}),
    ("ana", "rituals:reflect", {"choice": "nonsense"}),
    ("ana", "rituals:propose_joint", {"title": ""}),
    ("ana", "support:grant_create", {"kind": "nonsense"}),
    ("ana", "support:grant_edit", {"kind": "nonsense"}),
    ("bo", "support:request_answer", {"answer": "maybe"}),
    ("ana", "goals:objective_progress", {"text": ""}),
]


@pytest.mark.parametrize(("role", "name", "data"), INVALID, ids=[row[1] for row in INVALID])
def test_an_invalid_form_answers_400_with_its_page_and_saves_nothing(
    world,  # noqa: F811
    people,
    role,
    name,
    data,
):
    client = client_for(role, people)
    url = url_for(name, world)
    client.get(url)  # the page as first shown (two-step setup prepares a secret here)
    before = snapshot()

    response = client.post(url, data)

    assert response.status_code == 400, response.get("Location")
    assert "<form" in response.text
    assert snapshot() == before
