"""``motebok reindex``: rebuild the search index of every meeting, a batch at a time."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from motebok.archive import index
from motebok.meetings.models import Meeting


class Command(BaseCommand):
    help = "Rebuild the search index: every meeting's items, contributions and papers."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=100,
            help="Meetings per transaction (default 100).",
        )

    def handle(self, *args, batch_size: int, verbosity: int, **options):
        console = Console(file=self.stdout._out)
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console, disable=verbosity < 1) as progress:
            task = progress.add_task("Indexing meetings", total=Meeting.objects.count())
            written = index.rebuild(
                batch_size=max(1, batch_size), progress=lambda n: progress.advance(task, n)
            )
        if verbosity >= 1:
            self.stdout.write(f"Indexed {written} entries.")
