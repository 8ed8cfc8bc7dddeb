"""Django settings, read from environment variables.

Two modes, chosen by ``CIVICSHIFT_MODE``:

* ``development`` (default): DEBUG on unless ``CIVICSHIFT_DEBUG=0``, a random secret key kept in the
  local data folder, e-mail printed to the console. Used by ``make demo`` and the tests.
* ``production``: DEBUG off, ``SECRET_KEY`` and ``ALLOWED_HOSTS`` required from the environment,
  secure cookies, HSTS, HTTPS redirect. ``civicshift manage check --deploy`` is clean.

The database comes from ``DATABASE_URL`` (``sqlite:///path`` or ``postgres://...``); without it,
SQLite in the local data folder (``CIVICSHIFT_DATA_DIR``, default ``./data``).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
MODE = os.environ.get("CIVICSHIFT_MODE", "development").strip().lower()
if MODE not in {"development", "production"}:
    raise ImproperlyConfigured(
        f"CIVICSHIFT_MODE must be 'development' or 'production', not {MODE!r}."
    )
PRODUCTION = MODE == "production"
DATA_DIR = Path(os.environ.get("CIVICSHIFT_DATA_DIR", Path.cwd() / "data")).resolve()


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def _development_secret_key() -> str:
    """A random key kept beside the SQLite database, so sessions survive restarts."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        # Written whole under a temporary name, then linked in place only if no other process
        # (a parallel test worker, the demo's server and worker) got there first: a reader never
        # sees a half-written key, and every process ends up with the same one.
        partial = DATA_DIR / f".secret_key.{os.getpid()}"
        partial.write_text(secrets.token_urlsafe(50))
        partial.chmod(0o600)
        try:
            os.link(partial, key_file)
        except FileExistsError:
            pass  # another process linked its key first: everyone reads that one below
        finally:
            partial.unlink()
    return key_file.read_text().strip()


if PRODUCTION:
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "Production mode needs SECRET_KEY in the environment (at least 50 random characters); "
            "generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    DEBUG = False
    ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", [])
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "Production mode needs ALLOWED_HOSTS (comma-separated host names) in the environment."
        )
else:
    SECRET_KEY = os.environ.get("SECRET_KEY") or _development_secret_key()
    DEBUG = _env_bool("CIVICSHIFT_DEBUG", True)
    ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])

CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS", [])

# matplotlib (charts in Word/PDF documents) caches fonts in a folder it can write; without one
# it rebuilds the cache in every process.
os.environ.setdefault("MPLCONFIGDIR", str(DATA_DIR / "matplotlib"))

