"""A task for tests/core/test_worker_recovery.py, imported by the ``motebok worker`` processes
it starts (their PYTHONPATH names this folder): it holds its worker until told to go on, so
that the worker can be killed in the middle of it."""

from __future__ import annotations

import os
import time
from pathlib import Path

from django_tasks import task

HOLD_SECONDS = 120


@task()
def hold_then_mark(folder: str) -> int:
    """Append this process's id to ``folder/attempts``, wait (at most ``HOLD_SECONDS``) until
    ``folder/release`` exists, then do "the work": append the process's id to
    ``folder/effects``. Returns the number of attempts so far."""
    folder = Path(folder)
    with (folder / "attempts").open("a") as attempts:
        attempts.write(f"{os.getpid()}\n")
    deadline = time.monotonic() + HOLD_SECONDS
    while not (folder / "release").exists():
        if time.monotonic() > deadline:
            raise TimeoutError("never released")
        time.sleep(0.05)
    with (folder / "effects").open("a") as effects:
        effects.write(f"{os.getpid()}\n")
    return len((folder / "attempts").read_text().splitlines())
