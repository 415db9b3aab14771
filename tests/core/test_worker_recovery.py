"""A task that a killed ``motebok worker`` left running goes back to the queue and runs again,
once: the heartbeats and the recovery of motebok.core.workers, and real worker processes."""

import datetime as dt
import io
import json
import logging
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max

from installation import installation
from motebok.calls.tasks import send_call_mail
from motebok.core import workers
from motebok.core.models import WorkerHeartbeat
from motebok.core.tasks import deliver_pending_mail
from motebok.followup.tasks import send_due_reminders

NOW = dt.datetime(2026, 12, 2, 12, 0, tzinfo=dt.UTC)
STALE = dt.timedelta(minutes=5)
DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
TASK_FOLDER = Path(__file__).resolve().parent  # worker_crash_tasks.py, for the worker processes


def minutes_ago(minutes: float) -> dt.datetime:
    return NOW - dt.timedelta(minutes=minutes)


def heartbeat(worker_id: str, seen_minutes_ago: float) -> WorkerHeartbeat:
    return WorkerHeartbeat.objects.create(
        worker_id=worker_id,
        hostname="node-1",
        pid=4242,
        started_at=minutes_ago(60),
        seen_at=minutes_ago(seen_minutes_ago),
    )


def task_row(status=TaskResultStatus.RUNNING, worker_ids=("dead",), started_minutes_ago=10, **kw):
    return DBTaskResult.objects.create(
        status=status,
        worker_ids=list(worker_ids),
        started_at=None if started_minutes_ago is None else minutes_ago(started_minutes_ago),
        task_path=deliver_pending_mail.module_path,
        args_kwargs={"args": [], "kwargs": {}},
        backend_name=kw.pop("backend_name", "default"),
        queue_name="default",
        run_after=get_date_max(),
        **kw,
    )


def state(row: DBTaskResult) -> tuple:
    row.refresh_from_db()
    return (row.status, row.started_at, row.worker_ids)


def recover() -> list[str]:
    return workers.recover_orphaned_tasks(STALE, backend_name="default", now=NOW)


def test_a_task_left_by_a_stale_worker_is_queued_again(db, caplog):
    heartbeat("dead", seen_minutes_ago=6)
    row = task_row(worker_ids=["dead"], started_minutes_ago=7)
    with caplog.at_level(logging.WARNING, logger="motebok.core.workers"):
        assert recover() == [str(row.pk)]
    assert state(row) == (TaskResultStatus.READY, None, ["dead"])
    assert row in DBTaskResult.objects.ready()
    assert [r.getMessage() for r in caplog.records if r.name == "motebok.core.workers"] == [
        f"Task {row.pk} (motebok.core.tasks.deliver_pending_mail) was left running by worker "
        "dead, last seen 2026-12-02T11:54:00+00:00: queued again"
    ]
    assert recover() == []  # once only


def test_a_task_of_a_live_worker_is_left_alone_however_long_it_runs(db):
    heartbeat("alive", seen_minutes_ago=4.9)
    row = task_row(worker_ids=["alive"], started_minutes_ago=600)
    assert recover() == []
    assert state(row) == (TaskResultStatus.RUNNING, minutes_ago(600), ["alive"])


def test_a_worker_without_heartbeat_loses_only_tasks_older_than_the_timeout(db, caplog):
    """A plain ``db_worker`` or a worker that has ended keeps no heartbeat: its task is taken
    back once it has run for longer than the timeout."""
    old = task_row(worker_ids=["gone"], started_minutes_ago=5.1)
    recent = task_row(worker_ids=["gone"], started_minutes_ago=4.9)
    with caplog.at_level(logging.WARNING, logger="motebok.core.workers"):
        assert recover() == [str(old.pk)]
    assert state(old) == (TaskResultStatus.READY, None, ["gone"])
    assert state(recent) == (TaskResultStatus.RUNNING, minutes_ago(4.9), ["gone"])
    assert caplog.records[-1].getMessage().endswith("by worker gone, last seen never: queued again")


def test_only_the_last_worker_of_a_task_counts(db):
    heartbeat("alive", seen_minutes_ago=0)
    heartbeat("dead", seen_minutes_ago=30)
    retried_by_live = task_row(worker_ids=["dead", "alive"], started_minutes_ago=10)
    retried_by_dead = task_row(worker_ids=["alive", "dead"], started_minutes_ago=10)
    assert recover() == [str(retried_by_dead.pk)]
    assert state(retried_by_live) == (
        TaskResultStatus.RUNNING,
        minutes_ago(10),
        ["dead", "alive"],
    )
    assert state(retried_by_dead) == (TaskResultStatus.READY, None, ["alive", "dead"])


