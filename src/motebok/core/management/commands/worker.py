"""``motebok worker``: run background tasks from the database queue, and schedule reminders.

The queue is django-tasks-db's: this command runs its ``db_worker`` loop unchanged and adds two
threads: one enqueues the periodic tasks at start and then every ``--reminder-interval``
minutes; the other keeps this worker's heartbeat fresh every ``--heartbeat-interval`` seconds
and puts back in the queue the tasks that a worker not seen for ``--stale-after`` seconds left
running (motebok.core.workers), as the worker also does once at start. Several workers may run
side by side: a reminder is never sent twice, and a task is put back by one worker only.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from motebok.calls.tasks import send_call_mail
from motebok.core import workers
from motebok.core.tasks import deliver_pending_mail
from motebok.followup.tasks import send_due_reminders

logger = logging.getLogger(__name__)


PERIODIC_TASKS = (send_due_reminders, send_call_mail, deliver_pending_mail)


def enqueue_reminders() -> bool:
    """Enqueue each periodic task (task reminders, call announcements and reminders, kept mail
    not yet sent) unless a run of it is already waiting in the queue; returns whether any was
    enqueued."""
    enqueued = False
    for periodic in PERIODIC_TASKS:
        if DBTaskResult.objects.ready().filter(task_path=periodic.module_path).exists():
            continue
        periodic.enqueue()
        enqueued = True
    return enqueued


def schedule_reminders(every_seconds: float) -> None:
    """Enqueue the reminders every ``every_seconds``, forever (in a daemon thread)."""
    while True:
        time.sleep(every_seconds)
        try:
            enqueue_reminders()
        except Exception:  # the next round tries again; the worker itself keeps running
            logger.exception("Could not enqueue the reminders")
        finally:
            connection.close()


def keep_alive(
    worker_id: str,
    every_seconds: float,
    stale_after: dt.timedelta,
    backend_name: str,
    stop: threading.Event,
) -> None:
    """Until ``stop`` is set, every ``every_seconds``: refresh this worker's heartbeat, then put
    back in the queue what stale workers left running; then remove the heartbeat (in a daemon
    thread, on a database connection of its own: a signal that ended the worker's loop may have
    left the main thread's connection in the middle of a transaction)."""
    while not stop.wait(every_seconds):
        try:
            workers.beat(worker_id)
            workers.recover_orphaned_tasks(stale_after, backend_name=backend_name)
        except Exception:  # the next round tries again; the worker itself keeps running
            logger.exception("Could not refresh the heartbeat or recover orphaned tasks")
        finally:
            connection.close()
    try:
        workers.stopped(worker_id)
    except Exception:  # its row goes stale and is forgotten by the next worker
        logger.exception("Could not remove the heartbeat of worker %s", worker_id)
    finally:
        connection.close()


class Command(BaseCommand):
    help = (
        "Run the background tasks (e-mail, reminders, imports) from the database queue; "
        "needs MOTEBOK_TASK_WORKER=1 in every process of the installation."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds to wait when the queue is empty before looking again (default: 1).",
        )
        parser.add_argument(
            "--reminder-interval",
            type=float,
            default=60.0,
            help="Minutes between two runs of the task reminders (default: 60).",
        )
        parser.add_argument(
            "--heartbeat-interval",
            type=float,
            default=30.0,
            help="Seconds between two heartbeats of this worker (default: 30).",
        )
        parser.add_argument(
            "--stale-after",
            type=float,
            default=300.0,
            help=(
                "Seconds without a heartbeat after which a worker counts as gone and the tasks "
                "it left running are queued again; at least twice every worker's "
                "--heartbeat-interval (default: 300)."
            ),
        )
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Enqueue the reminders, run every task waiting in the queue, then exit.",
        )

    def handle(
        self,
        *args,
        interval,
        reminder_interval,
        heartbeat_interval,
        stale_after,
        batch,
        verbosity,
        **options,
    ):
        backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
        if not isinstance(backend, DatabaseBackend):
            raise CommandError(
                f"The task backend is {type(backend).__name__}, which runs tasks in-process: "
                "there is nothing for a worker to do (set MOTEBOK_TASK_WORKER=1).",
                returncode=2,
            )
        if interval < 0 or reminder_interval <= 0:
            raise CommandError("--interval must be ≥ 0 and --reminder-interval > 0.")
        if heartbeat_interval <= 0 or stale_after < 2 * heartbeat_interval:
            raise CommandError(
                "--heartbeat-interval must be > 0 and --stale-after at least twice as long."
            )
        worker_id = get_random_string(32)
        stale = dt.timedelta(seconds=stale_after)
        workers.beat(worker_id)
        workers.recover_orphaned_tasks(stale, backend_name=backend.alias)
        enqueue_reminders()
        if not batch:
            threading.Thread(
                target=schedule_reminders,
                args=(reminder_interval * 60,),
                name="motebok-reminders",
                daemon=True,
            ).start()
        stop = threading.Event()
        heart = threading.Thread(
            target=keep_alive,
            args=(worker_id, heartbeat_interval, stale, backend.alias, stop),
            name="motebok-heartbeat",
            daemon=True,
        )
        heart.start()
        try:
            call_command(
                "db_worker",
                queue_name="*",
                interval=interval,
                batch=batch,
                reload=False,
                startup_delay=not batch,
                worker_id=worker_id,
                verbosity=verbosity,
                stdout=self.stdout,
                stderr=self.stderr,
            )
        finally:  # a clean end (also after SIGTERM or Ctrl+C): no task of ours is left running
            stop.set()
            heart.join(timeout=30)
