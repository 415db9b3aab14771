"""Møtebok settings, read from ``MOTEBOK_*`` environment variables.

The defaults give the embedded SQLite set-up under ``.motebok/``. With ``MOTEBOK_DEBUG`` off
(the default) the production rules apply: a secret key must be given, cookies are secure unless
``MOTEBOK_HTTPS=0`` and only ``MOTEBOK_ALLOWED_HOSTS`` are served.
"""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from motebok.core.env import (
    env_bool,
    env_database,
    env_int,
    env_list,
    env_secret,
    env_str,
)

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
    SECURE_HSTS_PRELOAD = False
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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "motebok.core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
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
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
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
MOTEBOK_REMINDER_DAYS = env_int("MOTEBOK_REMINDER_DAYS", 3, minimum=0)

# Background work: the database queue, run by `motebok worker`; the demo runs tasks in-process.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if env_bool("MOTEBOK_TASK_WORKER", False)
        else "django_tasks.backends.immediate.ImmediateBackend"
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("MOTEBOK_LOG_LEVEL", "INFO").upper()},
}
