"""``motebok backup FILE``: the database content and the stored files, with checksums."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motebok.core import backup
from motebok.core.management.progress import progress_bar


class Command(BaseCommand):
    help = "Write a backup (database content and stored files, with SHA-256 checksums) to FILE."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, metavar="FILE", help="A new .zip file.")

    def handle(self, *args, file: Path, verbosity: int, **options):
        with progress_bar(self.stdout, verbosity, {"files": "Copying files"}) as progress:
            try:
                summary = backup.create(file, progress=progress)
            except backup.BackupError as exc:
                raise CommandError(str(exc)) from None
        if verbosity >= 1:
            self.stdout.write(
                f"Wrote {file}: {summary.rows} rows, {summary.files} files ({summary.bytes} bytes)."
            )
