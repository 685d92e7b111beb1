from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.fields import EncryptedJSONField, EncryptedTextField
from core.people import person
from couples.privacy import PrivateQuerySet


class ImportRunQuerySet(PrivateQuerySet):
    """An import is its owner's alone: never shared, not even that it happened."""


class ImportRun(models.Model):
    """One file a person brought in, from upload to summary.

    The file's hash makes a second import of the same file add nothing; what came in and
    what was left out (counts and reasons, never the words) is kept in `summary`.
    """

    class Kind(models.TextChoices):
        DUET = "duet", _("Duet export")
        DAYLIO = "daylio", _("Daylio CSV")

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Waiting for your choices")
        QUEUED = "queued", _("Waiting its turn")
        RUNNING = "running", _("Coming in")
        DONE = "done", pgettext_lazy("import", "Done")
        FAILED = "failed", _("Not imported")

    owner = person("import_runs")
    kind = models.CharField(max_length=10, choices=Kind)
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    file_sha256 = models.CharField(max_length=64)
    file_size = models.PositiveIntegerField(default=0)
    # Daylio only: the person's choices on the preview page (moods, activities).
    # Sealed: Daylio's moods and activities are the person's own words.
    mapping = EncryptedJSONField(default=dict, blank=True)
    # Counts and reasons: {"added": [[label, n]], "skipped": [[label, n, why]], "notes": [..]}.
    summary = models.JSONField(default=dict, blank=True)
    # Why nothing came in, in words meant for the person (a bad file, a non-empty account).
    # Sealed: a problem may quote the file (a mood's name, a bad row).
    problem = EncryptedTextField(blank=True)
    problem_details = EncryptedJSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "kind", "file_sha256"])]

    def __str__(self) -> str:
        return f"Import #{self.pk} ({self.kind}, {self.status})"

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}


class Upload(models.Model):
    """The uploaded file, kept (sealed with the instance's keys when it has them) only until
    its import finishes or is discarded: in the database, where no other person's request
    can reach it, and where a worker on another machine can read it."""

    run = models.OneToOneField(ImportRun, on_delete=models.CASCADE, related_name="upload")
    data = models.BinaryField()
    sealed = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"File of import #{self.run_id}"
