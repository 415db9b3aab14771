"""A rich progress bar for commands whose service reports ``progress(stage, n)``: a stage named
in ``labels`` starts a bar of ``n`` steps, any other stage advances the current bar by ``n``."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


@contextlib.contextmanager
def progress_bar(stdout, verbosity: int, labels: dict[str, str]) -> Iterator:
    console = Console(file=stdout._out)
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, disable=verbosity < 1) as bar:
        current = {}

        def report(stage: str, n: int) -> None:
            if stage in labels:
                current["task"] = bar.add_task(labels[stage], total=n)
            elif "task" in current:
                bar.advance(current["task"], n)

        yield report
