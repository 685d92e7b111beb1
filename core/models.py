from django.db import models
from django.utils import timezone


class WorkerHeartbeat(models.Model):
    """One background worker process, alive as long as it keeps `last_seen` fresh.

    The lease in core/worker.py and the /health/ page read it; no personal data here.
    """

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    last_seen = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return self.worker_id
