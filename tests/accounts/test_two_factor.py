import io
import zipfile

import pyotp
import pytest
from django.urls import reverse

from accounts import twofactor
from accounts.models import RecoveryCode, TwoFactor
from audit.models import AuditEvent
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def turn_on(client, user) -> list[str]:
    client.force_login(user)
    page = client.get(reverse("accounts:two_factor"))
    secret = TwoFactor.objects.get(user=user).secret
    assert secret in page.content.decode()
    response = client.post(reverse("accounts:two_factor"), {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200
    return response.context["codes"]


def password_step(client, user):
    client.post(reverse("accounts:logout"))
    return client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})


def test_enabling_requires_a_matching_code(client, user):
    client.force_login(user)
    client.get(reverse("accounts:two_factor"))

    response = client.post(reverse("accounts:two_factor"), {"code": "000000"})

    assert "didn&#x27;t match" in response.content.decode()
    assert not twofactor.is_enabled(user)


def test_login_asks_for_the_code_after_the_password(client, user):
    codes = turn_on(client, user)
    assert len(codes) == 10
    assert AuditEvent.objects.filter(kind="2fa_on", user=user).exists()

    response = password_step(client, user)

    assert response["Location"] == reverse("accounts:login_code")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("accounts:profile")).status_code == 302

    TwoFactor.objects.filter(user=user).update(last_step=0)
    secret = TwoFactor.objects.get(user=user).secret
    response = client.post(reverse("accounts:login_code"), {"code": pyotp.TOTP(secret).now()})

    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_a_wrong_code_does_not_log_in_and_is_audited(client, user):
    turn_on(client, user)
    password_step(client, user)

    response = client.post(reverse("accounts:login_code"), {"code": "123456"})

    assert response.status_code == 400
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(kind="2fa_failed", user=user).exists()


def test_a_code_is_never_accepted_twice(client, user):
    turn_on(client, user)
    used = TwoFactor.objects.get(user=user)

    assert not twofactor.verify_code(used, pyotp.TOTP(used.secret).now())


def test_a_recovery_code_works_once(client, user):
    codes = turn_on(client, user)

    password_step(client, user)
    assert client.post(reverse("accounts:login_code"), {"code": codes[0]}).status_code == 302
    password_step(client, user)
    again = client.post(reverse("accounts:login_code"), {"code": codes[0]})

    assert again.status_code == 400
    assert "_auth_user_id" not in client.session
    assert RecoveryCode.objects.filter(user=user, used_at__isnull=False).count() == 1


def test_the_code_step_cannot_be_reached_without_the_password(client, user):
    turn_on(client, user)
    client.post(reverse("accounts:logout"))

    response = client.post(reverse("accounts:login_code"), {"code": "123456"})

    assert response["Location"] == reverse("accounts:login")


def test_turning_it_off_needs_the_password(client, user):
    turn_on(client, user)

    wrong = client.post(reverse("accounts:two_factor_disable"), {"password": "not-it"})
    assert twofactor.is_enabled(user)
    assert wrong.status_code == 400

    client.post(reverse("accounts:two_factor_disable"), {"password": PASSWORD})

    assert not twofactor.is_enabled(user)
    assert not RecoveryCode.objects.filter(user=user).exists()
    assert password_step(client, user)["Location"] == reverse("home")


def test_new_recovery_codes_replace_the_old_ones(client, user):
    old = turn_on(client, user)

    page = client.get(reverse("accounts:two_factor")).content.decode()
    assert "Turn two-step login off" in page and "Make new recovery codes" in page
    response = client.post(reverse("accounts:recovery_codes_new"), {"password": PASSWORD})

    new = response.context["codes"]
    assert set(new).isdisjoint(old)
    assert not twofactor.use_recovery_code(user, old[0])
    assert twofactor.use_recovery_code(user, new[0])


def test_the_secret_never_reaches_the_export_or_the_admin(client, user, people):
    turn_on(client, user)
    secret = TwoFactor.objects.get(user=user).secret
    archive = zipfile.ZipFile(io.BytesIO(client.post(reverse("datarights:export")).content))
    export = b"".join(archive.read(name) for name in archive.namelist())

    client.force_login(people.staff)
    user_admin = client.get(reverse("admin:accounts_user_change", args=[user.pk]))

    assert secret.encode() not in export
    assert secret not in user_admin.content.decode()
