"""``motebok restore FILE``: a backup into an empty, migrated database."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motebok.core import backup
from motebok.core.management.progress import progress_bar


class Command(BaseCommand):
    help = (
        "Restore a backup made by `motebok backup` into an empty database (run `motebok migrate` "
        "first). Every checksum is verified before anything is written; on any error nothing is."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, metavar="FILE")

    def handle(self, *args, file: Path, verbosity: int, **options):
        with progress_bar(
            self.stdout, verbosity, {"verify": "Checking checksums", "files": "Writing files"}
        ) as progress:
            try:
                summary = backup.restore(file, progress=progress)
            except backup.BackupError as exc:
                raise CommandError(str(exc)) from None
        if verbosity >= 1:
            self.stdout.write(
                f"Restored {file}: {summary.rows} rows, {summary.files} files; search index rebuilt."
            )