INSTALLED_APPS = [
    "civicshift.web.admin_config.CivicShiftAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_htmx",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "civicshift.web",
    "civicshift.orgs",
    "civicshift.audit",
    "civicshift.accounts",
    "civicshift.initiatives",
    "civicshift.cases",
    "civicshift.inventory",
    "civicshift.plans",
    "civicshift.funding",
    "civicshift.skills",
    "civicshift.backup",
    "civicshift.jobs",
    "civicshift.api",
    "civicshift.demo",
    "civicshift.ideas",
    "civicshift.surveys",
    "civicshift.people",
    "civicshift.vendors",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "civicshift.web.middleware.LocalFormatsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "civicshift.urls"
FORM_RENDERER = "civicshift.web.forms.UswdsFormRenderer"
WSGI_APPLICATION = "civicshift.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "civicshift.web.context_processors.shell",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'civicshift.sqlite3'}",
        conn_max_age=int(os.environ.get("CIVICSHIFT_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Several gunicorn workers, a task worker and the CLI share one file (docs/decisions.md,
    # "SQLite: WAL, IMMEDIATE transactions, a busy timeout"): readers never wait for the writer,
    # a write transaction takes the write lock when it begins (so it waits its turn instead of
    # failing half-way with "database is locked"), and a waiting writer gives up after 20 s.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    _sqlite_path = str(DATABASES["default"]["NAME"])
    if _sqlite_path and _sqlite_path != ":memory:":
        Path(_sqlite_path).parent.mkdir(parents=True, exist_ok=True)

# Background work (docs/background-work.md): a queue in the database (django-tasks' database
# backend), run by ``civicshift worker``; no other server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
CIVICSHIFT_JOB_HEARTBEAT_SECONDS = float(os.environ.get("CIVICSHIFT_JOB_HEARTBEAT_SECONDS", "5"))
#: A running job without a heartbeat for this long lost its worker and is marked failed.
CIVICSHIFT_JOB_STALE_SECONDS = float(os.environ.get("CIVICSHIFT_JOB_STALE_SECONDS", "60"))
CIVICSHIFT_JOB_SWEEP_SECONDS = float(os.environ.get("CIVICSHIFT_JOB_SWEEP_SECONDS", "30"))
CIVICSHIFT_JOB_KEEP_DAYS = int(os.environ.get("CIVICSHIFT_JOB_KEEP_DAYS", "7"))
# Per person: analyses and documents being prepared at once, and asked for per minute.
CIVICSHIFT_JOBS_MAX_ACTIVE_PER_USER = int(os.environ.get("CIVICSHIFT_JOBS_MAX_ACTIVE", "3"))
CIVICSHIFT_JOBS_PER_MINUTE = int(os.environ.get("CIVICSHIFT_JOBS_PER_MINUTE", "10"))

# endoflife.date's catalogue (support dates): a copy refreshed by ``inventory_eol_refresh`` lives
# here and is preferred to the one shipped in the package, which is never written to.
CIVICSHIFT_ENDOFLIFE_FILE = Path(
    os.environ.get("CIVICSHIFT_ENDOFLIFE_FILE", DATA_DIR / "endoflife" / "products.json")
)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Passwords: Argon2 first (OWASP's first choice); the others only verify old hashes.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
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
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "civicshift.accounts.backends.EmailOrUsernameBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Throttling of failed logins (django-axes): lock a username+address pair after 5 failures for
# 15 minutes. The lockout is per user and address so one attacker cannot lock everybody out.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
# Failures count per account whichever identifier was typed: "Alice@Town.gov", "alice@town.gov"
# and her username share one counter.
AXES_USERNAME_CALLABLE = "civicshift.accounts.throttle.throttle_username"
# Behind a reverse proxy every request comes from the proxy's address: name the header the
# proxy sets (e.g. HTTP_X_FORWARDED_FOR) so lock-outs are per real client address.
AXES_IPWARE_META_PRECEDENCE_ORDER = _env_list("CLIENT_IP_HEADERS", ["REMOTE_ADDR"])
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("CLIENT_IP_PROXY_COUNT", "0")) or None

# Password-reset requests per hour: from one network address, and for one e-mail address.
PASSWORD_RESET_LIMIT_PER_ADDRESS = int(os.environ.get("PASSWORD_RESET_LIMIT_PER_ADDRESS", "10"))
PASSWORD_RESET_LIMIT_PER_ACCOUNT = int(os.environ.get("PASSWORD_RESET_LIMIT_PER_ACCOUNT", "3"))

OTP_TOTP_ISSUER = "CivicShift"
# Site administration lists and deletes authenticators but never shows their secret or QR code.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Site administration asks for the second factor of a site administrator who has one; with
# CIVICSHIFT_ADMIN_REQUIRE_2FA=1 every site administrator must have one (and is sent to set it up).
ADMIN_REQUIRE_TWO_FACTOR = _env_bool("CIVICSHIFT_ADMIN_REQUIRE_2FA", False)

LANGUAGE_CODE = "en-us"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
# Outside production, look static files up per request instead of indexing the few thousand
# USWDS files each time a request handler starts (every test client starts one).
WHITENOISE_AUTOREFRESH = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "CivicShift <civicshift@localhost>")

# Security headers. The Content-Security-Policy allows no inline script and no eval: every script
# is a static file, and htmx is configured (meta tag) not to evaluate strings.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# Database sessions, as Django's, read by a query compiled once (accounts/sessions.py).
SESSION_ENGINE = "civicshift.accounts.sessions"
if PRODUCTION:
    SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = _env_bool("SECURE_HSTS_PRELOAD", False)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "civicshift.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CivicShift API",
    "DESCRIPTION": (
        "Organization-scoped REST API. Authenticate with a personal API token: "
        "`Authorization: Token <key>`."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets used under more than one field name or by more than one serializer.
    "ENUM_NAME_OVERRIDES": {
        "PeopleSubjectKindEnum": "civicshift.people.models.choices.SubjectKind",
        "PeopleStanceEnum": "civicshift.people.models.choices.Stance",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "no_traceback_for_client_errors": {
            "()": "civicshift.web.log_filters.NoTracebackForClientErrors"
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["no_traceback_for_client_errors"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Django's own "django" handlers (a console one for DEBUG, mail to ADMINS) are replaced by
    # the root's console handler, so each record prints once and goes through the filter above.
    # WeasyPrint (the business-case PDF) logs each step of each document at INFO.
    "loggers": {
        "axes": {"level": "WARNING"},
        "django": {"handlers": [], "level": "INFO"},
        "weasyprint.progress": {"level": "WARNING"},
    },
}
