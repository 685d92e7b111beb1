"""Ana's imports in the access matrix's world: one finished, one waiting for her choices."""

from moving import services
from moving.models import ImportRun

DAYLIO = (
    "full_date,date,weekday,time,mood,activities,note_title,note\n"
    "2026-01-05,January 5,Monday,21:00,MARK-daylio-mood,MARK-daylio-activity,,MARK-daylio-note\n"
)


def imports_of(ana) -> dict:
    done = services.take_in(ana, ImportRun.Kind.DUET, b"an export", ImportRun.Status.QUEUED)
    ImportRun.objects.filter(pk=done.pk).update(
        status=ImportRun.Status.DONE, summary={"added": [["check-ins", 3]], "skipped": []}
    )
    waiting = services.preview_daylio(ana, DAYLIO.encode())
    return {"import_run": done.pk, "daylio_run": waiting.pk}
