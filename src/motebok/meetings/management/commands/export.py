"""``motebok export MEETING_ID --format pdf|docx|md|ics|json [-o FILE]``."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motebok.documents import render
from motebok.meetings import queries
from motebok.meetings.views_export import visibility_for
from motebok.orgs.rules import ANONYMOUS, Viewer

BINARY = ("pdf", "docx")


class Command(BaseCommand):
    help = (
        "Export a meeting's minutes (or its notice, before it is held) as PDF, DOCX, Markdown, "
        "iCalendar or JSON. Everything is included unless --public is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("meeting_id", type=int, metavar="MEETING_ID")
        parser.add_argument("--format", required=True, choices=sorted(render.FORMATS), dest="fmt")
        parser.add_argument("-o", "--output", type=Path, metavar="FILE", help="Default: stdout.")
        parser.add_argument("--public", action="store_true", help="Only what the public may see.")
        parser.add_argument(
            "--notice", action="store_true", help="The notice, even when the meeting has minutes."
        )

    def handle(self, *args, meeting_id, fmt, output, public, notice, **options):
        meeting = queries.meetings().filter(pk=meeting_id).first()
        if meeting is None:
            raise CommandError(f"no meeting with the id {meeting_id}")
        viewer = ANONYMOUS if public else Viewer(is_admin=True)
        result = render.export(
            meeting,
            fmt,
            visibility_for(viewer, meeting),
            document=render.NOTICE if notice else None,
        )
        if output is not None:
            output.write_bytes(result.data)
            self.stderr.write(f"{output}: {result.kind}, {len(result.data)} bytes")
            return
        stream = getattr(self.stdout._out, "buffer", None)
        if stream is not None:
            stream.write(result.data)
            stream.flush()
        elif fmt in BINARY:
            raise CommandError(f"{fmt} is binary: write it to a file with -o FILE")
        else:
            self.stdout.write(result.data.decode("utf-8"), ending="")
