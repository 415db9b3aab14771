"""``motebok import FILE…``: minutes (.txt, .md, .docx, .pdf) into meetings."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from motebok.documents.errors import DocumentError
from motebok.documents.parse import parse_file
from motebok.meetings.importing import apply_draft
from motebok.orgs.enums import OrganizationKind
from motebok.orgs.models import Body, Organization


class Command(BaseCommand):
    help = "Import minutes (.txt, .md, .docx, .pdf). Each file is imported in its own transaction."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        parser.add_argument("--dry-run", action="store_true", help="Parse only; write nothing.")
        parser.add_argument("--json", action="store_true", help="Print each parsed draft as JSON.")
        parser.add_argument(
            "--cooperation", help="Slug of the cooperation (needed when there are several)."
        )
        parser.add_argument(
            "--body", help="Slug of the body (default: the body the document names)."
        )
        parser.add_argument(
            "--replace", action="store_true", help="Import again a file imported before."
        )

    def handle(self, *args, files, dry_run, json: bool, cooperation, body, replace, **options):
        console = Console(file=self.stderr._out if json else self.stdout._out)
        if not dry_run:
            cooperation, body = self._target(cooperation, body)
        drafts, rows = [], []
        with Progress(console=console, transient=True, disable=len(files) < 2) as progress:
            task = progress.add_task("Importing", total=len(files))
            for path in files:
                rows.append(self._one(path, dry_run, cooperation, body, replace, drafts))
                progress.advance(task)
        if json:
            payload = drafts[0] if len(files) == 1 and drafts else drafts
            self.stdout.write(_json_dumps(payload))
        if not json or any(r[1] == "failed" for r in rows):
            table = Table(title="Import")
            for column in ("file", "result", "details"):
                table.add_column(column)
            for row in rows:
                table.add_row(*row)
            console.print(table)
        failed = sum(1 for r in rows if r[1] == "failed")
        if failed:
            raise CommandError(f"{failed} of {len(rows)} files failed", returncode=1)

    def _target(self, cooperation_slug, body_slug):
        cooperations = Organization.objects.filter(kind=OrganizationKind.COOPERATION)
        if cooperation_slug:
            cooperation = cooperations.filter(slug=cooperation_slug).first()
            if cooperation is None:
                raise CommandError(f"no cooperation with the slug {cooperation_slug!r}")
        else:
            found = list(cooperations[:2])
            if len(found) != 1:
                raise CommandError("name the cooperation with --cooperation SLUG")
            cooperation = found[0]
        body = None
        if body_slug:
            body = Body.objects.filter(cooperation=cooperation, slug=body_slug).first()
            if body is None:
                raise CommandError(f"no body with the slug {body_slug!r} in {cooperation}")
        return cooperation, body

    def _one(self, path: Path, dry_run, cooperation, body, replace, drafts) -> tuple[str, str, str]:
        try:
            draft = parse_file(path)
        except DocumentError as exc:
            return (str(path), "failed", str(exc))
        except OSError as exc:
            return (str(path), "failed", exc.strerror or str(exc))
        drafts.append(draft.model_dump(mode="json"))
        if dry_run:
            return (
                str(path),
                "parsed",
                f"{len(draft.items)} items, {len(draft.warnings)} warnings",
            )
        try:
            result = apply_draft(
                draft,
                cooperation=cooperation,
                body=body,
                source=path.read_bytes(),
                source_name=path.name,
                replace=replace,
            )
        except ValueError as exc:
            return (str(path), "failed", str(exc))
        if result.unchanged:
            return (str(path), "unchanged", f"meeting {result.meeting.pk}")
        created = result.created_organizations + result.created_people + result.created_bodies
        details = f"meeting {result.meeting.pk}"
        if created:
            details += "; new: " + ", ".join(created)
        return (str(path), "imported", details)


def _json_dumps(payload) -> str:
    return json.dumps(payload, ensure_ascii=False, indent=2)
