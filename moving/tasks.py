"""Background tasks of imports, run by `manage.py run_worker`."""

from django.tasks import task

from moving import running


@task
def run_import(run_id: int) -> str:
    """Bring one uploaded file in (all of it or nothing)."""
    return running.run_import(run_id)


@task
def let_go_of_stale_uploads() -> int:
    """Periodic: delete previews (and their files) nobody continued within a day."""
    return running.let_go_of_stale_uploads()
