"""Encryption at rest: the sealed form, the fields, what's covered, and key rotation."""

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldError
from django.core.management import CommandError, call_command
from django.core.management.base import SystemCheckError
from django.db import models
from django.db.models import TextField
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone

from accounts.models import TwoFactor
from checkins.models import Acknowledgement, CheckIn
from core import encryption
from core.checks import check_stored_text_opens
from core.fields import EncryptedMixin, encrypted_fields
from core.management.commands import encryption as command
from core.management.commands.encryption import rewrite
from couples import privacy
from couples.models import Boundary
from goals.models import MonthlyPlan, PersonalObjective, ProgressNote
from instance.demo import seed_demo
from moving.models import ImportRun
from notifications.models import Channel, Notification, PushSubscription
from rituals.models import Adjustment, Reflection, Ritual
from support.models import GrantEvent, Reminder, SupportGrant, SupportOffer, SupportRequest
from tests.factories import JournalEntryFactory, RitualFactory, UserFactory
from wellbeing.models import JournalAcknowledgement, JournalEntry
from words.models import OwnWord

OLD_KEY, NEW_KEY, STRANGE_KEY = (encryption.new_key() for _ in range(3))
# Apps of this repository (each a top-level folder), so a new app is covered too.
PROJECT_APPS = {
    config.label
    for config in apps.get_app_configs()
    if Path(config.path).parent == settings.BASE_DIR
}
# Text fields that stay readable in the database, each for a reason: what the app shows
# to everyone, what it needs to look up or sort by, or what it writes itself.
PLAIN_BY_DESIGN = {
    "accounts.User.display_name": "shown to the partner; sorts people",
    "accounts.User.pronouns": "shown to the partner",
    "accounts.User.time_zone": "settings, needed to schedule",
    "accounts.User.password": "a salted hash",
    "accounts.User.email": "the login, looked up at every sign-in",
    "accounts.SingleSignOnLink.issuer": "the provider's address, looked up at SSO login",
    "accounts.SingleSignOnLink.subject": "the provider's id for the person, looked up likewise",
    "accounts.SignupInvitation.token_hash": "a hash, looked up when the invitation is used",
    "accounts.SignupInvitation.email": "an address the host typed, matched at sign-up",
    "moving.ImportRun.file_sha256": "a hash of the file, looked up so an import runs once",
    "accounts.SessionRecord.session_key": "looked up on every request",
    "accounts.SessionRecord.user_agent": "device list, no private content",
    "accounts.SessionRecord.ip_prefix": "truncated address, no private content",
    "accounts.RecoveryCode.code_hash": "a hash, looked up at login",
    "audit.AuditEvent.ip_prefix": "truncated address, no private content",
    "audit.AuditEvent.detail": "written by the app, never private content",
    "couples.Invitation.token_hash": "a hash, looked up when accepting",
    "core.WorkerHeartbeat.worker_id": "a worker process, no personal data",
    "core.WorkerHeartbeat.host": "the worker's machine, no personal data",
    "notifications.Notification.url": "a link inside the app",
    "notifications.Notification.email_error": "an SMTP code or error class, never a message",
    "notifications.Delivery.error": "a status code or a fixed reason, never a URL",
    "notifications.PushSubscription.browser": "a browser and system name from its user agent",
    "rituals.CalendarFeed.token_hash": "a hash, looked up by calendar apps",
    "support.Reminder.cancel_reason": "written by the app",
    "wellbeing.Resource.name": "public help line, edited by staff",
    "wellbeing.Resource.description": "public help line, edited by staff",
    "wellbeing.Resource.phone": "public help line, edited by staff",
    "wellbeing.Resource.region": "public help line, edited by staff",
    "wellbeing.Resource.hours": "public help line, edited by staff",
    "wellbeing.Resource.url": "public help line, edited by staff",
    "checkins.CheckIn.wish": "a key of the owner's options; their own words are in OwnWord",
    "rituals.Ritual.category": "a key of the owner's categories; their own words are in OwnWord",
    "rituals.JointRitual.category": "a default category's key",
    "words.OwnWord.key": "a default word's key or random letters, looked up; the label is sealed",
}


def raw(instance, field: str) -> str:
    """A value exactly as the database holds it."""
    return (
        type(instance)
        ._base_manager.filter(pk=instance.pk)
        .annotate(raw=Cast(field, TextField()))
        .values_list("raw", flat=True)
        .get()
    )


@pytest.fixture
def keys(settings):
    def use(*keys):
        settings.ENCRYPTION_KEYS = list(keys)

    use(OLD_KEY)
    return use


# The sealed form


