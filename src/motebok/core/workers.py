"""Tasks a killed worker left running go back to the queue.

django-tasks-db marks a task RUNNING, with the worker's id appended to ``worker_ids``, when a
worker claims it, and SUCCESSFUL or FAILED when it ends; a worker killed in between (SIGKILL,
power loss) leaves it RUNNING for ever, and the library has no lease or heartbeat to notice.
So every ``motebok worker`` keeps a ``WorkerHeartbeat`` row fresh (:func:`beat`, every
``--heartbeat-interval`` seconds from a thread of its own, so a long task does not stop it),
and at start and after each beat puts back in the queue (:func:`recover_orphaned_tasks`) the
tasks left RUNNING by a worker that has not been seen for ``--stale-after`` seconds.

A recovered task runs again from the start: every task of Møtebok is written to be run twice
without doing its work twice (docs/reliability.md).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket

from django.db.models import Exists
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from motebok.core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)


def beat(worker_id: str, now: dt.datetime | None = None) -> None:
    """Record that ``worker_id`` is alive now (its row is created at the first beat)."""
    now = now or timezone.now()
    if WorkerHeartbeat.objects.filter(worker_id=worker_id).update(seen_at=now):
        return
    WorkerHeartbeat.objects.get_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": now,
            "seen_at": now,
        },
    )


def stopped(worker_id: str) -> None:
    """Forget a worker that has ended cleanly: it has no task left running."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def _alive(worker_id: str | None, cutoff: dt.datetime):
    return WorkerHeartbeat.objects.filter(worker_id=worker_id, seen_at__gte=cutoff)


def requeue(
    task_id, worker_id: str | None, started_at: dt.datetime | None, cutoff: dt.datetime
) -> bool:
    """Put one task back in the queue if it is still the run ``worker_id`` claimed at
    ``started_at``, that worker has not been seen since ``cutoff`` and the run began before it.

    One conditional UPDATE, so that of several workers recovering at once only one succeeds
    (on PostgreSQL the others wait for its row lock and then find it READY; SQLite runs one
    write at a time), and a task that has meanwhile finished or been claimed again (a new
    ``started_at``) is left alone. Returns whether the task was put back.
    """
    return bool(
        DBTaskResult.objects.filter(
            pk=task_id,
            status=TaskResultStatus.RUNNING,
            started_at=started_at,
            started_at__lt=cutoff,
        )
        .filter(~Exists(_alive(worker_id, cutoff)))
        .update(status=TaskResultStatus.READY, started_at=None)
    )


def recover_orphaned_tasks(
    stale_after: dt.timedelta, *, backend_name: str, now: dt.datetime | None = None
) -> list[str]:
    """Put back in the queue every task of ``backend_name`` left RUNNING by a worker not seen
    for ``stale_after``, and forget the heartbeats of workers long gone.

    A task counts as orphaned when its last worker (the last of its ``worker_ids``) has no
    heartbeat since ``now - stale_after`` (none at all: a worker that ended, or a plain
    ``db_worker``) and its run began before then. It becomes READY again with its
    ``worker_ids`` kept (the next worker appends its own), so it runs once more.

    Side effects: the UPDATE of each such task, one WARNING log line for each, and the deletion
    of heartbeat rows not refreshed for twice ``stale_after``. Returns the ids of the tasks put
    back.
    """
    now = now or timezone.now()
    cutoff = now - stale_after
    running = list(
        DBTaskResult.objects.running()
        .filter(backend_name=backend_name, started_at__lt=cutoff)
        .values_list("pk", "task_path", "worker_ids", "started_at")
    )
    last_seen = dict(WorkerHeartbeat.objects.values_list("worker_id", "seen_at"))
    recovered = []
    for task_id, task_path, worker_ids, started_at in running:
        worker_id = worker_ids[-1] if worker_ids else None
        seen = last_seen.get(worker_id)
        if seen is not None and seen >= cutoff:
            continue
        if requeue(task_id, worker_id, started_at, cutoff):
            recovered.append(str(task_id))
            logger.warning(
                "Task %s (%s) was left running by worker %s, last seen %s: queued again",
                task_id,
                task_path,
                worker_id,
                seen.isoformat() if seen else "never",
            )
    # Twice the timeout: by then every task such a worker claimed has been put back above (it
    # claimed its last one at most a heartbeat interval after its last beat).
    WorkerHeartbeat.objects.filter(seen_at__lt=now - 2 * stale_after).delete()
    return recovered
