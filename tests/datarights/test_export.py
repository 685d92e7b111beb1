import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from checkins.models import Acknowledgement
from couples.models import Boundary
from datarights.registry import EXCLUDED, EXPORTS
from rituals.models import PracticeLog
from support import services as support
from support.models import SupportGrant
from tests.factories import CheckInFactory, RitualFactory

pytestmark = pytest.mark.django_db


def person_fields(model) -> list[str]:
    return [
        field.name
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is apps.get_model(settings.AUTH_USER_MODEL)
    ]


def models_needing_coverage() -> set[type]:
    """Models that refer to a person, directly or through a chain of foreign keys."""
    needing = {model for model in apps.get_models() if person_fields(model)}
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            if model in needing:
                continue
            if any(
                field.is_relation and field.many_to_one and field.related_model in needing
                for field in model._meta.concrete_fields
            ):
                needing.add(model)
                changed = True
    return needing


def test_every_model_that_refers_to_a_person_is_exported_or_excluded_with_a_reason():
    exported = {(spec.model_label, spec.owner.split("__")[0]) for spec in EXPORTS.values()}
    exported_models = {spec.model_label for spec in EXPORTS.values()}
    missing = []
    for model in models_needing_coverage():
        label = model._meta.label
        if (label, None) in EXCLUDED:
            continue
        fields = person_fields(model) or [None]
        for field_name in fields:
            covered = (
                (label, field_name) in exported
                or (label, field_name) in EXCLUDED
                or (field_name is None and label in exported_models)
                or (label == settings.AUTH_USER_MODEL and label in exported_models)
            )
            if not covered:
                missing.append(f"{label}.{field_name or '(via a relation)'}")
    assert not missing, (
        "Add these to the app's export.py with datarights.registry.export(...) "
        f"or exclude(..., reason): {sorted(missing)}"
    )


def test_every_export_owner_lookup_works_and_no_password_leaves(people):
    for spec in EXPORTS.values():
        list(spec.rows(people.ana))  # a wrong lookup raises here
    assert "password" not in [column.name for column in EXPORTS["profile"].columns()]


@pytest.fixture
def lives(people):
    """Ana's and Bo's own entries, plus what each addressed to the other."""
    ana, bo = people.ana, people.bo
    ana_ritual = RitualFactory(owner=ana, intention="ana-intention", visibility="exists")
    PracticeLog.objects.create(
        ritual=ana_ritual, day=timezone.localdate(), outcome="done", note="ana-log-note"
    )
    bo_ritual = RitualFactory(owner=bo, intention="bo-private-intention", visibility="private")
    PracticeLog.objects.create(
        ritual=bo_ritual, day=timezone.localdate(), outcome="done", note="bo-log-note"
    )
    ana_checkin = CheckInFactory(owner=ana, note="ana-checkin-note", share_note=True)
    CheckInFactory(owner=bo, note="bo-private-note")
    Acknowledgement.objects.create(checkin=ana_checkin, author=bo, kind="thanks", note="bo-ack")
    Boundary.objects.create(owner=ana, kind="welcome", text="=ana-boundary")
    Boundary.objects.create(owner=bo, kind="off_limits", text="bo-boundary")
    support.grant_support(SupportGrant(kind="accompany", phrasing="ana-phrasing"), owner=ana)
    support.grant_support(SupportGrant(kind="reflect", phrasing="bo-phrasing"), owner=bo)
    support.ask_for_support(bo, "practical", "bo-request")
    return people


def download(client, user) -> dict[str, str]:
    client.force_login(user)
    response = client.post(reverse("datarights:export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return {name: archive.read(name).decode() for name in archive.namelist()}


def test_the_export_holds_my_entries_as_json_and_csv_and_nothing_private_of_my_partner(
    client, lives
):
    files = download(client, lives.ana)
    everything = "\n".join(files.values())

    assert {"rituals.json", "rituals.csv", "checkins.json", "checkins.csv"} <= set(files)
    for mine in ["ana-intention", "ana-log-note", "ana-checkin-note", "ana-phrasing"]:
        assert mine in everything
    # What Bo addressed to Ana is hers to keep.
    assert "bo-ack" in files["acknowledgements_received.json"]
    assert "bo-request" in files["notifications.json"]
    for theirs in [
        "bo-private-intention",
        "bo-log-note",
        "bo-private-note",
        "bo-boundary",
        "bo-phrasing",
        lives.bo.email,
    ]:
        assert theirs not in everything
    assert "password" not in json.loads(files["profile.json"])[0]
    assert AuditEvent.objects.filter(kind="export", user=lives.ana).exists()


def test_csv_cells_cannot_run_as_spreadsheet_formulas(client, lives):
    files = download(client, lives.ana)

    assert "'=ana-boundary" in files["boundaries.csv"]
    assert '"=ana-boundary"' in files["boundaries.json"]


def test_export_is_post_only_and_for_the_signed_in_person(client, lives):
    assert client.post(reverse("datarights:export"))["Location"].startswith(
        reverse("accounts:login")
    )
    client.force_login(lives.ana)
    assert client.get(reverse("datarights:export")).status_code == 405


def test_an_export_of_a_quiet_account_is_still_complete(client, people):
    files = download(client, people.dee)

    assert set(files) >= {f"{name}.json" for name in EXPORTS} | {"README.txt"}
    assert all(json.loads(files[f"{name}.json"]) == [] for name in ["rituals", "checkins"])


def test_exported_times_are_iso_strings(client, lives):
    files = download(client, lives.ana)

    created = json.loads(files["checkins.json"])[0]["created_at"]
    assert timezone.datetime.fromisoformat(created) > timezone.now() - timedelta(days=1)