def test_sealed_text_holds_no_trace_of_the_words(keys):
    stored = encryption.seal("I felt small after the call")

    assert stored.startswith(encryption.SEALED)
    assert "small" not in stored
    assert encryption.unseal(stored) == "I felt small after the call"
    assert encryption.seal("I felt small after the call") != stored  # a fresh IV each time


def test_empty_text_stays_empty_so_has_a_note_needs_no_key(keys):
    assert encryption.seal("") == ""
    assert encryption.unseal("") == ""


def test_without_a_key_text_is_stored_as_written(keys):
    keys()

    assert encryption.seal("a walk helped") == "a walk helped"


@pytest.mark.parametrize("configured", [(), (OLD_KEY,)])
@pytest.mark.parametrize("text", ["duet:enc:gAAAA-not-a-token", "duet:raw:x", "duet:enc:"])
def test_text_that_looks_like_a_marker_round_trips(keys, configured, text):
    keys(*configured)

    assert encryption.unseal(encryption.seal(text)) == text


def test_older_keys_still_open_and_new_values_use_the_newest(keys):
    written_before = encryption.seal("kept")
    keys(NEW_KEY, OLD_KEY)

    assert encryption.unseal(written_before) == "kept"
    assert encryption.state(written_before) == encryption.State.OLDER
    assert encryption.state(encryption.seal("new")) == encryption.State.CURRENT


@pytest.mark.parametrize("configured", [(), (STRANGE_KEY,)])
def test_a_value_no_key_opens_is_an_error_never_ciphertext_on_a_page(keys, configured):
    stored = encryption.seal("private")
    keys(*configured)

    assert encryption.state(stored) == encryption.State.UNREADABLE
    with pytest.raises(encryption.UnreadableValue):
        encryption.unseal(stored)


# The fields


def write_every_private_field(ana, sam) -> None:
    """The demo couple's history plus one row for each thing the demo doesn't write."""
    ritual = Ritual.objects.filter(owner=ana).first()
    checkin = CheckIn.objects.filter(owner=ana).first()
    entry = JournalEntry.objects.filter(owner=ana).first()
    objective = PersonalObjective.objects.filter(owner=ana).first()
    TwoFactor.objects.create(user=ana, secret="JBSWY3DPEHPK3PXP")
    Adjustment.objects.create(ritual=ritual, reason="mood", note="gentler", before={}, after={})
    ritual.logs.update_or_create(day=date(2020, 1, 1), defaults={"outcome": "done", "note": "n"})
    Reflection.objects.create(
        ritual=ritual, day=date(2020, 1, 1), what_changed="work", choice="keep", note="still helps"
    )
    Acknowledgement.objects.create(checkin=checkin, author=sam, kind="here", note="with you")
    JournalAcknowledgement.objects.create(entry=entry, author=sam, kind="hear", note="heard")
    Boundary.objects.create(owner=ana, kind="welcome", text="a hand on my shoulder")
    MonthlyPlan.objects.filter(couple=privacy.current_couple(ana)).update(our_month="gentle")
    ProgressNote.objects.create(owner=ana, objective=objective, text="two walks")
    Notification.objects.create(
        recipient=ana, kind="offer", text="{actor} offers: {words}", actor=sam, words="tea"
    )
    grant = SupportGrant.objects.create(owner=ana, partner=sam, kind="remind", phrasing="softly")
    GrantEvent.objects.create(
        grant=grant, action="given", summary="remind, any ritual", limits={"ritual": "walk"}
    )
    SupportOffer.objects.create(grant=grant, owner=ana, partner=sam, text="a walk?")
    SupportRequest.objects.create(
        owner=ana, partner=sam, kind="practical", text="dishes", answer="tomorrow"
    )
    Reminder.objects.create(
        grant=grant, owner=ana, partner=sam, ritual=ritual, text="stretch?", due_at=timezone.now()
    )
    PushSubscription.objects.create(
        owner=ana, name="My phone", endpoint="https://push.example.org/a", p256dh="k", auth="s"
    )
    Channel.objects.create(owner=ana, name="ntfy", url="ntfy://ntfy.sh/topic")
    OwnWord.objects.create(owner=ana, kind="feeling", key="own_abc123", label="fizzy")
    ImportRun.objects.create(
        owner=ana,
        kind="daylio",
        file_sha256="0" * 64,
        mapping={"moods": {"tender": [2, 3]}},
        problem="I have no place on the mood meter for “tender”.",
        problem_details=["row 3: tender"],
    )


@pytest.mark.django_db
def test_every_private_text_is_ciphertext_in_the_database(keys):
    write_every_private_field(*seed_demo())

    for model, field in encrypted_fields():
        values = model._base_manager.annotate(raw=Cast(field.attname, TextField()))
        stored = list(values.exclude(raw="").values_list("raw", flat=True))
        assert stored, f"nothing was written to {model._meta.label}.{field.name}"
        for value in stored:
            assert value.startswith(encryption.SEALED), (model, field.name, value)


