"""Background tasks of the support app, run by `manage.py run_worker`."""

from datetime import datetime

from django.tasks import task

from support import services


@task
def deliver_partner_reminders(now: str | None = None) -> int:
    return services.deliver_due_reminders(datetime.fromisoformat(now) if now else None)


@task
def notice_expired_grants() -> int:
    """Periodic: tell each partner once that a permission they held reached its end date."""
    return services.notice_expired_grants()