def test_finished_and_waiting_tasks_and_other_backends_are_untouched(db):
    heartbeat("dead", seen_minutes_ago=60)
    rows = [
        task_row(TaskResultStatus.SUCCESSFUL, finished_at=minutes_ago(9)),
        task_row(TaskResultStatus.FAILED, finished_at=minutes_ago(9)),
        task_row(TaskResultStatus.READY, worker_ids=(), started_minutes_ago=None),
        task_row(backend_name="other"),
    ]
    before = [state(row) for row in rows]
    assert recover() == []
    assert [state(row) for row in rows] == before
    assert [row.status for row in rows] == ["SUCCESSFUL", "FAILED", "READY", "RUNNING"]


def test_requeue_is_conditional(db):
    """What two recovering workers, or a worker coming back, would race on: the UPDATE puts a
    task back only while it is the same run of a still stale worker."""
    cutoff = minutes_ago(5)
    stale_run = minutes_ago(10)
    heartbeat("dead", seen_minutes_ago=8)
    row = task_row(worker_ids=["dead"], started_minutes_ago=10)

    WorkerHeartbeat.objects.filter(worker_id="dead").update(seen_at=minutes_ago(1))
    assert workers.requeue(row.pk, "dead", stale_run, cutoff) is False  # it came back
    WorkerHeartbeat.objects.filter(worker_id="dead").update(seen_at=minutes_ago(8))

    DBTaskResult.objects.filter(pk=row.pk).update(started_at=minutes_ago(9))
    assert workers.requeue(row.pk, "dead", stale_run, cutoff) is False  # claimed again since
    assert state(row) == (TaskResultStatus.RUNNING, minutes_ago(9), ["dead"])

    assert workers.requeue(row.pk, "dead", minutes_ago(9), cutoff) is True
    assert workers.requeue(row.pk, "dead", minutes_ago(9), cutoff) is False  # the second one
    assert state(row) == (TaskResultStatus.READY, None, ["dead"])


def test_heartbeats_are_forgotten_after_twice_the_timeout(db):
    heartbeat("alive", seen_minutes_ago=1)
    heartbeat("stale", seen_minutes_ago=9.9)  # kept, so that the log can say when it was seen
    heartbeat("gone", seen_minutes_ago=10.1)
    assert recover() == []
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["alive", "stale"]


def test_a_beat_creates_the_row_then_refreshes_it(db):
    workers.beat("w1", now=minutes_ago(2))
    workers.beat("w1", now=minutes_ago(1))
    row = WorkerHeartbeat.objects.get()
    assert (row.worker_id, row.started_at, row.seen_at) == ("w1", minutes_ago(2), minutes_ago(1))
    workers.stopped("w1")
    assert WorkerHeartbeat.objects.count() == 0


def test_worker_recovers_at_start_and_runs_the_task_again(transactional_db, settings, keep_signals):
    settings.TASKS = DB_TASKS
    row = task_row(worker_ids=["dead"])
    row.started_at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=6)
    row.save(update_fields=["started_at"])
    call_command("worker", "--batch", verbosity=0, stdout=io.StringIO())
    row.refresh_from_db()
    assert (row.status, row.return_value, len(row.worker_ids), row.worker_ids[0]) == (
        TaskResultStatus.SUCCESSFUL,
        0,
        2,
        "dead",
    )
    # The recovered run of deliver_pending_mail was waiting, so no second one was enqueued.
    runs = sorted(DBTaskResult.objects.values_list("task_path", "status"))
    assert runs == sorted(
        [
            (deliver_pending_mail.module_path, TaskResultStatus.SUCCESSFUL),
            (send_call_mail.module_path, TaskResultStatus.SUCCESSFUL),
            (send_due_reminders.module_path, TaskResultStatus.SUCCESSFUL),
        ]
    )
    assert WorkerHeartbeat.objects.count() == 0  # the worker ended and removed its own


@pytest.mark.parametrize(
    "args",
    [("--heartbeat-interval", "0"), ("--heartbeat-interval", "10", "--stale-after", "19")],
)
def test_worker_refuses_a_timeout_shorter_than_two_heartbeats(db, settings, args):
    settings.TASKS = DB_TASKS
    with pytest.raises(CommandError) as error:
        call_command("worker", *args)
    assert str(error.value) == (
        "--heartbeat-interval must be > 0 and --stale-after at least twice as long."
    )


# Real worker processes -----------------------------------------------------------------------

HOLD = "worker_crash_tasks.hold_then_mark"
WORKER_ARGS = ("worker", "--interval", "0.05", "--heartbeat-interval", "0.2", "--stale-after", "2")


