"""``motebok export-opendata --cooperation SLUG --format oparl|popolo OUT``."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404
from django.utils import translation

from motebok.api import oparl, popolo
from motebok.api.opendata_queries import cooperation_or_404


def _write(path: Path, data) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


class Command(BaseCommand):
    help = (
        "Write a cooperation's public data as open data: Popolo to the file OUT, "
        "or OParl 1.1 to the folder OUT (one JSON file per object type)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--cooperation", required=True, metavar="SLUG")
        parser.add_argument("--format", required=True, choices=("oparl", "popolo"))
        parser.add_argument("out", metavar="OUT")

    def handle(self, *args, cooperation: str, format: str, out: str, **options) -> None:
        try:
            coop = cooperation_or_404(cooperation)
        except Http404:
            raise CommandError(f"No cooperation with the slug “{cooperation}”.") from None
        target = Path(out)
        with translation.override(settings.LANGUAGE_CODE):
            try:
                written = self._export(coop, format, target)
            except OSError as exc:
                raise CommandError(
                    f"Cannot write {exc.filename or target}: {exc.strerror}"
                ) from None
        for path in written:
            self.stdout.write(str(path))

    def _export(self, coop, format: str, target: Path) -> list[Path]:
        if format == "popolo":
            if target.is_dir():
                raise CommandError(f"{target} is a folder; give a file name.")
            target.parent.mkdir(parents=True, exist_ok=True)
            _write(target, popolo.export(coop))
            return [target]
        if target.exists() and not target.is_dir():
            raise CommandError(f"{target} is a file; give a folder.")
        target.mkdir(parents=True, exist_ok=True)
        written = []
        for name, data in oparl.full_export(coop).items():
            written.append(target / f"{name}.json")
            _write(written[-1], data)
        return written
