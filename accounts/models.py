import zoneinfo
from datetime import time
from functools import cached_property
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.localtime import validate_time_zone
from core.fields import EncryptedCharField
from core.people import one_per_person, optional_person, person


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        # People type their address with whatever capitals their phone chose.
        return self.get(email__iexact=username)

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


def normalize_email(email: str) -> str:
    return email.strip().lower()


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("name"), max_length=60, help_text=_("How Duet and your partner will address you.")
    )
    pronouns = models.CharField(max_length=30, blank=True, help_text=_("Optional, e.g. she/her."))
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    evening_time = models.TimeField(
        _("evening check-in time"),
        default=time(21, 0),
        help_text=_("When your evening begins; the check-in follows your own clock."),
    )
    language = models.CharField(
        max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    is_active = models.BooleanField(default=True)
    # False from sign-up until the link emailed to the address is opened (accounts/signup.py).
    email_confirmed = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = normalize_email(self.email)

    def save(self, *args, **kwargs) -> None:
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)

    def get_short_name(self) -> str:
        return self.display_name

    def get_full_name(self) -> str:
        return self.display_name

    @cached_property
    def zone(self) -> ZoneInfo:
        try:
            return ZoneInfo(self.time_zone)
        except (ValueError, zoneinfo.ZoneInfoNotFoundError):
            # A zone dropped from a newer tz database must not lock anyone out.
            return ZoneInfo("UTC")


class SessionRecord(models.Model):
    """What the settings page shows about one logged-in session (the session itself is Django's)."""

    user = person("session_records")
    session_key = models.CharField(max_length=40, unique=True)
    user_agent = models.CharField(max_length=200, blank=True)
    ip_prefix = models.CharField(max_length=50, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_seen = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-last_seen"]

    def __str__(self) -> str:
        return f"session since {self.created_at:%Y-%m-%d}"


class TwoFactor(models.Model):
    """A person's TOTP secret; it protects logins once `confirmed_at` is set."""

    user = one_per_person("two_factor")
    secret = EncryptedCharField(max_length=64)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last accepted time step: a code is never accepted twice.
    last_step = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return "two-step login"


class RecoveryCode(models.Model):
    """A one-time code for when the authenticator is lost; only its hash is kept."""

    user = person("recovery_codes")
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return "recovery code"


class SingleSignOnLink(models.Model):
    """Which sign-in at the host's identity provider opens which account.

    OpenID Connect names a person by issuer and subject, which never change; an email can.
    One account holds at most one link per provider (accounts/oidc.py).
    """

    user = person("sso_links")
    issuer = models.CharField(max_length=255)
    subject = models.CharField(max_length=255)
    linked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="sso_link_one_account"),
            models.UniqueConstraint(fields=["user", "issuer"], name="sso_link_one_per_provider"),
        ]

    def __str__(self) -> str:
        return "single sign-on link"


class SignupSettingsManager(models.Manager):
    def current(self) -> "SignupSettings":
        """The one row (made on first use); its blank policy defers to DUET_SIGNUP."""
        row, _created = self.get_or_create(pk=1)
        return row


class SignupSettings(models.Model):
    """The host's choice in the admin of who may sign up; it wins over DUET_SIGNUP when set."""

    class Policy(models.TextChoices):
        OPEN = "open", "Open: anyone may sign up"
        INVITE = "invite", "Invite-only: a one-time invitation from the host (or a partner)"
        CLOSED = "closed", "Closed: only people a member invites as their partner"

    policy = models.CharField(
        max_length=10,
        choices=Policy,
        blank=True,
        help_text="Leave empty to follow the DUET_SIGNUP setting of the server.",
    )

    objects = SignupSettingsManager()

    class Meta:
        verbose_name = verbose_name_plural = "sign-up policy"
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="signup_settings_one")]

    def __str__(self) -> str:
        return "Sign-up policy"


class SignupInvitationQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(
            used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class SignupInvitation(models.Model):
    """A one-time sign-up link from the host (accounts/invites.py). Only its hash is kept."""

    class State(models.TextChoices):
        LIVE = "live", "waiting"
        USED = "used", "used"
        REVOKED = "revoked", "withdrawn"
        EXPIRED = "expired", "expired"

    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # Optional: only this address may use it (shown to the host, who typed it).
    email = models.EmailField(blank=True, help_text="Optional: only this address may use it.")
    created_by = optional_person(editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True, editable=False)
    used_by = optional_person(editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = SignupInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "sign-up invitation"

    def __str__(self) -> str:
        return f"Sign-up invitation #{self.pk} ({self.get_state_display()})"

    @property
    def state(self) -> str:
        if self.used_at:
            return self.State.USED
        if self.revoked_at:
            return self.State.REVOKED
        if self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.LIVE

    def get_state_display(self) -> str:
        return self.State(self.state).label
