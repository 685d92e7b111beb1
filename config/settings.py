"""Duet's one settings module, configured from the environment.

Two modes share this file. The embedded default (nothing set) runs on SQLite under
./data/ with a secret key and an encryption key generated there. With DUET_PRODUCTION=true
the secret key and allowed hosts must come from the environment and every HTTPS protection
is switched on.
"""

import base64
import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key
from django.utils.csp import CSP


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool = False) -> bool:
    """A yes/no setting; a typo such as DUET_PRODUCTION=ture stops the start, not a guess."""
    value = env(name).lower()
    if not value:
        return default
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={env(name)!r} is neither true nor false: use one of "
        f"{', '.join(sorted(TRUE_WORDS | FALSE_WORDS))}, or leave it empty."
    )


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = env(name)
    if not value:
        return list(default or [])
    return [part.strip() for part in value.split(",") if part.strip()]


def env_networks(name: str) -> list[str]:
    """Comma-separated addresses or networks (CIDR); one that is neither stops the start."""
    networks = env_list(name)
    for network in networks:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: {network!r} is not a network such as 192.168.1.0/24, nor one address."
            ) from None
    return networks


BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env("DATA_DIR") or BASE_DIR / "data")

PRODUCTION = env_bool("DUET_PRODUCTION")
DEBUG = env_bool("DEBUG") and not PRODUCTION


def _key_file(name: str, make) -> str:
    """A key generated once per checkout and kept in DATA_DIR (owner-only), never empty.

    Two processes starting at once agree on one key: each writes its own to a temporary
    file and links it into place, which only the first can do.
    """
    key_file = DATA_DIR / name
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        draft = DATA_DIR / f".{name}.{os.getpid()}"
        descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as out:
            out.write(make() + "\n")
        try:
            os.link(draft, key_file)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    content = key_file.read_text().strip()
    if not content:
        raise ImproperlyConfigured(
            f"{key_file} is empty. Restore it from where you keep your keys, or delete it "
            "to have a new one made (only if nothing was stored with the old one)."
        )
    return content


SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when DUET_PRODUCTION is on.")
    SECRET_KEY = _key_file("secret_key", get_random_secret_key)


# Private free text is encrypted at rest with these Fernet keys, newest first (core.encryption).
# In production they come from DUET_ENCRYPTION_KEYS (comma-separated); unset, free text is
# stored unencrypted and `check --deploy` says so. The embedded default keeps its own.
ENCRYPTION_KEYS = env_list("DUET_ENCRYPTION_KEYS")
if not ENCRYPTION_KEYS and not PRODUCTION:
    # One key a line, newest first; a Fernet key is 32 random bytes in URL-safe base64.
    ENCRYPTION_KEYS = _key_file(
        "encryption_keys", lambda: base64.urlsafe_b64encode(os.urandom(32)).decode()
    ).split()


def _new_vapid_key() -> str:
    """A P-256 private key as its 32 bytes in URL-safe base64, as `web-push` tools print it."""
    from cryptography.hazmat.primitives.asymmetric import ec

    number = ec.generate_private_key(ec.SECP256R1()).private_numbers().private_value
    return base64.urlsafe_b64encode(number.to_bytes(32, "big")).rstrip(b"=").decode()


# Web Push signs its requests with this key (VAPID, RFC 8292); browsers subscribed with its
# public half, so it must outlive restarts like the secret key. In production it comes from
# DUET_VAPID_PRIVATE_KEY (`manage.py vapid_key` makes one); unset, push is off and
# `check --deploy` says so. The embedded default keeps its own under DATA_DIR.
VAPID_PRIVATE_KEY = env("DUET_VAPID_PRIVATE_KEY")
if not VAPID_PRIVATE_KEY and not PRODUCTION:
    VAPID_PRIVATE_KEY = _key_file("vapid_private_key", _new_vapid_key)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DUET_PRODUCTION is on.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "django_tasks_db",
    "accounts",
    "audit",
    "couples",
    "rituals",
    "checkins",
    "goals",
    "support",
    "notifications",
    "wellbeing",
    "datarights",
    "moving",
    "words",
    "pwa",
    "core",
    "instance",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.PrivateCacheMiddleware",  # after auth: knows who is signed in
    "accounts.sessions.SessionActivityMiddleware",
    "accounts.middleware.PersonalLocaleMiddleware",
    "couples.versions.BumpAfterChangesMiddleware",  # cached couple pages: keyed by a version
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "core.middleware.HtmxMiddleware",  # django-htmx's, adding Vary: HX-Request where read
    "core.outage.DatabaseOutageMiddleware",  # last: it sees the view's exceptions first
]

