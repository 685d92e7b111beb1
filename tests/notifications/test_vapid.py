"""The VAPID key: made once and kept under DATA_DIR by default, from the environment in
production, where its absence turns push off and `check --deploy` says so."""

import subprocess
import sys

from notifications import vapid
from tests.core.test_settings import ROOT, deploy_check, load_settings, production_env


def test_the_embedded_default_makes_a_vapid_key_once_and_keeps_it(tmp_path):
    first = load_settings(tmp_path, show="VAPID_PRIVATE_KEY")
    second = load_settings(tmp_path, show="VAPID_PRIVATE_KEY")

    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert len(vapid.b64url_decode(first.stdout.strip())) == 32
    assert (tmp_path / "vapid_private_key").stat().st_mode & 0o077 == 0


def test_production_without_a_vapid_key_warns_at_deploy_and_makes_none(tmp_path):
    env = production_env(tmp_path)
    env.pop("DUET_VAPID_PRIVATE_KEY")

    result = deploy_check(env)

    assert result.returncode != 0
    output = result.stderr + result.stdout
    assert "duet.W010" in output and "Web Push is off" in output
    assert "manage.py vapid_key" in output
    assert not (tmp_path / "vapid_private_key").exists()


def test_a_malformed_vapid_key_is_an_error(tmp_path):
    result = deploy_check(production_env(tmp_path) | {"DUET_VAPID_PRIVATE_KEY": "not-a-key"})

    assert result.returncode != 0
    assert "duet.E010" in result.stderr + result.stdout


def test_the_vapid_key_command_prints_a_key_the_checks_accept(tmp_path):
    made = subprocess.run(
        [sys.executable, "manage.py", "vapid_key"],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr
    line = made.stdout.splitlines()[0]
    assert line.startswith("DUET_VAPID_PRIVATE_KEY=")

    result = deploy_check(production_env(tmp_path) | {"DUET_VAPID_PRIVATE_KEY": line.split("=")[1]})

    assert result.returncode == 0, result.stderr + result.stdout


def test_a_vapid_subject_must_be_a_mailto_or_https_address(tmp_path):
    result = load_settings(tmp_path, show="VAPID_SUBJECT", DUET_VAPID_SUBJECT="me@example.org")

    assert result.returncode != 0
    assert "must start with mailto: or https://" in result.stderr