def test_every_free_text_field_is_encrypted_or_plain_for_a_stated_reason():
    unlisted = []
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS or model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            label = f"{model._meta.label}.{field.name}"
            is_text = isinstance(field, models.CharField | models.TextField)
            encrypted = isinstance(field, EncryptedMixin)
            if is_text and not field.choices and not encrypted and label not in PLAIN_BY_DESIGN:
                unlisted.append(label)
    assert unlisted == []


def test_no_model_sorts_by_an_encrypted_field():
    for model, field in encrypted_fields():
        ordering = [name.lstrip("-") for name in model._meta.ordering if isinstance(name, str)]
        assert field.name not in ordering, model


@pytest.mark.django_db
def test_reading_and_saving_through_the_orm_is_plain_text(keys):
    ritual = RitualFactory(title="Evening pages", intention="to hear myself")
    adjustment = Adjustment.objects.create(
        ritual=ritual,
        reason="mood",
        note="",
        before={"title": "Evening pages", "when": date(2026, 1, 1)},
        after={"title": "Pages"},
    )

    ritual = Ritual.objects.get(pk=ritual.pk)
    adjustment.refresh_from_db()
    assert (ritual.title, ritual.intention) == ("Evening pages", "to hear myself")
    assert list(Ritual.objects.values_list("title", flat=True)) == ["Evening pages"]
    assert adjustment.before == {"title": "Evening pages", "when": "2026-01-01"}
    assert raw(adjustment, "note") == ""
    assert "Evening" not in raw(adjustment, "before")
    assert "hear" not in raw(ritual, "intention")


@pytest.mark.django_db
def test_dumpdata_writes_plain_values_that_loaddata_reads_back(keys, tmp_path):
    ritual = RitualFactory(title="Evening pages")
    adjustment = Adjustment.objects.create(
        ritual=ritual, reason="mood", note="gentler", before={"minutes": 20}, after={}
    )
    dump = tmp_path / "rituals.json"
    call_command("dumpdata", "rituals.adjustment", "--output", dump, verbosity=0)
    assert '"gentler"' in dump.read_text()
    Adjustment.objects.all().delete()

    call_command("loaddata", dump, verbosity=0)

    loaded = Adjustment.objects.get(pk=adjustment.pk)
    assert (loaded.note, loaded.before, loaded.after) == ("gentler", {"minutes": 20}, {})
    assert "gentler" not in raw(loaded, "note")


@pytest.mark.django_db
def test_the_database_is_never_asked_to_compare_ciphertext(keys):
    RitualFactory(title="Walk")

    with pytest.raises(FieldError):
        list(Ritual.objects.filter(title="Walk"))
    with pytest.raises(FieldError):
        list(Ritual.objects.filter(title__icontains="walk"))
    assert not Ritual.objects.filter(title="").exists()
    assert not Ritual.objects.filter(title__isnull=True).exists()


@pytest.mark.django_db
def test_a_long_text_fits_however_long_its_ciphertext(keys):
    entry = JournalEntryFactory(title="t" * 120, body="é" * 5000)

    entry.refresh_from_db()
    assert entry.body == "é" * 5000
    assert len(raw(entry, "body")) > 5000


@pytest.mark.django_db
def test_journal_search_still_finds_words_inside_encrypted_entries(client, keys):
    owner = UserFactory()
    JournalEntryFactory(owner=owner, title="After the call", body="A walk helped.")
    JournalEntryFactory(owner=owner, title="Sunday", body="Quiet day.")
    client.force_login(owner)

    response = client.get(reverse("wellbeing:journal"), {"q": "WALK"})

    assert "After the call" in response.text
    assert "Sunday" not in response.text


# Status, rotation and decryption


def seal_a_few(owner=None):
    owner = owner or UserFactory()
    return [
        RitualFactory(owner=owner, title="Stretch", intention="loosen up"),
        JournalEntryFactory(owner=owner, title="", body="Slept badly, still went out."),
    ]


@pytest.mark.django_db
def test_rotation_moves_every_value_to_the_newest_key(keys):
    ritual, entry = seal_a_few()
    keys(NEW_KEY, OLD_KEY)

    call_command("encryption", "rotate", stdout=(out := StringIO()))

    assert "Rewrote 3 value(s) under the newest key" in out.getvalue()
    keys(NEW_KEY)  # the old key can go now
    ritual.refresh_from_db()
    entry.refresh_from_db()
    assert (ritual.title, ritual.intention, entry.body) == (
        "Stretch",
        "loosen up",
        "Slept badly, still went out.",
    )
    call_command("encryption", "rotate", stdout=(again := StringIO()))
    assert "Rewrote 0 value(s)" in again.getvalue()


