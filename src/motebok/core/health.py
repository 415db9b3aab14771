"""Whether a web process can reach what it needs: the database, the file storage, the task queue
and the shared cache.

Each check answers yes or no and never raises; why a check failed goes to the log, never into
the report, which an unauthenticated load balancer reads. The whole report costs at most two
SQL queries (one ``SELECT 1``, one look into the task table), one small file written, read
back and deleted, and with a shared cache (Redis) one key set, read back and deleted, each
answer awaited at most ``CACHE_PROBE_TIMEOUT`` seconds.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.redis import RedisCache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db import DatabaseBackend

from motebok.core.env_urls import LOCAL_CACHE, REDIS_BACKEND

logger = logging.getLogger(__name__)

PROBE_FOLDER = "healthz"
PROBE_CONTENT = b"motebok health probe\n"
# Seconds to connect to the shared cache and to wait for each of its answers: less than the
# 5 s the pages allow it (motebok.core.env_urls), so that a load balancer hears in time.
CACHE_PROBE_TIMEOUT = 2

_probe_caches: dict[str, BaseCache] = {}


def check_database() -> bool:
    """The default database answers a ``SELECT 1``."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # any failure means "not reachable"; the cause goes to the log
        logger.warning("Health check: the database does not answer", exc_info=True)
        return False


def check_storage() -> bool:
    """A small file can be written to the file storage (MEDIA), read back and deleted."""
    name = None
    try:
        name = default_storage.save(
            f"{PROBE_FOLDER}/{get_random_string(16)}.probe", ContentFile(PROBE_CONTENT)
        )
        with default_storage.open(name, "rb") as probe:
            same = probe.read() == PROBE_CONTENT
        default_storage.delete(name)
        name = None
    except Exception:  # any failure means "not reachable"; the cause goes to the log
        logger.warning("Health check: the file storage cannot be written", exc_info=True)
        return False
    else:
        if not same:
            logger.warning("Health check: the file storage gave back another content")
        return same
    finally:
        if name is not None:
            try:
                default_storage.delete(name)
            except Exception:  # already reported as unhealthy above
                logger.warning("Health check: probe file %s left behind", name)


def check_tasks() -> tuple[str, bool]:
    """The task backend's name and whether it can take tasks: for the database queue, its table
    answers; the in-process backend runs each task at once and has nothing to reach."""
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    if isinstance(backend, DatabaseBackend):
        from django_tasks_db.models import DBTaskResult

        try:
            DBTaskResult.objects.exists()
        except Exception:  # any failure means "not reachable"; the cause goes to the log
            logger.warning("Health check: the task queue does not answer", exc_info=True)
            return "database", False
        return "database", True
    if isinstance(backend, ImmediateBackend):
        return "immediate", True
    # Any other backend (the dummy one never runs a task) cannot be vouched for.
    return type(backend).__name__, False


def _probe_cache(params: dict) -> BaseCache:
    """The default cache, or for Redis a client of the same server and key prefix with the
    shorter timeouts, made once per process (and per configuration, for the tests)."""
    if params["BACKEND"] != REDIS_BACKEND:
        return caches["default"]
    key = repr(sorted(params.items()))
    if key not in _probe_caches:
        options = params.get("OPTIONS", {}) | {
            "socket_connect_timeout": CACHE_PROBE_TIMEOUT,
            "socket_timeout": CACHE_PROBE_TIMEOUT,
        }
        _probe_caches[key] = RedisCache(params["LOCATION"], params | {"OPTIONS": options})
    return _probe_caches[key]


def check_cache() -> tuple[str, bool]:
    """The kind of the default cache and whether it answers: a shared one (Redis) takes a probe
    key, gives it back and deletes it; this process's own memory has nothing to reach."""
    params = settings.CACHES["default"]
    if params["BACKEND"] == LOCAL_CACHE["BACKEND"]:
        return "local", True
    kind = "redis" if params["BACKEND"] == REDIS_BACKEND else params["BACKEND"].rpartition(".")[2]
    key = f"{PROBE_FOLDER}:{get_random_string(16)}"
    try:
        cache = _probe_cache(params)
        cache.set(key, PROBE_CONTENT, timeout=60)  # expires even if the delete never comes
        same = cache.get(key) == PROBE_CONTENT
        cache.delete(key)
    except Exception:  # any failure means "not reachable"; the cause goes to the log
        logger.warning("Health check: the shared cache does not answer", exc_info=True)
        return kind, False
    if not same:
        logger.warning("Health check: the shared cache gave back another value")
    return kind, same


def report() -> dict:
    """``{"status": "ok"|"unavailable", "database": bool, "storage": bool, "tasks": bool,
    "task_backend": str, "cache": bool, "cache_backend": str}``."""
    database = check_database()
    storage = check_storage()
    task_backend, tasks = check_tasks()
    cache_backend, cache = check_cache()
    healthy = database and storage and tasks and cache
    return {
        "status": "ok" if healthy else "unavailable",
        "database": database,
        "storage": storage,
        "tasks": tasks,
        "task_backend": task_backend,
        "cache": cache,
        "cache_backend": cache_backend,
    }
