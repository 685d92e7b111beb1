"""An import (its file, the choices and the summary) is its owner's alone."""

import pytest
from django.test import Client
from django.urls import reverse

from moving.models import ImportRun
from tests.moving.helpers import upload_daylio, upload_duet
from tests.moving.world import DAYLIO, imports_of

pytestmark = pytest.mark.django_db


def test_no_one_but_the_owner_reaches_an_import_with_or_without_htmx(people):
    runs = imports_of(people.ana)
    for role in ["bo", "cy", "dee", "staff"]:
        client = Client()
        client.force_login(getattr(people, role))
        for name, run in [("moving:run", "import_run"), ("moving:daylio_map", "daylio_run")]:
            url = reverse(name, args=[runs[run]])
            for headers in [{}, {"HX-Request": "true"}]:
                response = client.get(url, headers=headers)
                assert response.status_code == 404, (role, name, headers)
                assert b"MARK-daylio" not in response.content
        discard = client.post(reverse("moving:discard", args=[runs["daylio_run"]]))
        assert discard.status_code == 404
        home = client.get(reverse("moving:home")).content.decode()
        assert f"/my-data/bring-in/{runs['import_run']}/" not in home
    assert ImportRun.objects.filter(owner=people.ana).count() == 2


def test_the_same_file_from_someone_else_is_their_own_import(people, frozen_now):
    imports_of(people.ana)
    bo = Client()
    bo.force_login(people.bo)

    response = upload_daylio(bo, DAYLIO)

    run = ImportRun.objects.get(owner=people.bo)
    assert response["Location"] == reverse("moving:daylio_map", args=[run.pk])


def test_an_upload_needs_the_csrf_token(people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people.ana)
    assert upload_duet(client, b"PK").status_code == 403
    assert upload_daylio(client, DAYLIO).status_code == 403
    assert not ImportRun.objects.exists()
