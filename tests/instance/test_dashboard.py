"""The host's dashboard: counts and health for staff, nothing anyone wrote, 404 for others."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from accounts import invites
from core.models import WorkerHeartbeat
from notifications.models import EmailStatus, Notification
from tests.factories import CheckInFactory, JournalEntryFactory, RitualFactory, UserFactory
from tests.html import without_tokens

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("admin_dashboard")
MARKERS = ["MARK-dash-ritual", "MARK-dash-note", "MARK-dash-journal", "MARK-dash-words"]


def task(status: str, **fields) -> DBTaskResult:
    now = timezone.now()
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": ["MARK-dash-words"], "kwargs": {}},
        task_path="notifications.tasks.send_email",
        backend_name="default",
        run_after=get_date_max(),
        exception_class_path="",
        traceback="MARK-dash-words" if status == "FAILED" else "",
        finished_at=now if status == "FAILED" else None,
        **fields,
    )


@pytest.fixture
def seeded(people, frozen_now):
    ana = people.ana
    RitualFactory(owner=ana, title="MARK-dash-ritual", intention="MARK-dash-ritual")
    CheckInFactory(owner=ana, note="MARK-dash-note")
    JournalEntryFactory(owner=ana, title="MARK-dash-journal", body="MARK-dash-journal")
    Notification.objects.create(
        recipient=ana,
        kind=Notification.Kind.APPRECIATION,
        text="MARK-dash-words",
        words="MARK-dash-words",
        email_status=EmailStatus.FAILED,
        email_status_at=timezone.now() - timedelta(hours=2),
    )
    UserFactory(display_name="Waiting", is_active=False, email_confirmed=False)
    for _ in range(2):
        task("READY")
    task("FAILED")
    WorkerHeartbeat.objects.create(worker_id="w", host="h", pid=1)
    invites.create_invitation()
    return people


def figure(body: str, label: str) -> str:
    return body.split(f'<th scope="row">{label}</th><td>', 1)[1].split("</td>", 1)[0]


def test_staff_see_counts_and_health_and_no_ones_words(client, seeded, frozen_now):
    frozen_now(timezone.now() + timedelta(seconds=42))
    client.force_login(seeded.staff)

    response = client.get(DASHBOARD)

    assert response.status_code == 200
    body = response.text
    # ana, bo, cy, dee, eve, staff (and not the sign-up still waiting for its link)
    assert figure(body, "People with an account") == "6"
    assert figure(body, "Sign-ups waiting for their email link") == "1"
    assert figure(body, "Couples") == "2"  # Ana and Bo, Dee and Eve; Cy's ended
    assert figure(body, "Tasks queued") == "2"
    assert figure(body, "Tasks failed in the last day") == "1"
    assert figure(body, "Worker's last heartbeat") == "42 s ago"
    assert figure(body, "Emails failed in the last day") == "1"
    assert figure(body, "Sign-up invitations still usable") == "1"
    leaked = [marker for marker in MARKERS if marker in body]
    assert not leaked
    assert "Ana" not in without_tokens(body) and seeded.ana.email not in body


def test_the_admin_index_links_to_the_dashboard(client, people):
    client.force_login(people.staff)
    assert DASHBOARD in client.get(reverse("admin:index")).text


def test_only_staff_reach_the_dashboard(client, people):
    assert client.get(DASHBOARD)["Location"].startswith(reverse("accounts:login"))
    client.force_login(people.ana)
    assert client.get(DASHBOARD).status_code == 404


def test_the_dashboard_reads_a_bounded_number_of_queries(
    client, seeded, django_assert_max_num_queries
):
    client.force_login(seeded.staff)
    for _ in range(3):
        task("READY")
    with django_assert_max_num_queries(20):
        assert client.get(DASHBOARD).status_code == 200
