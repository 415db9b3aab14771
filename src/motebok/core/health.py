"""Whether a web process can reach what it needs: the database, the file storage, the task queue.

Each check answers yes or no and never raises; why a check failed goes to the log, never into
the report, which an unauthenticated load balancer reads. The whole report costs at most two
SQL queries (one ``SELECT 1``, one look into the task table) and one small file written, read
back and deleted.
"""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db import DatabaseBackend

logger = logging.getLogger(__name__)

PROBE_FOLDER = "healthz"
PROBE_CONTENT = b"motebok health probe\n"


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


def report() -> dict:
    """``{"status": "ok"|"unavailable", "database": bool, "storage": bool, "tasks": bool,
    "task_backend": str}``."""
    database = check_database()
    storage = check_storage()
    task_backend, tasks = check_tasks()
    healthy = database and storage and tasks
    return {
        "status": "ok" if healthy else "unavailable",
        "database": database,
        "storage": storage,
        "tasks": tasks,
        "task_backend": task_backend,
    }
