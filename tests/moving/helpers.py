"""Driving imports as a person would: through the client and the real worker."""

import io
import json
import zipfile

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from moving.duet import PARTS, PROFILE_FIELDS

# Columns that name rows or moments of one server, or sharing chosen there.
LOCAL = {"id", "owner_id", "ritual_id", "entry_id", "objective_id", "updated_at", "joint_id"}
SHARING = {"visibility", "shared", "shared_at"} | {
    f"share_{part}" for part in ["feeling", "sleep", "energy", "wish", "note"]
}
APPS = {
    "rituals",
    "checkins",
    "wellbeing",
    "goals",
    "couples",
    "support",
    "notifications",
    "accounts",
    "moving",
}


def export_of(client) -> bytes:
    response = client.post(reverse("datarights:export"))
    assert response.status_code == 200
    return response.content


def tables_in(data: bytes) -> dict[str, list[dict]]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {
        name.removesuffix(".json"): json.loads(archive.read(name))
        for name in archive.namelist()
        if name.endswith(".json") and name != "manifest.json"
    }


def comparable(tables: dict, keep_sharing: bool = False) -> dict[str, list[str]]:
    """What the person owns, part by part, without what only names one server's rows."""
    drop = LOCAL if keep_sharing else LOCAL | SHARING
    out = {}
    for name in PARTS:
        rows = tables.get(name, [])
        if name == "progress_notes":
            rows = [row for row in rows if row.get("activity_id") is None]
        out[name] = sorted(
            json.dumps(
                {k: v for k, v in row.items() if k not in drop | {"activity_id"}}, sort_keys=True
            )
            for row in rows
        )
    profile = tables["profile"][0]
    out["profile"] = [json.dumps({k: profile[k] for k in PROFILE_FIELDS}, sort_keys=True)]
    return out


def upload(client, name: str, filename: str, data: bytes, content_type: str):
    url = reverse(f"moving:{name}")
    field = "duet-file" if name == "duet_upload" else "daylio-file"
    return client.post(url, {field: SimpleUploadedFile(filename, data, content_type)})


def upload_duet(client, data: bytes, filename="duet-export.zip"):
    return upload(client, "duet_upload", filename, data, "application/zip")


def upload_daylio(client, text: str | bytes, filename="daylio_export.csv"):
    data = text.encode() if isinstance(text, str) else text
    return upload(client, "daylio_upload", filename, data, "text/csv")


def counts() -> dict[str, int]:
    """How many rows every model of the person-facing apps holds."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in APPS and model._meta.model_name != "sessionrecord"
    }
