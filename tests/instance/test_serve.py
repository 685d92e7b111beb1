import os

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from accounts.models import User
from core import encryption
from couples import privacy
from instance.demo import DEMO_PASSWORD, DEMO_PEOPLE
from tests.factories import RitualFactory


@pytest.fixture
def static_root(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    return settings.STATIC_ROOT


@pytest.fixture
def launched(monkeypatch):
    """What serve would start: the worker (a child process), then gunicorn (exec)."""
    started = {"worker": [], "server": []}
    monkeypatch.setattr(
        "instance.management.commands.serve.subprocess.Popen",
        lambda argv: started["worker"].append(argv),
    )
    monkeypatch.setattr("os.execv", lambda path, argv: started["server"].append(argv))
    return started


@pytest.mark.django_db
def test_serve_prepares_then_hands_over_to_gunicorn(static_root, launched):
    call_command("serve", "--port", "8123")

    argv = launched["server"][0]
    assert argv[1:4] == ["-m", "gunicorn", "config.wsgi:application"]
    assert argv[argv.index("--bind") + 1] == "127.0.0.1:8123"
    assert (static_root / "staticfiles.json").exists()
    assert list(static_root.glob("css/duet.*.css.gz")), "WhiteNoise serves compressed files"


@pytest.fixture
def no_site_url(monkeypatch):
    monkeypatch.setenv("SITE_URL", "set so that it is restored")
    monkeypatch.delenv("SITE_URL")


@pytest.mark.django_db
def test_links_point_where_serve_listens_unless_the_host_set_an_address(
    static_root, no_site_url, monkeypatch
):
    seen = []
    monkeypatch.setattr(
        "instance.management.commands.serve.subprocess.Popen",
        lambda argv: seen.append(os.environ.get("SITE_URL")),
    )
    monkeypatch.setattr("os.execv", lambda path, argv: seen.append(os.environ.get("SITE_URL")))

    call_command("serve", "--port", "8123")
    assert seen == ["http://127.0.0.1:8123", "http://127.0.0.1:8123"]  # worker, then gunicorn

    monkeypatch.setenv("SITE_URL", "https://duet.example.org")
    call_command("serve", "--port", "8124")
    assert seen[-1] == "https://duet.example.org"


@pytest.mark.django_db
@pytest.mark.parametrize("host", ["0.0.0.0", "::"])
def test_serve_on_every_address_links_to_the_machines_name(
    static_root, launched, no_site_url, host
):
    call_command("serve", "--host", host)

    assert os.environ["SITE_URL"] not in {"http://0.0.0.0:8000", "http://[::]:8000"}
    assert os.environ["SITE_URL"].endswith(":8000")


@pytest.mark.django_db
def test_serve_starts_the_worker_beside_gunicorn_by_default(static_root, launched):
    call_command("serve")

    (worker,) = launched["worker"]
    assert worker[1].endswith("manage.py")
    assert worker[2:] == ["run_worker", "--supervise", "--parent-pid", str(os.getpid())]
    assert launched["server"], "gunicorn still runs in the foreground"


@pytest.mark.django_db
def test_serve_without_worker_starts_only_gunicorn(static_root, launched):
    call_command("serve", "--no-worker")

    assert launched["worker"] == []
    assert launched["server"]


@pytest.mark.django_db
def test_serve_stops_before_starting_when_its_keys_cant_open_stored_text(
    static_root, launched, settings
):
    RitualFactory(title="Stretch")
    settings.ENCRYPTION_KEYS = [encryption.new_key()]  # the key file lost and regenerated

    with pytest.raises(SystemCheckError, match="duet.E002"):
        call_command("serve")

    assert launched == {"worker": [], "server": []}


@pytest.mark.django_db
def test_serve_collects_static_files_only_when_they_changed(static_root, monkeypatch):
    call_command("serve", "--no-server")
    marker = static_root / ".duet-sources"
    collected = []
    monkeypatch.setattr(
        "core.static.call_command",
        lambda name, **kwargs: collected.append(name),
    )

    call_command("serve", "--no-server")
    assert "collectstatic" not in collected

    marker.write_text("stale")
    call_command("serve", "--no-server")
    assert "collectstatic" in collected


@pytest.mark.django_db
def test_demo_creates_a_couple_once_and_prints_how_to_log_in(static_root, capsys, client):
    from checkins.models import CheckIn
    from rituals.models import PracticeLog, Ritual

    def history():
        return (Ritual.objects.count(), PracticeLog.objects.count(), CheckIn.objects.count())

    call_command("serve", "--no-server", "--demo")
    first = history()
    call_command("serve", "--no-server", "--demo")

    assert User.objects.count() == 2
    assert first == history()
    rituals, logs, checkins = first
    assert rituals >= 5 and logs >= 40 and checkins >= 20, "a few weeks of plausible history"
    ana, sam = (User.objects.get(email=person.email) for person in DEMO_PEOPLE)
    assert privacy.partner_of(ana) == sam
    output = capsys.readouterr().out
    assert f"{DEMO_PEOPLE[0].email} / {DEMO_PASSWORD}" in output
    assert client.login(username=DEMO_PEOPLE[1].email, password=DEMO_PASSWORD)


@pytest.mark.django_db
def test_demo_accounts_are_refused_in_production(static_root, settings):
    from django.core.management.base import CommandError

    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="published password"):
        call_command("serve", "--no-server", "--demo")
    assert not User.objects.exists()
