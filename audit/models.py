from django.db import models
from django.utils.translation import gettext_lazy as _

from core.people import optional_person


class AuditEvent(models.Model):
    """One security-relevant event. Never holds private content: kinds and ids only."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("logged in")
        LOGIN_FAILED = "login_failed", _("login failed")
        LOGIN_LOCKED = "login_locked", _("login paused after repeated failures")
        LOGOUT = "logout", _("logged out")
        PASSWORD_CHANGED = "password_changed", _("password changed")
        PASSWORD_RESET = "password_reset", _("password reset")
        TWO_FACTOR_ON = "2fa_on", _("two-step login turned on")
        TWO_FACTOR_OFF = "2fa_off", _("two-step login turned off")
        TWO_FACTOR_FAILED = "2fa_failed", _("two-step code did not match")
        RECOVERY_CODE_USED = "recovery_used", _("recovery code used")
        SESSION_REVOKED = "session_revoked", _("session logged out remotely")
        GRANT_GIVEN = "grant_given", _("support grant given")
        GRANT_CHANGED = "grant_changed", _("support grant changed")
        GRANT_REVOKED = "grant_revoked", _("support grant revoked")
        EXPORT = "export", _("data exported")
        ACCOUNT_DELETED = "account_deleted", _("account deleted")
        SSO_LINKED = "sso_linked", _("single sign-on linked")

    # SET_NULL: the trail outlives a deleted account (then only `subject_id` remains).
    user = optional_person("audit_events")
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    kind = models.CharField(max_length=20, choices=Kind)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    ip_prefix = models.CharField(max_length=50, blank=True)
    # Ids and counts only, e.g. "grant #4"; never typed text.
    detail = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["user", "-at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"