# Benchmark mode (manage.py benchmark only): a floor page and a per-request query count.
BENCHMARK = env_bool("DUET_BENCHMARK") and not PRODUCTION
if BENCHMARK:
    MIDDLEWARE.insert(0, "instance.bench.middleware.QueryCountMiddleware")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "notifications.context_processors.inbox_badge",
            ],
        },
    },
]

# Project templates may override Django's widget templates (templates/django/forms/).
FORM_RENDERER = "core.renderers.LightRenderer"  # Django's markup, fewer template renders

# A task whose worker has shown no sign of life for this long is run again by another
# worker (core/worker.py); workers beat every WORKER_LEASE_SECONDS / 4, at most every 30 s.
WORKER_LEASE_SECONDS = int(env("WORKER_LEASE_SECONDS", "600"))
if WORKER_LEASE_SECONDS < 1:
    raise ImproperlyConfigured("WORKER_LEASE_SECONDS must be a positive number of seconds.")

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'duet.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
# Beyond one machine: DUET_DB_POOL=true (or a pool size) keeps PostgreSQL connections in
# Django's psycopg pool (psycopg[pool]) instead of one per request; per process, so the
# database sees at most web processes x pool size connections.
DB_POOL = env("DUET_DB_POOL").lower()
if DB_POOL and DB_POOL not in FALSE_WORDS:
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DUET_DB_POOL needs PostgreSQL (DATABASE_URL=postgres://...).")
    if DB_POOL in TRUE_WORDS:
        pool = True
    elif DB_POOL.isdigit() and int(DB_POOL) > 0:
        pool = {"min_size": 1, "max_size": int(DB_POOL), "timeout": 10}
    else:
        raise ImproperlyConfigured(
            f"DUET_DB_POOL={env('DUET_DB_POOL')!r} is neither true/false nor a pool size (e.g. 8)."
        )
    # The pool hands connections out and takes them back: Django must not keep its own.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = pool
# PostgreSQL plans each query it is sent; a prepared one is planned once per connection.
# With the parameters bound by the server, psycopg prepares a query from its fifth use on a
# connection on: the few queries every page repeats (the session, the person, the couple)
# and each page's own. DUET_DB_PREPARED=false turns it off, for a connection pooler that
# can't keep prepared statements (PgBouncer before 1.21 in transaction mode).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool(
    "DUET_DB_PREPARED", True
):
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=5
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # Several gunicorn workers share the file: WAL plus immediate transactions
        # avoid "database is locked" on concurrent writes.
        "transaction_mode": "IMMEDIATE",
        "timeout": 10,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work (reminders, emails) is queued in the database and run by
# `manage.py run_worker`, which `manage.py serve` starts beside the web server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "accounts.throttle.LockoutBackend",  # first: refuses paused accounts and addresses
    "accounts.oidc.PasswordLoginSwitch",  # refuses every password when password login is off
    "django.contrib.auth.backends.ModelBackend",
    "accounts.oidc.OIDCBackend",  # single sign-on, inert while DUET_OIDC_ISSUER is unset
    "accounts.proxy_login.ProxyHeaderBackend",  # inert unless a trusted proxy names someone
]
# Login throttling (accounts/throttle.py): failures within the window pause logging in from
# that address; a browser the person logged in from before counts only its own failures.
LOGIN_FAILURES_PER_ACCOUNT = int(env("LOGIN_FAILURES_PER_ACCOUNT", "5"))
LOGIN_FAILURES_PER_ADDRESS = int(env("LOGIN_FAILURES_PER_ADDRESS", "20"))
LOGIN_LOCKOUT_MINUTES = int(env("LOGIN_LOCKOUT_MINUTES", "15"))
# Failures for one account from everywhere in an hour before it pauses for every browser the
# person hasn't logged in from (a known browser and a password reset still get in).
LOGIN_FAILURES_PER_ACCOUNT_GLOBAL = int(env("LOGIN_FAILURES_PER_ACCOUNT_GLOBAL", "50"))
# Password reset emails per hour: to one email, and requested from one address.
PASSWORD_RESETS_PER_EMAIL = int(env("PASSWORD_RESETS_PER_EMAIL", "3"))
PASSWORD_RESETS_PER_ADDRESS = int(env("PASSWORD_RESETS_PER_ADDRESS", "10"))
# Behind a reverse proxy, count the address it appends to X-Forwarded-For, not its own.
TRUST_X_FORWARDED_FOR = env_bool("TRUST_X_FORWARDED_FOR")
# The throttle's counters must be shared by every worker process: a file cache under
# DATA_DIR needs no extra service. Several web servers don't share a folder, so with
# REDIS_URL (redis://host:6379/0) they share Django's built-in Redis cache instead.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"REDIS_URL={REDIS_URL!r} must start with redis://, rediss:// or unix://."
        )
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("REDIS_KEY_PREFIX", "duet"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env("CACHE_DIR") or str(DATA_DIR / "cache"),
        }
    }
