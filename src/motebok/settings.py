"""Møtebok settings, read from ``MOTEBOK_*`` environment variables.

The defaults give the embedded SQLite set-up under ``.motebok/``. With ``MOTEBOK_DEBUG`` off
(the default) the production rules apply: a secret key must be given, cookies are secure unless
``MOTEBOK_HTTPS=0`` and only ``MOTEBOK_ALLOWED_HOSTS`` are served.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from motebok.core.env import (
    env_bool,
    env_database,
    env_int,
    env_list,
    env_secret,
    env_str,
)
from motebok.core.env_urls import env_cache, env_storage

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("MOTEBOK_DATA_DIR", ".motebok")).resolve()

DEBUG = env_bool("MOTEBOK_DEBUG", False)
SECRET_KEY = env_secret(
    "MOTEBOK_SECRET_KEY", required=not DEBUG, fallback="insecure-development-key-for-debug-only"
)
ALLOWED_HOSTS = env_list("MOTEBOK_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("MOTEBOK_CSRF_TRUSTED_ORIGINS", [])

HTTPS = env_bool("MOTEBOK_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("MOTEBOK_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("MOTEBOK_HSTS_SECONDS", 31_536_000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    # A load balancer asks for /healthz over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    # Preloading is what `check --deploy` asks for; an operator whose domain must stay off the
    # browsers' preload list sets MOTEBOK_HSTS_PRELOAD=0, and that check is then silenced knowingly.
    SECURE_HSTS_PRELOAD = env_bool("MOTEBOK_HSTS_PRELOAD", True)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "motebok.core",
    "motebok.orgs",
    "motebok.meetings",
    "motebok.followup",
    "motebok.programme",
    "motebok.calls",
    "motebok.archive",
    "motebok.api",
    "auditlog",
    "axes",
    "motebok.audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "motebok.core.middleware.ContentSecurityPolicyMiddleware",
    "motebok.core.staticfiles.StaticFilesMiddleware",  # WhiteNoise: static files, before sessions
    "motebok.core.nul.RefuseNulMiddleware",  # PostgreSQL cannot store NUL in text
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "motebok.core.pagecache.PageCacheMiddleware",  # anonymous public pages (after CSRF, locale)
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "motebok.audit.middleware.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "motebok.core.pagecache.SignedInPageCacheMiddleware",  # a few pages per user (last: needs all)
]

ROOT_URLCONF = "motebok.urls"
WSGI_APPLICATION = "motebok.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "motebok.core.context_processors.viewer",
            ],
        },
    },
]

DATABASES = {"default": env_database("MOTEBOK_DATABASE_URL", DATA_DIR / "motebok.sqlite3")}
# An optional read replica for anonymous public pages (motebok.core.replica decides which reads).
if env_str("MOTEBOK_DATABASE_REPLICA_URL"):
    DATABASES["replica"] = env_database("MOTEBOK_DATABASE_REPLICA_URL", DATA_DIR / "unused")
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # a test run gets no database of its own
    DATABASE_ROUTERS = ["motebok.core.replica.ReplicaRouter"]
    MIDDLEWARE.insert(0, "motebok.core.replica.ReplicaMiddleware")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# JSON with times to the microsecond (backups give back the rows exactly): motebok.core.serializers.
SERIALIZATION_MODULES = {"json": "motebok.core.serializers"}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login limiting (django-axes): a username is locked from an address after MOTEBOK_LOGIN_ATTEMPTS
# failed attempts, for MOTEBOK_LOGIN_COOLOFF_MINUTES. The first backend only checks the lock.
AUTHENTICATION_BACKENDS = [
    "motebok.audit.login_limit.LoginLimitBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("MOTEBOK_LOGIN_ATTEMPTS", 5, minimum=1)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("MOTEBOK_LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "motebok.audit.login_limit.lockout_response"
# Reverse proxies in front that append to X-Forwarded-For (the nginx of docs/deploy.md: 1).
MOTEBOK_PROXY_COUNT = env_int("MOTEBOK_PROXY_COUNT", 0, minimum=0)
AXES_CLIENT_IP_CALLABLE = "motebok.audit.login_limit.client_address"
AXES_VERBOSE = False

# Single sign-on through OpenID Connect (mozilla-django-oidc, motebok.core.oidc): off unless
# MOTEBOK_OIDC_CLIENT_ID is set. The endpoints come from the issuer's discovery document unless
# given; users are matched by verified e-mail and never created (docs/deploy.md).
OIDC_RP_CLIENT_ID = env_str("MOTEBOK_OIDC_CLIENT_ID")
MOTEBOK_OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
MOTEBOK_OIDC_ISSUER = env_str("MOTEBOK_OIDC_ISSUER")  # exactly as the ID tokens carry it
OIDC_RP_CLIENT_SECRET = env_secret("MOTEBOK_OIDC_CLIENT_SECRET", required=False, fallback="")
OIDC_RP_SCOPES = env_str("MOTEBOK_OIDC_SCOPES", "openid email profile")
OIDC_RP_SIGN_ALGO = env_str("MOTEBOK_OIDC_SIGN_ALGO", "RS256")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("MOTEBOK_OIDC_AUTHORIZATION_ENDPOINT")
OIDC_OP_TOKEN_ENDPOINT = env_str("MOTEBOK_OIDC_TOKEN_ENDPOINT")
OIDC_OP_USER_ENDPOINT = env_str("MOTEBOK_OIDC_USERINFO_ENDPOINT")
OIDC_OP_JWKS_ENDPOINT = env_str("MOTEBOK_OIDC_JWKS_ENDPOINT")
MOTEBOK_OIDC_END_SESSION_ENDPOINT = env_str("MOTEBOK_OIDC_END_SESSION_ENDPOINT")
MOTEBOK_OIDC_PROVIDER_NAME = env_str("MOTEBOK_OIDC_PROVIDER_NAME", "OpenID Connect")
MOTEBOK_OIDC_REQUIRE_VERIFIED_EMAIL = env_bool("MOTEBOK_OIDC_REQUIRE_VERIFIED_EMAIL", True)
OIDC_TIMEOUT = env_int("MOTEBOK_OIDC_TIMEOUT_SECONDS", 10, minimum=1)
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
if MOTEBOK_OIDC_ENABLED:
    _issuer = urlsplit(MOTEBOK_OIDC_ISSUER)
    _loopback = _issuer.scheme == "http" and _issuer.hostname in {"127.0.0.1", "localhost", "::1"}
    if not _issuer.hostname or not (_issuer.scheme == "https" or _loopback):
        raise ImproperlyConfigured(
            "MOTEBOK_OIDC_ISSUER must be the provider's https:// address "
            "when MOTEBOK_OIDC_CLIENT_ID is set"
        )
    if not OIDC_RP_CLIENT_SECRET:
        raise ImproperlyConfigured(
            "MOTEBOK_OIDC_CLIENT_SECRET must be set when MOTEBOK_OIDC_CLIENT_ID is set "
            "(or MOTEBOK_OIDC_CLIENT_SECRET_FILE naming a file with it)"
        )
    AUTHENTICATION_BACKENDS.append("motebok.core.oidc.OIDCBackend")

# Audit trail (django-auditlog, entries in motebok.audit): who changed what, when, before/after.
AUDITLOG_LOGENTRY_MODEL = "audit.AuditEntry"
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    # Counters and timestamps of their own are left out: the entry has its time.
    {
        "model": "meetings.Meeting",
        "exclude_fields": ["minutes_version", "sequence", "updated_at", "created_at"],
    },
    {"model": "meetings.AgendaItem", "exclude_fields": ["version"]},
    "meetings.Attendance",
    {"model": "meetings.Contribution", "exclude_fields": ["version", "updated_at"]},
    "meetings.Correction",
    {"model": "followup.Task", "exclude_fields": ["created_at"]},
    "orgs.Seat",
    "orgs.Membership",
)
AUDITLOG_DISABLE_REMOTE_ADDR = False
AUDITLOG_DISABLE_ON_RAW_SAVE = True  # loading fixtures or a backup restores its own entries
# The library's own log entry table is not used (the entries are motebok.audit's): no migrations.
MIGRATION_MODULES = {"auditlog": None}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian Bokmål")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# Hashed, compressed static files, served by WhiteNoise (motebok.core.staticfiles).
# Files on the local disk (MEDIA_ROOT), or in a private S3 bucket when MOTEBOK_STORAGE_URL says so.
STORAGES = {
    "default": env_storage("MOTEBOK_STORAGE_URL"),
    "staticfiles": {"BACKEND": "motebok.core.staticfiles.StaticFilesStorage"},
}
# This process's memory, or a Redis that every node shares (MOTEBOK_CACHE_URL). Sessions are in the
# database, which every node shares; with a shared cache in front of it (cached_db).
CACHES = {"default": env_cache("MOTEBOK_CACHE_URL")}
if CACHES["default"]["BACKEND"] != "django.core.cache.backends.locmem.LocMemCache":
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MOTEBOK_MEDIA_ROOT", str(DATA_DIR / "files"))).resolve()
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
MOTEBOK_MAX_UPLOAD_BYTES = env_int("MOTEBOK_MAX_UPLOAD_MB", 20, minimum=1) * 1024 * 1024

# E-mail: SMTP in production; without MOTEBOK_EMAIL_HOST every message is only kept in the outbox.
EMAIL_HOST = env_str("MOTEBOK_EMAIL_HOST")
EMAIL_PORT = env_int("MOTEBOK_EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("MOTEBOK_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_secret("MOTEBOK_EMAIL_PASSWORD", required=False, fallback="")
EMAIL_USE_TLS = env_bool("MOTEBOK_EMAIL_TLS", True)
DEFAULT_FROM_EMAIL = env_str("MOTEBOK_EMAIL_FROM", "motebok@localhost")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.locmem.EmailBackend"
)
MOTEBOK_BASE_URL = env_str("MOTEBOK_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Whole pages for visitors, and a few per signed-in user, in the default cache
# (motebok.core.pagecache); at most this many seconds old, 0 switches it off.
MOTEBOK_PAGE_CACHE_SECONDS = env_int("MOTEBOK_PAGE_CACHE_SECONDS", 60, minimum=0)
MOTEBOK_REMINDER_DAYS = env_int("MOTEBOK_REMINDER_DAYS", 3, minimum=0)

# Background work: the database queue, run by `motebok worker`; the demo runs tasks in-process.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if env_bool("MOTEBOK_TASK_WORKER", False)
        else "django_tasks.backends.immediate.ImmediateBackend"
    }
}

# `motebok serve`: gunicorn's address and worker processes (each holds one database connection).
MOTEBOK_BIND = env_str("MOTEBOK_BIND", "127.0.0.1:8000")
MOTEBOK_WEB_WORKERS = env_int(
    "MOTEBOK_WEB_WORKERS", min(2 * (os.cpu_count() or 1) + 1, 12), minimum=1
)

# Logs go to standard error; MOTEBOK_LOG_FORMAT=json writes one JSON object per line.
MOTEBOK_LOG_FORMAT = env_str("MOTEBOK_LOG_FORMAT", "text").lower()
if MOTEBOK_LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(
        f"MOTEBOK_LOG_FORMAT={MOTEBOK_LOG_FORMAT!r} is not a log format; use text or json"
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "motebok.core.logformat.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"}
        | ({"formatter": "json"} if MOTEBOK_LOG_FORMAT == "json" else {})
    },
    "root": {"handlers": ["console"], "level": env_str("MOTEBOK_LOG_LEVEL", "INFO").upper()},
}
