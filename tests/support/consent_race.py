"""Separate processes racing consent changes against reminder delivery (see test_consent_race).

Run as `python -m tests.support.consent_race COMMAND ...` with DATABASE_URL and DATA_DIR
pointing at a database of the test's own, and RACE_DIR at a folder for the handshake:
  setup N                  a couple, a shared ritual, a remind grant and N reminders due now
  deliver                  one worker's run of the delivery task
  change KIND AFTER        once AFTER reminders are delivered, leave / private / revoke /
                           delete; prints the moment the change returned
  count SINCE              prints how many reminders reached the inbox after SINCE
"""

import json
import os
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path


def main(command: str, *args: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    if connection.vendor == "sqlite":
        # SQLite takes one writer at a time and doesn't queue them fairly: on a busy machine
        # the change may wait for the workers longer than the app's 10 s. What is tested is
        # what happens once it has returned, so the racers wait as long as it takes.
        connection.settings_dict["OPTIONS"]["timeout"] = 120

    from notifications.models import Notification
    from support.models import Reminder

    def delivered() -> int:
        return Notification.objects.filter(kind="partner_reminder").count()

    if command == "setup":
        _setup(int(args[0]))
    elif command == "deliver":
        from support import services
        from support.tasks import deliver_partner_reminders

        if connection.vendor == "postgresql":  # SQLite serialises writes: no gap to hold open
            services.notify = _pausing_once(services.notify)
        deliver_partner_reminders.call()
    elif command == "change":
        kind, after = args[0], int(args[1])
        _wait_for(lambda: delivered() >= after)
        if connection.vendor == "postgresql":
            # Land the change while a worker is between its consent check and its write.
            (RACE_DIR / "ready").touch()
            _wait_for((RACE_DIR / "in_the_gap").exists)
        _change(kind)
        print(timezone.now().isoformat(), flush=True)
    elif command == "count":
        since = datetime.fromisoformat(args[0])
        print(
            json.dumps(
                {
                    "after_change": Notification.objects.filter(
                        kind="partner_reminder", created_at__gt=since
                    ).count(),
                    "delivered": delivered(),
                    "still_scheduled": Reminder.objects.pending().count(),
                }
            )
        )
    else:
        raise SystemExit(f"unknown command {command}")


RACE_DIR = Path(os.environ.get("RACE_DIR", "."))


def _wait_for(condition) -> None:
    deadline = time.monotonic() + 60
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("the race never reached its point")
        time.sleep(0.005)


def _pausing_once(notify):
    """Once the change process is ready, one worker pauses after its consent check, just
    before writing the inbox item; the change lands in that gap."""

    def paused_notify(*args, **kwargs):
        if (RACE_DIR / "ready").exists():
            try:
                os.close(os.open(RACE_DIR / "in_the_gap", os.O_CREAT | os.O_EXCL))
            except FileExistsError:
                pass
            else:
                time.sleep(0.5)
        return notify(*args, **kwargs)

    return paused_notify


def _setup(how_many: int) -> None:
    from django.utils import timezone

    from support import services
    from support.models import Reminder, SupportGrant
    from tests.factories import RitualFactory, UserFactory, make_couple

    ana, bo = make_couple(
        UserFactory(display_name="Ana", email="ana@example.org"),
        UserFactory(display_name="Bo", email="bo@example.org"),
    )
    walk = RitualFactory(owner=ana, title="Evening walk", visibility="exists")
    grant = services.grant_support(SupportGrant(kind="remind", ritual=walk), ana)
    due = timezone.now() - timedelta(minutes=1)
    Reminder.objects.bulk_create(
        Reminder(grant=grant, owner=ana, partner=bo, ritual=walk, text="Walk?", due_at=due)
        for _ in range(how_many)
    )


def _change(kind: str) -> None:
    from accounts.models import User
    from couples.services import leave_couple
    from datarights.services import delete_account
    from rituals import services as rituals
    from rituals.models import Ritual
    from support import services as support
    from support.models import SupportGrant

    ana = User.objects.get(email="ana@example.org")
    bo = User.objects.get(email="bo@example.org")
    if kind == "leave":
        leave_couple(bo)
    elif kind == "delete":
        delete_account(bo)
    elif kind == "revoke":
        support.revoke_grant(SupportGrant.objects.get(owner=ana))
    elif kind == "private":
        walk = Ritual.objects.get(owner=ana)
        before = {"visibility": walk.visibility}
        walk.visibility = Ritual.Visibility.PRIVATE
        rituals.adjust_ritual(walk, before, {"visibility": "private"}, "other", "")
    else:
        raise SystemExit(f"unknown change {kind}")


if __name__ == "__main__":
    main(*sys.argv[1:])