# The site layout's parts that are the same on every page in a language (templates/base.html
# and components/nav.html), drawn once per process; nothing private.
CACHES["template_fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "duet-template-fragments",
}
# Page data kept for a moment (the monthly page, goals/queries.py) holds private words as
# the page shows them: it stays in each process's own memory, never on disk or in Redis,
# where encryption at rest could not follow it. Correct per process: keyed by the couple's
# version (couples/versions.py), which lives in the database.
CACHES["pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "duet-pages",
    "OPTIONS": {"MAX_ENTRIES": 2000},
}

# Who may sign up (accounts/invites.py): "open" (anyone, the embedded default), "invite"
# (a one-time invitation from the host, or a partner's invitation) or "closed" (only a
# partner's invitation). A host may override it in the admin (Accounts > Sign-up policy).
SIGNUP_POLICIES = ("open", "invite", "closed")
SIGNUP_POLICY = env("DUET_SIGNUP", "open").lower()
if SIGNUP_POLICY not in SIGNUP_POLICIES:
    raise ImproperlyConfigured(
        f"DUET_SIGNUP={env('DUET_SIGNUP')!r} is not a sign-up policy: use one of "
        f"{', '.join(SIGNUP_POLICIES)}, or leave it empty (open)."
    )
# How long a sign-up invitation from `manage.py createinvite` or the admin works by default.
SIGNUP_INVITE_DAYS = int(env("DUET_SIGNUP_INVITE_DAYS", "7"))
SESSION_ENGINE = "django.contrib.sessions.backends.db"  # sessions are listed and revocable
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# Each language named in itself, as a person looking for their own would read it.
LANGUAGES = [("en", "English"), ("de", "Deutsch"), ("es", "Español")]
# Catalogues: each app's own `<app>/locale/`, and `locale/` for templates/ and config/.
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and numbers are always formatted in the reader's language (Django 5+). Templates use
# the named formats (DATE_FORMAT, SHORT_DATE_FORMAT, MONTH_DAY_FORMAT, ...); English keeps
# Duet's day-first style from config/formats/en, German and Spanish use Django's own.
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Imports (moving/): the largest file a person may upload, and what a Duet export's zip may
# unpack to (each part and in all, and how many parts), checked while it is read.
IMPORT_MAX_UPLOAD_BYTES = int(float(env("DUET_IMPORT_MAX_UPLOAD_MB", "20")) * 1024 * 1024)
IMPORT_MAX_UNPACKED_BYTES = 5 * IMPORT_MAX_UPLOAD_BYTES
IMPORT_MAX_ENTRY_BYTES = 2 * IMPORT_MAX_UPLOAD_BYTES
IMPORT_MAX_ENTRIES = 500
if IMPORT_MAX_UPLOAD_BYTES < 1:
    raise ImproperlyConfigured("DUET_IMPORT_MAX_UPLOAD_MB must be a positive number.")

# Email: console by default, SMTP as soon as a host is configured (Django 6.1 MAILERS).
if env("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env("EMAIL_HOST"),
                "port": int(env("EMAIL_PORT", "587")),
                "username": env("EMAIL_HOST_USER"),
                "password": env("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 10,
            },
        }
    }
else:
    # Prints who each email is for and its subject, not its body (links, private text).
    MAILERS = {"default": {"BACKEND": "core.mail.ConsoleEmailBackend"}}
# Notification emails that meet an outage (no connection, a timeout, a 4xx reply) are retried
# after 1, 2, 4 ... minutes for this many hours, then shown as failed (notifications/delivery.py).
EMAIL_RETRY_HOURS = float(env("EMAIL_RETRY_HOURS", "6"))
# An email still "sending" this many minutes after its worker claimed it lost that worker
# mid-send (killed, machine lost): the worker's periodic reconcile sends it again.
EMAIL_SENDING_LEASE_MINUTES = float(env("EMAIL_SENDING_LEASE_MINUTES", "10"))
if EMAIL_RETRY_HOURS < 0 or EMAIL_SENDING_LEASE_MINUTES < 0:
    raise ImproperlyConfigured(
        "EMAIL_RETRY_HOURS and EMAIL_SENDING_LEASE_MINUTES can't be negative."
    )
