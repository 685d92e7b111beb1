import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from core import encryption

ROOT = Path(__file__).resolve().parents[2]


def load_settings(tmp_path, show="SECRET_KEY", **env) -> subprocess.CompletedProcess:
    """Import the settings module in a fresh interpreter and print one setting."""
    unset = {"SECRET_KEY", "DATABASE_URL", "DUET_ENCRYPTION_KEYS"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    clean.update({"DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings", **env})
    code = f"from django.conf import settings; print(settings.{show})"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_a_secret_key_is_generated_once_and_kept_under_data(tmp_path):
    first = load_settings(tmp_path)
    second = load_settings(tmp_path)

    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert len(first.stdout.strip()) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = load_settings(tmp_path, DUET_PRODUCTION="true", ALLOWED_HOSTS="duet.example")

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    result = load_settings(tmp_path, DUET_PRODUCTION="true", SECRET_KEY="x" * 60)

    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_a_misspelt_yes_or_no_stops_the_start_instead_of_meaning_no(tmp_path):
    result = load_settings(tmp_path, DUET_PRODUCTION="ture")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DUET_PRODUCTION='ture' is neither true nor false" in result.stderr


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("TRUE", "True"),
        (" On ", "True"),
        ("yes", "True"),
        ("1", "True"),
        ("Off", "False"),
        ("no", "False"),
        ("0", "False"),
        ("FALSE", "False"),
        ("", "False"),
    ],
)
def test_yes_or_no_settings_read_the_usual_words_in_any_case(tmp_path, value, shown):
    result = load_settings(tmp_path, show="DEBUG", DEBUG=value)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == shown


def test_an_encryption_key_is_generated_once_and_kept_under_data(tmp_path):
    first = load_settings(tmp_path, show="ENCRYPTION_KEYS")
    second = load_settings(tmp_path, show="ENCRYPTION_KEYS")

    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert len(ast.literal_eval(first.stdout)) == 1
    assert (tmp_path / "encryption_keys").stat().st_mode & 0o077 == 0


def test_a_key_file_lists_keys_newest_first_and_leaves_no_drafts(tmp_path):
    new, old = encryption.new_key(), encryption.new_key()
    (tmp_path / "encryption_keys").write_text(f"{new}\n\n{old}\n")

    result = load_settings(tmp_path, show="ENCRYPTION_KEYS")

    assert result.returncode == 0, result.stderr
    assert ast.literal_eval(result.stdout) == [new, old]
    made = sorted(path.name for path in tmp_path.iterdir())
    assert made == ["encryption_keys", "secret_key", "vapid_private_key"]


def test_an_emptied_key_file_stops_the_start_instead_of_switching_encryption_off(tmp_path):
    (tmp_path / "encryption_keys").write_text("\n")

    result = load_settings(tmp_path, show="ENCRYPTION_KEYS")

    assert result.returncode != 0
    assert "encryption_keys is empty" in result.stderr


def test_keys_from_the_environment_win_newest_first(tmp_path):
    new, old = encryption.new_key(), encryption.new_key()

    result = load_settings(tmp_path, show="ENCRYPTION_KEYS", DUET_ENCRYPTION_KEYS=f"{new}, {old}")

    assert result.returncode == 0, result.stderr
    assert ast.literal_eval(result.stdout) == [new, old]
    assert not (tmp_path / "encryption_keys").exists()


def production_env(tmp_path) -> dict:
    return {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}} | {
        "DATA_DIR": str(tmp_path),
        "DUET_PRODUCTION": "true",
        "SECRET_KEY": "k9#" * 20 + "production-like-secret",
        "ALLOWED_HOSTS": "duet.example",
        "EMAIL_HOST": "smtp.duet.example",
        "DUET_ENCRYPTION_KEYS": encryption.new_key(),
        "DUET_VAPID_PRIVATE_KEY": "Ax8Uu3C2Pb2yO6mZ7cF1oFvq3Qp5YXr0u0m3x6l5Jmc",
    }


def deploy_check(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_deploy_checks_pass_with_production_settings(tmp_path):
    result = deploy_check(production_env(tmp_path))

    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_deploy_checks_warn_when_free_text_would_be_stored_unencrypted(tmp_path):
    env = production_env(tmp_path)
    env.pop("DUET_ENCRYPTION_KEYS", None)

    result = deploy_check(env)

    assert result.returncode != 0
    assert "duet.W001" in result.stderr + result.stdout
    assert not (tmp_path / "encryption_keys").exists()  # production never invents a key


def test_a_malformed_key_is_an_error(tmp_path):
    env = production_env(tmp_path) | {"DUET_ENCRYPTION_KEYS": "not-a-key"}

    result = deploy_check(env)

    assert result.returncode != 0
    assert "duet.E001" in result.stderr + result.stdout


@pytest.mark.django_db
def test_security_headers_on_a_real_response(client):
    response = client.get(reverse("accounts:login"))

    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self' 'nonce-" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_pages_carry_the_nonce_on_their_scripts_and_no_inline_code(client):
    response = client.get(reverse("accounts:login"))
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]

    assert response.text.count(f'nonce="{nonce}"') == response.text.count("<script")
    assert "<script>" not in response.text
    assert " style=" not in response.text
