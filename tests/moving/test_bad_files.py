"""Every bad file gets a kind, clear report, and nothing of it is saved, not even a part."""

import html
import io
import json
import struct
import zipfile

import pytest
from django.test import Client

from moving.models import ImportRun, Upload
from tests.factories import UserFactory
from tests.moving.helpers import counts, tables_in, upload_daylio, upload_duet
from tests.worker import run_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(frozen_now):
    person = UserFactory(display_name="Newcomer")
    client = Client()
    client.force_login(person)
    return client


def zipped(files: dict[str, bytes | str], version=1) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if version is not None:
            manifest = {"format": "duet-export", "version": version}
            archive.writestr("manifest.json", json.dumps(manifest))
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def refused_at_upload(client, data: bytes, words: str) -> str:
    before = counts()
    response = upload_duet(client, data)
    page = html.unescape(response.content.decode())
    assert response.status_code == 400, page[:500]
    assert "Nothing was imported" in page or "nothing was imported" in page.lower()
    assert words in page, page[page.find("import-problem") :][:600]
    assert counts() == before
    return page


def refused_by_the_worker(client, data: bytes, words: str) -> ImportRun:
    before = counts()
    response = upload_duet(client, data)
    assert response.status_code == 302
    run_worker()
    run = ImportRun.objects.latest("pk")
    assert run.status == "failed"
    assert words in run.problem + " ".join(run.problem_details)
    # The run says why; nothing else changed, and the file is gone.
    assert counts() == {**before, "moving.ImportRun": before["moving.ImportRun"] + 1}
    assert not Upload.objects.exists()
    page = html.unescape(client.get(f"/my-data/bring-in/{run.pk}/").content.decode())
    assert "Nothing was imported" in page and "The file is gone from this server" in page
    return run


def test_a_file_that_is_not_a_zip_is_refused(newcomer):
    refused_at_upload(newcomer, b"PK\x03\x04 this is not really a zip", "couldn't open this file")


