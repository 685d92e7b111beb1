import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from checkins.models import CheckIn
from goals.models import Appreciation
from moving.models import ImportRun, Upload
from rituals.models import Ritual
from tests.factories import UserFactory
from tests.moving.helpers import comparable, counts, export_of, tables_in, upload_duet
from tests.worker import run_worker
from wellbeing.models import Contact, JournalEntry

pytestmark = pytest.mark.django_db


def newcomer_client():
    newcomer = UserFactory(display_name="Ana here", email="ana@new.example")
    client = Client()
    client.force_login(newcomer)
    return newcomer, client


def test_an_export_comes_into_an_empty_account_whole_and_private(exported):
    newcomer, client = newcomer_client()

    response = upload_duet(client, exported)
    run = ImportRun.objects.get(owner=newcomer)
    assert response.status_code == 302
    assert response["Location"] == reverse("moving:run", args=[run.pk])
    waiting = client.get(response["Location"]).content.decode()
    assert "waiting its turn" in waiting and 'hx-trigger="every 2s"' in waiting
    assert ">Refresh</a>" in waiting  # without JavaScript, a link does the polling
    run_worker()

    again = comparable(tables_in(export_of(client)))
    assert again == comparable(tables_in(exported))
    # Everything arrived private, with the texts and days as they were.
    assert not Ritual.objects.filter(owner=newcomer).exclude(visibility="private").exists()
    assert not CheckIn.objects.filter(owner=newcomer).exclude(share_feeling=False).exists()
    assert not Contact.objects.filter(owner=newcomer, shared=True).exists()
    assert Ritual.objects.filter(owner=newcomer).count() == 2
    newcomer.refresh_from_db()
    assert (newcomer.time_zone, newcomer.pronouns) == ("America/New_York", "she/her")
    assert newcomer.display_name == "Ana here"
    # Nothing was made in anyone else's name, and the file is gone.
    assert not Appreciation.objects.filter(recipient=newcomer).exists()
    assert not Appreciation.objects.filter(author=newcomer).exists()
    assert not Upload.objects.exists()
    summary = client.get(reverse("moving:run", args=[run.pk])).content.decode()
    assert "What came in" in summary and "Check-ins: 4" in summary
    assert "What stayed out, and why" in summary
    assert "addressed to or written by your partner there" in summary
    assert "BO-ack-words" not in summary and "BO-appreciation-words" not in summary


def test_the_same_export_twice_adds_nothing(exported):
    newcomer, client = newcomer_client()
    upload_duet(client, exported)
    run_worker()
    before = counts()

    response = upload_duet(client, exported)

    assert response.status_code == 302
    run_worker()
    assert counts() == before
    page = client.get(response["Location"], follow=True).content.decode()
    assert "came in already" in page


def test_an_export_into_an_account_with_entries_of_its_own_is_refused_kindly(exported):
    newcomer, client = newcomer_client()
    JournalEntry.objects.create(owner=newcomer, written_on="2026-11-01", body="mine")
    before = counts()

    response = upload_duet(client, exported)

    assert response.status_code == 400
    assert "nothing of its own yet" in response.content.decode()
    assert counts() == before


def test_the_worker_checks_the_account_is_still_empty_when_it_runs(exported):
    newcomer, client = newcomer_client()
    upload_duet(client, exported)
    JournalEntry.objects.create(owner=newcomer, written_on="2026-11-01", body="written meanwhile")
    before = counts()

    run_worker()

    run = ImportRun.objects.get(owner=newcomer)
    assert run.status == "failed" and "nothing of its own yet" in run.problem
    assert counts() == {**before, "moving.Upload": 0}


FRESH_INSTANCE = """
import json, sys
from pathlib import Path
from accounts.models import User
from datarights.services import build_export
from moving.models import ImportRun
from moving import services
from django.db import connection
from django.core.management import call_command

person = User.objects.create_user("ana@fresh.example", "a-long-kind-passphrase",
                                  display_name="Ana")
call_command("import_duet_export", "ana@fresh.example", sys.argv[1])
call_command("import_duet_export", "ana@fresh.example", sys.argv[1])
Path(sys.argv[2]).write_bytes(build_export(person))
with connection.cursor() as cursor:
    cursor.execute("select note from checkins_checkin")
    notes = [row[0] for row in cursor.fetchall()]
print(json.dumps({"notes": notes, "runs": ImportRun.objects.count()}))
"""


def test_an_export_moves_to_another_instance_with_its_own_database_and_keys(exported, tmp_path):
    """Another Duet: its own SQLite file and its own encryption keys, in its own process."""
    (tmp_path / "export.zip").write_bytes(exported)
    (tmp_path / "script.py").write_text(FRESH_INSTANCE)
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_URL", "DUET_ENCRYPTION", "DJANGO_SETTINGS"))
    }
    environment |= {"DATA_DIR": str(tmp_path / "data"), "DJANGO_SETTINGS_MODULE": "config.settings"}
    base = Path(settings.BASE_DIR)

    def manage(*args):
        return subprocess.run(
            [sys.executable, str(base / "manage.py"), *args],
            env=environment,
            cwd=base,
            capture_output=True,
            text=True,
            timeout=600,
            check=True,
        )

    manage("migrate", "--no-input", "-v0")
    shell = manage(
        "shell",
        "-c",
        f"import sys; sys.argv=['x', {str(tmp_path / 'export.zip')!r}, "
        f"{str(tmp_path / 'again.zip')!r}]; exec(open({str(tmp_path / 'script.py')!r}).read())",
    )
    facts = json.loads(shell.stdout.strip().splitlines()[-1])

    again = (tmp_path / "again.zip").read_bytes()
    assert comparable(tables_in(again)) == comparable(tables_in(exported))
    # One import, not two; private text sealed there with that instance's own key.
    assert facts["runs"] == 1
    assert facts["notes"] and all(note.startswith("duet:enc:") for note in facts["notes"])
    fresh_key = (tmp_path / "data" / "encryption_keys").read_text().split()[0]
    assert fresh_key not in settings.ENCRYPTION_KEYS
    assert connection.vendor  # this test's own database was never touched by the other


def test_boundaries_stay_out_since_a_partner_here_would_read_them_at_once(exported):
    from couples.models import Boundary

    assert tables_in(exported)["boundaries"]  # the export holds one
    newcomer, client = newcomer_client()

    upload_duet(client, exported)
    run_worker()

    assert not Boundary.objects.filter(owner=newcomer).exists()
    summary = client.get(reverse("moving:run", args=[ImportRun.objects.get().pk])).text
    assert "boundaries are written for one partner" in summary