class Worker:
    """``motebok worker`` as a process of its own, its log in a file."""

    started: list["Worker"] = []

    def __init__(self, site, log: Path):
        self.log = log
        Worker.started.append(self)
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "motebok", *WORKER_ARGS],
                env=site.env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def alive(self) -> bool:
        assert self.process.poll() is None, self.log.read_text()
        return True

    def in_its_loop(self) -> bool:
        """db_worker logs this once its signal handlers are in place (SIGTERM is then clean)."""
        return self.alive() and "Starting worker worker_id=" in self.log.read_text()

    def stop(self, sig=signal.SIGTERM) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        return self.process.wait(timeout=60)

    @classmethod
    def kill_all(cls) -> None:
        """Whatever a failed assertion left running."""
        while cls.started:
            worker = cls.started.pop()
            if worker.process.poll() is None:
                worker.stop(signal.SIGKILL)


def _wait_for(condition, what: str, workers=(), timeout: float = 90):
    deadline = time.monotonic() + timeout
    while not condition():
        assert all(worker.alive() for worker in workers)
        assert time.monotonic() < deadline, f"{what} did not happen in {timeout} s"
        time.sleep(0.05)


def _lines(path: Path) -> list[str]:
    return path.read_text().splitlines() if path.exists() else []


@pytest.fixture
def no_worker_left():
    yield
    Worker.kill_all()


@pytest.mark.django_db
def test_a_task_killed_with_its_worker_runs_again_once_on_another(tmp_path, no_worker_left):
    """Worker A is killed (SIGKILL) in the middle of a task; of workers B and C, started
    together, exactly one puts it back in the queue and it runs once more, to the end."""
    work = tmp_path / "work"
    work.mkdir()
    with installation(tmp_path / "site") as site:
        site.env |= {"MOTEBOK_TASK_WORKER": "1", "PYTHONPATH": str(TASK_FOLDER)}
        site.run("migrate", "--no-input", "-v", "0")
        enqueued = site.run(
            "shell",
            "-c",
            f"from worker_crash_tasks import hold_then_mark; "
            f"print(hold_then_mark.enqueue({str(work)!r}).id)",
        )
        task_id = enqueued.stdout.split()[-1]

        def hold_row():
            status, worker_ids, return_value = site.query(
                "SELECT status, worker_ids, return_value FROM django_tasks_database_dbtaskresult "
                f"WHERE task_path = '{HOLD}'"
            )[0]
            decode = lambda v: json.loads(v) if isinstance(v, str) else v  # noqa: E731
            return status, decode(worker_ids), decode(return_value)

        def heartbeats():
            return [row[0] for row in site.query("SELECT worker_id FROM core_workerheartbeat")]

        a = Worker(site, tmp_path / "a.log")
        _wait_for(lambda: len(_lines(work / "attempts")) == 1, "the first attempt", [a])
        status, worker_ids, _ = hold_row()
        assert (status, len(worker_ids)) == ("RUNNING", 1)
        a_id = worker_ids[0]
        assert heartbeats() == [a_id]
        assert a.stop(signal.SIGKILL) == -signal.SIGKILL
        assert hold_row() == ("RUNNING", [a_id], None)  # and nobody would ever run it again

        (work / "release").touch()
        b, c = Worker(site, tmp_path / "b.log"), Worker(site, tmp_path / "c.log")
        try:
            _wait_for(lambda: hold_row()[0] == "SUCCESSFUL", "the second run", [b, c])
            _wait_for(lambda: a_id not in heartbeats(), "forgetting A", [b, c])
            _wait_for(lambda: b.in_its_loop() and c.in_its_loop(), "both loops", [b, c])
        finally:
            returncodes = [b.stop(), c.stop()]
        logs = [b.log.read_text(), c.log.read_text()]
        assert returncodes == [0, 0], logs

        status, worker_ids, return_value = hold_row()
        assert (status, return_value, len(worker_ids), worker_ids[0]) == ("SUCCESSFUL", 2, 2, a_id)
        attempts = _lines(work / "attempts")
        assert len(attempts) == 2 and attempts[0] != attempts[1]
        assert _lines(work / "effects") == attempts[1:]  # the work was done once, by the rerun
        recovered = [
            line for log in logs for line in log.splitlines() if "was left running by" in line
        ]
        assert len(recovered) == 1, logs
        assert re.fullmatch(
            rf"Task {task_id} \({HOLD}\) was left running by worker {a_id}, "
            r"last seen \d{4}-\d\d-\d\dT[\d:.]+\+00:00: queued again",
            recovered[0],
        ), recovered
        assert heartbeats() == [], logs  # B and C removed theirs on the way out
