from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from accounts.models import User
from couples import services
from tests.factories import UserFactory, make_couple

# A fixed "now": Wednesday 18 November 2026, 12:00 UTC (afternoon in Europe/London).
NOW = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)


@pytest.fixture
def frozen_now(time_machine):
    """The one clock for tests: frozen at NOW, and movable with `frozen_now(moment)`.

    time-machine stops the clock itself, so `default=timezone.now` on models, which
    Django keeps as the original function, stamps rows with the frozen moment too.
    """

    def freeze(moment: datetime = NOW) -> datetime:
        time_machine.move_to(moment, tick=False)
        return moment

    freeze()
    return freeze


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Tests don't run collectstatic, so hashed (manifest) names are not available.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@dataclass
class People:
    """Everyone the privacy rule distinguishes, around Ana as the owner."""

    ana: User  # the owner
    bo: User  # Ana's current partner
    cy: User  # Ana's former partner
    dee: User  # a stranger, in a couple of their own
    staff: User  # the instance's host: a superuser, and still a stranger to Ana


@pytest.fixture
def people(db) -> People:
    ana = UserFactory(display_name="Ana")
    cy = UserFactory(display_name="Cy")
    make_couple(ana, cy)
    services.leave_couple(cy)
    bo = UserFactory(display_name="Bo")
    make_couple(ana, bo)
    dee = UserFactory(display_name="Dee")
    make_couple(dee, UserFactory(display_name="Eve"))
    staff = UserFactory(display_name="Host", is_staff=True, is_superuser=True)
    return People(ana=ana, bo=bo, cy=cy, dee=dee, staff=staff)


@pytest.fixture
def couple(db) -> tuple[User, User]:
    """Ana and Bo, a current couple."""
    return make_couple(UserFactory(display_name="Ana"), UserFactory(display_name="Bo"))


@pytest.fixture
def user(db) -> User:
    """Ana on her own, before any partner joins."""
    return UserFactory(display_name="Ana")


@pytest.fixture
def stranger(db) -> User:
    return UserFactory(display_name="Dee")


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    # Each test gets an empty in-memory cache, so throttle counters never leak between tests.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
        "template_fragments": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "template-fragments",
        },
    }
    from django.core.cache import caches

    for name in settings.CACHES:
        caches[name].clear()
    yield
    for name in settings.CACHES:
        caches[name].clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is deliberately slow; tests create many people and don't need its strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def mail_server():
    """A real SMTP server on 127.0.0.1, down until the test starts it."""
    from tests.smtp import MailServer

    server = MailServer()
    yield server
    server.stop()


@pytest.fixture
def push_service():
    """A real Web Push service on 127.0.0.1 (RFC 8030), answering 201 until told otherwise."""
    from tests.channels import PushService

    service = PushService()
    yield service
    service.stop()


@pytest.fixture
def webhook():
    """A real HTTP endpoint on 127.0.0.1 for Apprise json:// URLs."""
    from tests.channels import Webhook

    hook = Webhook()
    yield hook
    hook.stop()
