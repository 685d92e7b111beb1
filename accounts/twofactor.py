"""Optional two-step login with a time-based one-time code (TOTP) and recovery codes."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import pyotp
from django.db import transaction
from django.utils import timezone

from accounts.models import RecoveryCode, TwoFactor

ISSUER = "Duet"
RECOVERY_CODE_COUNT = 10


def is_enabled(user) -> bool:
    return TwoFactor.objects.filter(user=user, confirmed_at__isnull=False).exists()


def pending_setup(user) -> TwoFactor:
    """The person's unconfirmed secret, made on first visit; a confirmed one is kept."""
    two_factor, _ = TwoFactor.objects.get_or_create(
        user=user, defaults={"secret": pyotp.random_base32()}
    )
    return two_factor


def provisioning_uri(two_factor: TwoFactor) -> str:
    return pyotp.TOTP(two_factor.secret).provisioning_uri(
        name=two_factor.user.email, issuer_name=ISSUER
    )


def _clean(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def verify_code(two_factor: TwoFactor, code: str) -> bool:
    """True for a current code (one step of clock drift allowed) not used before."""
    code = _clean(code)
    if not (code.isdigit() and len(code) == 6):
        return False
    totp = pyotp.TOTP(two_factor.secret)
    now = timezone.now()
    for drift in (-1, 0, 1):
        moment = now + timedelta(seconds=30 * drift)
        step = totp.timecode(moment)
        if secrets.compare_digest(totp.at(moment), code) and step > two_factor.last_step:
            with transaction.atomic():
                # Conditional update: two requests racing with one code cannot both pass.
                claimed = TwoFactor.objects.filter(pk=two_factor.pk, last_step__lt=step).update(
                    last_step=step
                )
            if claimed:
                two_factor.last_step = step
                return True
    return False


def _hash(code: str) -> str:
    return hashlib.sha256(_clean(code).encode()).hexdigest()


def new_recovery_codes(user) -> list[str]:
    """Replace the person's recovery codes; the plain codes are shown once and never stored."""
    codes = [
        "-".join(secrets.token_hex(5)[i : i + 5] for i in (0, 5))
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    with transaction.atomic():
        RecoveryCode.objects.filter(user=user).delete()
        RecoveryCode.objects.bulk_create(
            RecoveryCode(user=user, code_hash=_hash(code)) for code in codes
        )
    return codes


def use_recovery_code(user, code: str) -> bool:
    """Spend one unused recovery code; False if it does not match one."""
    return bool(
        RecoveryCode.objects.filter(user=user, code_hash=_hash(code), used_at__isnull=True).update(
            used_at=timezone.now()
        )
    )


def confirm(two_factor: TwoFactor, code: str) -> list[str] | None:
    """Turn two-step login on when the code matches; returns fresh recovery codes."""
    if not verify_code(two_factor, code):
        return None
    two_factor.confirmed_at = timezone.now()
    two_factor.save(update_fields=["confirmed_at"])
    return new_recovery_codes(two_factor.user)


def disable(user) -> None:
    with transaction.atomic():
        TwoFactor.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()
