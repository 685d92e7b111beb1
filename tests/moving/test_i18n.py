"""Bringing data in, in the person's own language: the pages, the problems found in a file,
and the summary the worker writes (in its owner's language, whatever the worker's)."""

import html

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from moving.models import ImportRun
from tests.factories import CheckInFactory, UserFactory
from tests.moving.helpers import upload_daylio, upload_duet
from tests.worker import run_worker

pytestmark = pytest.mark.django_db

DAYLIO = """full_date,date,weekday,time,mood,activities,note_title,note
2026-11-03,November 3,Tuesday,22:15,rad,friends | calm,Good one,
2026-11-03,November 3,Tuesday,08:05,meh,work,,
2026-11-01,November 1,Sunday,9:30 PM,dreamy,,,
"""


def client_of(person) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(person)
    return client


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.mark.parametrize(
    ("language", "phrases"),
    [
        (
            "de",
            [
                "Deine Daten mitbringen",
                "Mein Export aus einem anderen Duet",
                "Mein Daylio-Export (.csv)",
            ],
        ),
        (
            "es",
            ["Trae tus datos", "Mi exportación de otro Duet", "Mi exportación de Daylio (.csv)"],
        ),
    ],
)
def test_the_import_page_is_in_my_language(language, phrases):
    page = text(client_of(UserFactory(language=language)).get(reverse("moving:home")))

    for phrase in phrases:
        assert phrase in page
    for english in ["Bring your data in", "My export from another Duet", "Look at my Daylio file"]:
        assert english not in page


def test_a_bad_file_is_explained_in_my_language():
    client = client_of(UserFactory(language="es"))

    page = text(upload_duet(client, b"not a zip at all"))

    assert "No se ha importado nada" in page
    assert "No he podido abrir este archivo como zip." in page
    assert "couldn't open this file" not in page


def test_bad_rows_of_a_daylio_file_are_listed_in_my_language():
    client = client_of(UserFactory(language="de"))
    broken = DAYLIO + "2026-11-02,November 2,Monday,25:99,rad,,,\n"

    page = text(upload_daylio(client, broken))

    assert "1 Zeile dieser Datei konnte ich nicht lesen" in page
    assert "Zeile 5: „25:99“ ist keine Uhrzeit wie 21:30 oder 9:30 PM." in page


def test_the_preview_and_the_workers_summary_are_in_the_owners_language(frozen_now):
    ana = UserFactory(language="de", time_zone="Europe/Berlin")
    CheckInFactory(owner=ana, evening="2026-11-01")
    client = client_of(ana)
    map_url = upload_daylio(client, DAYLIO)["Location"]
    preview = client.get(map_url)
    page = text(preview)
    assert "3 Einträge an 2 Abenden, vom 1. November 2026 bis zum 3. November 2026." in page
    assert "1 dieser Abende hat hier schon einen Check-in; er bleibt, wie er ist." in page
    assert "Wie angenehm" in page and "How pleasant" not in page
    form = preview.context["form"]
    data = {name: field.initial for name, field in form.fields.items()}
    client.post(map_url, data)

    with translation.override("es"):  # the worker's own language doesn't matter
        run_worker()

    run = ImportRun.objects.get(owner=ana)
    assert run.status == ImportRun.Status.DONE
    summary = text(client.get(reverse("moving:run", args=[run.pk])))
    assert "Check-ins: 1" in summary
    assert "Die Check-ins sind privat angekommen" in summary
    assert "1 Abend hatte mehr als einen Eintrag" in summary
    assert "Check-ins (1): an diesem Abend hattest du schon einen, und deiner ist geblieben." in (
        summary
    )
    assert "came in private" not in summary and "los check-ins" not in summary.lower()
