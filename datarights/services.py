"""Data rights: a person's export, and deleting their account."""

from __future__ import annotations

import csv
import io
import json
import zipfile

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from accounts.models import SessionRecord
from audit.log import record
from audit.models import AuditEvent
from couples import services as couple_services
from couples.models import Membership
from datarights.registry import ERASERS, EXPORTS

# Read by the person, in their own language (the export is made on their request).
README = gettext_lazy(
    "Duet export for %(email)s, made %(when)s (UTC).\n"
    "\n"
    "Each part of your data is here twice: as JSON (<name>.json) and as CSV (<name>.csv).\n"
    "Ids refer to rows of the same export; your partner's private entries are never included.\n"
    'Another Duet can bring it in (Settings, "Bring your data in"); manifest.json says its '
    "format.\n"
)
# The shape of the export's parts; another Duet reads the versions it knows (moving/archive.py).
FORMAT = "duet-export"
FORMAT_VERSION = 1


def _value(column, row):
    return column.value_from_object(row)


def export_tables(user) -> dict[str, list[dict]]:
    """Every registered part of the person's data, as lists of plain dictionaries."""
    tables = {}
    for name in sorted(EXPORTS):
        spec = EXPORTS[name]
        columns = spec.columns()
        tables[name] = [
            {column.attname: _value(column, row) for column in columns}
            | {extra: getattr(row, extra) for extra in spec.extra}
            for row in spec.rows(user)
        ]
    return tables


def _csv(rows: list[dict], columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _csv_cell(value) for key, value in row.items()})
    return out.getvalue()


def _csv_cell(value):
    if isinstance(value, list | dict):
        return json.dumps(value, cls=DjangoJSONEncoder)
    text = "" if value is None else str(value)
    # Spreadsheets run cells starting with these as formulas (CSV injection).
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


def build_export(user, request=None) -> bytes:
    """The person's data as a zip of JSON and CSV files; the export is audited."""
    tables = export_tables(user)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        with translation.override(user.language or settings.LANGUAGE_CODE):
            readme = str(README) % {
                "email": user.email,
                "when": f"{timezone.now():%Y-%m-%d %H:%M}",
            }
        archive.writestr("README.txt", readme)
        manifest = {"format": FORMAT, "version": FORMAT_VERSION, "parts": sorted(tables)}
        archive.writestr("manifest.json", json.dumps(manifest, indent=2))
        for name, rows in tables.items():
            columns = [column.attname for column in EXPORTS[name].columns()]
            columns += EXPORTS[name].extra
            archive.writestr(f"{name}.json", json.dumps(rows, cls=DjangoJSONEncoder, indent=2))
            archive.writestr(f"{name}.csv", _csv(rows, columns))
    record(AuditEvent.Kind.EXPORT, user=user, request=request, detail=f"{len(tables)} parts")
    return buffer.getvalue()


def delete_account(user, request=None) -> None:
    """Remove the person, everything they own and every word of theirs the other keeps.

    Shared texts they wrote keep a neutral "a former member" with the words removed; the
    partner's own data stays.
    """
    keys = list(SessionRecord.objects.filter(user=user).values_list("session_key", flat=True))
    with transaction.atomic():
        # First, as delivery does: the erasers below write rituals a reminder may be about.
        couple_services.lock_current_memberships(user)
        # Before the couple ends: ending it detaches what tells whose words are whose.
        for eraser in ERASERS:
            eraser(user)
        if Membership.objects.filter(user=user, left_at__isnull=True).exists():
            couple_services.leave_couple(user)
        # The event keeps `subject_id` when the deletion empties its `user`.
        record(AuditEvent.Kind.ACCOUNT_DELETED, user=user, request=request)
        Session.objects.filter(session_key__in=keys).delete()
        user.delete()