# Development only: print whole emails (reset links included) with the console backend.
EMAIL_DEBUG_BODIES = env_bool("DUET_EMAIL_DEBUG_BODIES") and not PRODUCTION
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Duet <duet@localhost>")
# Where people reach this instance; links in emails point here.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Who push services may contact about our pushes (VAPID "sub"): a mailto: or https: URL.
VAPID_SUBJECT = env("DUET_VAPID_SUBJECT") or f"mailto:{SERVER_EMAIL.rsplit('<', 1)[-1].rstrip('>')}"
if not VAPID_SUBJECT.startswith(("mailto:", "https://")):
    raise ImproperlyConfigured("DUET_VAPID_SUBJECT must start with mailto: or https://.")

# Push and Apprise channels reach only public addresses, checked after name resolution on
# every send (notifications/outbound.py). A host may allow names (a home ntfy server) and
# networks (CIDR, e.g. 192.168.1.0/24) here, comma-separated.
CHANNEL_ALLOWED_HOSTS = env_list("DUET_CHANNEL_ALLOWED_HOSTS")
CHANNEL_ALLOWED_NETWORKS = env_networks("DUET_CHANNEL_ALLOWED_NETWORKS")
# How long one push or channel send may take before it counts as a (retried) outage.
CHANNEL_TIMEOUT_SECONDS = float(env("DUET_CHANNEL_TIMEOUT_SECONDS", "10"))

# Security headers that hold in every mode.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # HTMX sends the token from the page, never from the cookie.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    # The service worker at /sw.js and the web app manifest: our own only.
    "worker-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

# Health probes (compose, load balancers) speak plain HTTP to the server itself.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env_bool("TRUST_X_FORWARDED_PROTO"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secrets": {"()": "config.redact.RedactSecretsFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_secrets"]},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # Django's own loggers lose their default handlers and print through the redacting one.
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
    },
}

# Single sign-on and proxy login (accounts/oidc.py, accounts/proxy_login.py; README, "Single
# sign-on"). Both are off until configured; password login stays on unless switched off.
OIDC_ISSUER = env("DUET_OIDC_ISSUER").rstrip("/")
OIDC_RP_CLIENT_ID = env("DUET_OIDC_CLIENT_ID")
OIDC_RP_CLIENT_SECRET = env("DUET_OIDC_CLIENT_SECRET")
OIDC_PROVIDER_NAME = env("DUET_OIDC_PROVIDER_NAME", "single sign-on")
# Endpoints come from the issuer's discovery document; any set here wins over it.
OIDC_OP_AUTHORIZATION_ENDPOINT = env("DUET_OIDC_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env("DUET_OIDC_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env("DUET_OIDC_USERINFO_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env("DUET_OIDC_JWKS_ENDPOINT")
OIDC_RP_SIGN_ALGO = env("DUET_OIDC_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = "openid email profile"
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
if OIDC_ISSUER and not (OIDC_RP_CLIENT_ID and OIDC_RP_CLIENT_SECRET):
    raise ImproperlyConfigured(
        "DUET_OIDC_ISSUER is set: DUET_OIDC_CLIENT_ID and DUET_OIDC_CLIENT_SECRET are needed too."
    )
if not OIDC_RP_SIGN_ALGO.startswith(("RS", "ES")):
    raise ImproperlyConfigured("DUET_OIDC_SIGN_ALGO must be an RS or ES algorithm, e.g. RS256.")
# The header an authenticating proxy puts the person's email in (e.g. Remote-Email), believed
# only from the proxy's own addresses or networks.
PROXY_LOGIN_HEADER = env("DUET_PROXY_LOGIN_HEADER")
TRUSTED_PROXY_IPS = env_networks("DUET_TRUSTED_PROXY_IPS")
if PROXY_LOGIN_HEADER and not TRUSTED_PROXY_IPS:
    raise ImproperlyConfigured(
        "DUET_PROXY_LOGIN_HEADER is set: DUET_TRUSTED_PROXY_IPS must name the proxy's address, "
        "or anyone could send the header."
    )
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "accounts.proxy_login.TrustedProxyLoginMiddleware",
)
PASSWORD_LOGIN = env_bool("DUET_PASSWORD_LOGIN", True)
if not PASSWORD_LOGIN and not (OIDC_ISSUER or PROXY_LOGIN_HEADER):
    raise ImproperlyConfigured(
        "DUET_PASSWORD_LOGIN=false leaves no way to log in: set DUET_OIDC_ISSUER or "
        "DUET_PROXY_LOGIN_HEADER too."
    )
