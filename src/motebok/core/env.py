"""Typed readers for ``MOTEBOK_*`` environment variables.

Each helper fails loudly with :class:`ImproperlyConfigured` and a one-line message naming the
variable, so that a bad value stops start-up with a clear line instead of a traceback.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_DB_SCHEMES = {"sqlite": "sqlite", "postgres": "postgres", "postgresql": "postgres"}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a boolean; use 1/0, true/false, yes/no or on/off"
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} is below the minimum {minimum}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


def env_secret(name: str, *, required: bool, fallback: str) -> str:
    """A secret from ``NAME`` or from the file named by ``NAME_FILE``."""
    value = env_str(name)
    file_name = env_str(f"{name}_FILE")
    if not value and file_name:
        try:
            value = Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(
                f"{name}_FILE: cannot read {file_name!r} ({exc.strerror})"
            ) from None
    if value:
        return value
    if required:
        raise ImproperlyConfigured(
            f"{name} must be set when MOTEBOK_DEBUG is off (or {name}_FILE naming a file with it)"
        )
    return fallback


# A process keeps its SQLite connection between requests, as it does a PostgreSQL one: opening a
# file anew costs more than a whole page from the page cache (SQLite reads the schema again).
_SQLITE_REUSE = {"CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True}


def env_database(name: str, default_sqlite_path: Path) -> dict:
    """A Django ``DATABASES['default']`` entry from a database URL (SQLite or PostgreSQL)."""
    raw = env_str(name)
    if not raw:
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(default_sqlite_path),
            "OPTIONS": {"timeout": 20},
            **_SQLITE_REUSE,
        }
    scheme = raw.split(":", 1)[0].lower() if ":" in raw else ""
    if scheme not in _DB_SCHEMES:
        raise ImproperlyConfigured(
            f"{name}: unknown database scheme {scheme or raw!r}; use sqlite:///PATH or postgres://USER@HOST:PORT/NAME"
        )
    try:
        config = dj_database_url.parse(raw, conn_max_age=60, conn_health_checks=True)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}: {exc}") from None
    if _DB_SCHEMES[scheme] == "sqlite":
        config.update(_SQLITE_REUSE, OPTIONS={"timeout": 20})
    elif not config.get("NAME"):
        raise ImproperlyConfigured(f"{name}: the URL names no database")
    return config