@pytest.mark.django_db
def test_turning_encryption_on_seals_what_was_written_before(keys):
    keys()
    ritual, entry = seal_a_few()
    assert raw(entry, "body") == "Slept badly, still went out."
    keys(NEW_KEY)

    call_command("encryption", "rotate", stdout=StringIO())

    assert raw(entry, "body").startswith(encryption.SEALED)
    entry.refresh_from_db()
    assert entry.body == "Slept badly, still went out."


@pytest.mark.django_db
def test_decrypt_writes_plain_text_back_so_keys_can_be_dropped(keys):
    ritual, entry = seal_a_few()

    call_command("encryption", "decrypt", stdout=StringIO())
    keys()

    assert raw(ritual, "title") == "Stretch"
    entry.refresh_from_db()
    assert entry.body == "Slept badly, still went out."


@pytest.mark.django_db
def test_decrypt_fails_if_a_running_duet_seals_text_again(keys, monkeypatch):
    ritual, _entry = seal_a_few()
    real_rewrite = command.rewrite

    def rewrite_while_duet_saves(model, field, pk, old, new):
        done = real_rewrite(model, field, pk, old, new)
        Ritual.objects.filter(pk=ritual.pk).update(title="Stretch, slowly")  # a live edit
        return done

    monkeypatch.setattr(command, "rewrite", rewrite_while_duet_saves)

    with pytest.raises(CommandError, match="1 value\\(s\\) were sealed again"):
        call_command("encryption", "decrypt", stdout=StringIO())
    assert raw(ritual, "title").startswith(encryption.SEALED)


@pytest.mark.django_db
def test_rotation_leaves_values_no_key_opens_and_says_so(keys):
    ritual, _entry = seal_a_few()
    before = raw(ritual, "title")
    keys(STRANGE_KEY)

    with pytest.raises(CommandError, match="can't be opened"):
        call_command("encryption", "rotate", stdout=StringIO())

    assert raw(ritual, "title") == before


@pytest.mark.django_db
def test_rotation_never_overwrites_an_edit_made_while_it_ran(keys):
    ritual, _entry = seal_a_few()
    read_by_rotation = raw(ritual, "title")
    ritual.title = "Stretch, gently"
    ritual.save()
    field = Ritual._meta.get_field("title")

    assert not rewrite(Ritual, field, ritual.pk, read_by_rotation, encryption.seal("Stretch"))

    ritual.refresh_from_db()
    assert ritual.title == "Stretch, gently"


@pytest.mark.django_db
def test_status_counts_values_per_key(keys):
    seal_a_few()
    keys(NEW_KEY, OLD_KEY)

    call_command("encryption", "status", stdout=(out := StringIO()))

    assert "2 key(s) configured." in out.getvalue()
    assert "rituals.Ritual.intention: 1 under an older key" in out.getvalue()
    assert "In all: 3 under an older key." in out.getvalue()


@pytest.mark.django_db
def test_status_fails_when_a_needed_key_is_missing(keys):
    seal_a_few()
    keys(NEW_KEY)

    with pytest.raises(CommandError, match="removed too soon"):
        call_command("encryption", "status", stdout=StringIO())


def test_rotate_needs_a_key(keys, db):
    keys()

    with pytest.raises(CommandError, match="No key is configured"):
        call_command("encryption", "rotate", stdout=StringIO())


def test_new_key_is_a_usable_key(keys):
    call_command("encryption", "new-key", stdout=(out := StringIO()))
    keys(out.getvalue().strip())

    assert encryption.unseal(encryption.seal("hello")) == "hello"


@pytest.mark.django_db
def test_migrate_stops_when_the_keys_cant_open_what_is_stored(keys):
    seal_a_few()

    assert check_stored_text_opens(None, databases=["default"]) == []
    keys(STRANGE_KEY)  # e.g. data/encryption_keys deleted, and a new key generated
    errors = check_stored_text_opens(None, databases=["default"])

    assert [error.id for error in errors] == ["duet.E002"]
    with pytest.raises(SystemCheckError, match="duet.E002"):
        call_command("migrate", verbosity=0, skip_checks=False)


@pytest.mark.django_db
def test_a_malformed_key_is_reported_by_its_check_not_a_traceback(keys):
    seal_a_few()
    keys("not-a-key")

    assert check_stored_text_opens(None, databases=["default"]) == []
    with pytest.raises(SystemCheckError, match="duet.E001"):
        call_command("migrate", verbosity=0, skip_checks=False)


@pytest.mark.django_db
def test_the_worker_wont_start_when_the_keys_cant_open_what_is_stored(keys):
    seal_a_few()
    keys(STRANGE_KEY)

    with pytest.raises(SystemCheckError, match="duet.E002"):
        call_command("run_worker", "--once", skip_checks=False)
