"""``motebok export-archive --cooperation SLUG --from DATE --to DATE OUT``."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from motebok.archive.noark5 import extract
from motebok.archive.noark5.files import ExtractError
from motebok.orgs.enums import OrganizationKind
from motebok.orgs.models import Organization


def _date(value: str) -> dt.date:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            _("%(value)s is not a date: write it as YYYY-MM-DD.") % {"value": value}
        ) from None


class Command(BaseCommand):
    help = (
        "Write a Noark 5 v5.0 archive extract (arkivstruktur.xml, arkivuttrekk.xml, the "
        "document files and their SHA-256 checksums) of a cooperation's meetings with approved "
        "minutes held in a period, into a new or empty folder."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cooperation", required=True, metavar="SLUG")
        parser.add_argument("--from", required=True, dest="start", metavar="YYYY-MM-DD")
        parser.add_argument("--to", required=True, dest="end", metavar="YYYY-MM-DD")
        parser.add_argument("out", type=Path, metavar="OUT")

    def handle(self, *args, cooperation, start, end, out, verbosity, **options):
        start, end = _date(start), _date(end)
        coop = Organization.objects.filter(
            slug=cooperation, kind=OrganizationKind.COOPERATION
        ).first()
        if coop is None:
            raise CommandError(_("No cooperation has the slug %(slug)s.") % {"slug": cooperation})
        try:
            extract.check(start, end, out)
        except ExtractError as exc:
            raise CommandError(str(exc)) from exc
        console = Console(file=self.stdout._out)
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console, disable=verbosity < 1) as bar:
            task = bar.add_task(_("Writing the archive extract"), total=None)

            def progress(done: int, total: int, label: str) -> None:
                bar.update(task, completed=done, total=total, description=label)

            try:
                summary = extract.write(coop, start, end, out, progress=progress)
            except ExtractError as exc:
                raise CommandError(str(exc)) from exc
        if verbosity >= 1:
            self.stdout.write(
                _(
                    "%(path)s: meetings: %(meetings)s, records: %(records)s (exempt: "
                    "%(exempt)s), document files: %(files)s (%(size)s); valid against Noark 5 "
                    "v5.0 and ADDML 8.3."
                )
                % {
                    "path": summary.path,
                    "meetings": summary.meetings,
                    "records": summary.records,
                    "exempt": summary.exempt,
                    "files": summary.files,
                    "size": filesizeformat(summary.size),
                }
            )
