"""Background tasks of imports, run by `manage.py run_worker`."""

from django.tasks import task

from moving import services


@task
def run_import(run_id: int) -> str:
    """Bring one uploaded file in (all of it or nothing)."""
    return services.run_import(run_id)


@task
def let_go_of_stale_uploads() -> int:
    """Periodic: delete previews (and their files) nobody continued within a day."""
    return services.let_go_of_stale_uploads()