def test_a_truncated_export_is_refused(newcomer, exported):
    refused_at_upload(newcomer, exported[: len(exported) // 2], "couldn't open this file")


def test_a_zip_with_another_format_version_is_refused(newcomer, exported):
    tables = {f"{name}.json": json.dumps(rows) for name, rows in tables_in(exported).items()}
    refused_at_upload(newcomer, zipped(tables, version=99), "format version 99")


def test_a_zip_that_is_not_a_duet_export_is_refused(newcomer):
    refused_at_upload(newcomer, zipped({"photo.txt": "hello"}, version=None), "isn't a Duet export")


@pytest.mark.parametrize(
    "name", ["../../etc/cron.d/evil.json", "/etc/passwd.json", "rituals/../../x.json", "a\\b.json"]
)
def test_a_zip_slip_path_is_refused(newcomer, name):
    refused_at_upload(newcomer, zipped({name: "[]"}), "pointing outside the zip")


def test_a_zip_bomb_is_refused_from_its_headers(newcomer, settings):
    settings.IMPORT_MAX_ENTRY_BYTES = 1_000_000
    bomb = zipped({"checkins.json": b" " * 5_000_000})
    assert len(bomb) < 20_000
    refused_at_upload(newcomer, bomb, "unpacks to more than")


def test_a_zip_bomb_spread_over_many_parts_is_refused(newcomer, settings):
    settings.IMPORT_MAX_UNPACKED_BYTES = 1_000_000
    parts = {f"part_{n}.json": b" " * 300_000 for n in range(5)}
    refused_at_upload(newcomer, zipped(parts), "This zip unpacks to more than")


def test_a_zip_with_too_many_entries_is_refused(newcomer, settings):
    settings.IMPORT_MAX_ENTRIES = 20
    refused_at_upload(newcomer, zipped({f"p{n}.json": "[]" for n in range(30)}), "holds 31 files")


def _lying(data: bytes, name: str, claimed: int) -> bytes:
    """The zip with `name`'s uncompressed size claimed smaller in both of its headers."""
    out = bytearray(data)
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    struct.pack_into("<I", out, info.header_offset + 22, claimed)
    central = out.find(b"PK\x01\x02")
    while central != -1:
        length = struct.unpack_from("<H", out, central + 28)[0]
        if out[central + 46 : central + 46 + length] == name.encode():
            struct.pack_into("<I", out, central + 24, claimed)
        central = out.find(b"PK\x01\x02", central + 4)
    return bytes(out)


def test_a_zip_bomb_whose_headers_lie_is_stopped_while_reading(newcomer, settings):
    settings.IMPORT_MAX_ENTRY_BYTES = 1_000_000
    bomb = _lying(zipped({"checkins.json": b" " * 5_000_000}), "checkins.json", 100)
    assert zipfile.ZipFile(io.BytesIO(bomb)).getinfo("checkins.json").file_size == 100

    refused_by_the_worker(newcomer, bomb, "checkins.json in this zip is damaged")


def test_a_bad_row_late_in_the_export_saves_nothing_of_the_parts_before_it(newcomer, exported):
    tables = tables_in(exported)
    assert tables["rituals"] and tables["wins"]
    tables["wins"][0]["month"] = "not a month"
    files = {f"{name}.json": json.dumps(rows) for name, rows in tables.items()}

    run = refused_by_the_worker(newcomer, zipped(files), "Row 1 of wins")
    assert "month" in run.problem


def test_a_row_pointing_to_nothing_in_the_export_is_refused(newcomer, exported):
    tables = tables_in(exported)
    tables["practice_logs"][0]["ritual_id"] = 999_999
    files = {f"{name}.json": json.dumps(rows) for name, rows in tables.items()}

    refused_by_the_worker(newcomer, zipped(files), "points to something that isn't in this export")


def test_a_part_that_is_not_json_is_refused(newcomer):
    refused_by_the_worker(newcomer, zipped({"rituals.json": "{not json"}), "isn't readable JSON")


def test_a_file_larger_than_the_host_allows_is_refused_before_it_is_read(newcomer, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1000
    page = refused_at_upload(newcomer, b"x" * 5000, "this server takes files up to 1000")
    assert "This file is too large" in page and "Nothing was chosen" not in page


def test_the_upload_stops_being_stored_at_the_limit(rf, settings):
    """The handler in front of Django's stops keeping the file once it passes the limit."""
    from django.core.files.uploadhandler import StopUpload

    from moving.uploads import SizeLimitHandler, was_too_large

    settings.IMPORT_MAX_UPLOAD_BYTES = 1000
    request = rf.post("/")
    handler = SizeLimitHandler(request)
    assert handler.receive_data_chunk(b"x" * 600, 0) == b"x" * 600
    with pytest.raises(StopUpload):
        handler.receive_data_chunk(b"x" * 600, 600)
    assert was_too_large(request)


def test_a_daylio_file_with_bad_rows_names_each_and_saves_nothing(newcomer):
    before = counts()
    response = upload_daylio(
        newcomer,
        "full_date,date,weekday,time,mood,activities,note_title,note\n"
        "2026-11-01,November 1,Sunday,21:30,good,work,,fine\n"
        "2026-13-01,November 2,Monday,21:30,good,,,\n"
        "2026-11-03,November 3,Tuesday,25:99,meh,,,\n"
        "2026-11-04,November 4,Wednesday,21:00,,,,\n"
        "2026-11-05,November 5,Thursday,21:00,good,,\n"
        "2031-01-01,January 1,Wednesday,21:00,good,,,\n",
    )
    page = html.unescape(response.content.decode())
    assert response.status_code == 400
    assert "5 rows of this file I couldn't read" in page
    for words in [
        "Line 3: “2026-13-01” isn't a date",
        "Line 4: “25:99” isn't a time",
        "Line 5: it has no mood",
        "Line 6: it has 7 columns where the header has 8",
        "Line 7: its date 2031-01-01 is after today",
    ]:
        assert words in page, words
    assert counts() == before


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\xff\xfe\x00\x01binary", "couldn't read this file as text"),
        (b"", "This file is empty, so there was nothing to import"),
        (b"date,mood\n2026-11-01,good\n", "couldn't find the columns full_date, time"),
        (b"full_date,time,mood\n", "no entries"),
    ],
)
def test_a_file_that_is_not_a_daylio_export_is_refused_kindly(newcomer, content, words):
    before = counts()
    response = upload_daylio(newcomer, content)
    assert response.status_code == 400
    assert words in html.unescape(response.content.decode())
    assert counts() == before


def test_a_part_of_millions_of_empty_rows_is_refused_before_it_is_parsed(newcomer):
    # About 100 KB zipped, gigabytes of memory once parsed: counted, never parsed.
    rows = "[" + ",".join(["{}"] * 400_000) + "]"

    refused_by_the_worker(newcomer, zipped({"rituals.json": rows}), "far more rows")


@pytest.mark.parametrize("name", ["manifest.json", "rituals.json"])
def test_json_nested_too_deep_is_refused_kindly_not_a_crash(newcomer, name):
    deep = "[" * 50_000 + "]" * 50_000
    files = {"rituals.json": deep} if name == "rituals.json" else {}
    data = zipped(files, version=None)
    if name == "manifest.json":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("manifest.json", deep)
        refused_at_upload(newcomer, buffer.getvalue(), "manifest.json isn't one Duet wrote")
    else:
        refused_by_the_worker(newcomer, zipped(files), "isn't readable JSON")
    assert data  # both shapes were built


def test_an_import_whose_worker_was_lost_is_told_as_failed_and_its_file_let_go(
    newcomer, exported, frozen_now
):
    from datetime import timedelta

    from django.utils import timezone

    from moving.running import let_go_of_stale_uploads

    assert upload_duet(newcomer, exported).status_code == 302
    run = ImportRun.objects.get()
    ImportRun.objects.filter(pk=run.pk).update(status="running")  # its worker was lost
    assert let_go_of_stale_uploads(timezone.now() + timedelta(hours=1)) == 0
    assert ImportRun.objects.get().status == "running"  # not yet a day

    let_go_of_stale_uploads(timezone.now() + timedelta(hours=25))

    run.refresh_from_db()
    assert run.status == "failed" and "didn't finish" in run.problem
    assert not Upload.objects.exists()
