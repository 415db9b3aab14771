"""Write a Noark 5 archive extract of a cooperation's meetings into a folder, all or nothing.

Layout of the folder::

    arkivuttrekk.xml          ADDML description: counts and checksums of the XML files
    arkivstruktur.xml         arkiv → arkivdel → moetemappe → moeteregistrering → dokument
    arkivstruktur.xsd, metadatakatalog.xsd, addml.xsd
    dokumenter/<date>-<body>-<id>/…   notices and minutes (PDF/A-2b), stored papers
    sha256sums.txt            SHA-256 of every other file, in ``sha256sum -c`` format

Everything is written into a hidden sibling folder first and renamed at the end: an error
(a missing file, an invalid XML document) leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from motebok.archive.noark5 import addml, build
from motebok.archive.noark5.build import Doc, Record
from motebok.archive.noark5.collect import MeetingEntry, collect, system_id
from motebok.archive.noark5.files import ExtractError, FileWriter
from motebok.archive.noark5.validate import EXTRACT_SCHEMAS, SCHEMAS, InvalidXML, validate
from motebok.documents import render
from motebok.meetings.enums import DocumentKind
from motebok.meetings.models import Document
from motebok.orgs.models import Organization

CHECKSUMS = "sha256sums.txt"
# Progress: (steps done, steps in all, what was just done).
Progress = Callable[[int, int, str], None]

DOCUMENT_TYPES = {
    DocumentKind.NOTICE: build.NOTICE_TYPE,
    DocumentKind.PAPER: build.PAPER_TYPE,
    DocumentKind.ATTACHMENT: "Vedlegg",
    DocumentKind.MINUTES: build.MINUTES_TYPE,
    DocumentKind.SOURCE: "Møtereferat",
}


@dataclass(frozen=True)
class Summary:
    path: Path
    meetings: int
    records: int
    files: int
    size: int  # bytes of the document files
    exempt: int  # exempt records


def check_target(out: Path) -> None:
    """The folder must not exist, or be empty; its parent must exist."""
    if out.exists() and not out.is_dir():
        raise ExtractError(_("%(path)s exists and is not a folder.") % {"path": out})
    if out.is_dir() and any(out.iterdir()):
        raise ExtractError(
            _("%(path)s is not empty: give a new or an empty folder.") % {"path": out}
        )
    if not out.parent.is_dir():
        raise ExtractError(_("The folder %(path)s does not exist.") % {"path": out.parent})


def check(start: dt.date, end: dt.date, out: Path) -> None:
    """Refuse a period that ends before it starts and a folder that cannot take the extract."""
    if start > end:
        raise ExtractError(_("The period starts after it ends."))
    check_target(out.absolute())


def _stored(document: Document, writer: FileWriter, role: str) -> Doc:
    with translation.override(settings.LANGUAGE_CODE):
        description = str(DocumentKind.SOURCE.label) if document.kind == DocumentKind.SOURCE else ""
    return Doc(
        system_id=system_id("document", document.pk),
        kind=DOCUMENT_TYPES[DocumentKind(document.kind)],
        title=document.title,
        role=role,
        file=writer.stored(document),
        legal_basis="" if document.public else document.legal_basis,
        description=description,
    )


def _item_label(document: Document) -> str:
    if document.item is None:
        return ""
    with translation.override(settings.LANGUAGE_CODE):
        return _("Agenda item %(number)s: %(title)s") % {
            "number": document.item.number,
            "title": document.item.title,
        }


def records(entry: MeetingEntry, writer: FileWriter) -> list[Record]:
    """The meeting's records: its notice (if one went out), each paper, and its minutes."""
    meeting = entry.meeting
    result = []
    if entry.has_notice:
        ref, title = writer.rendered(meeting, render.NOTICE)
        docs = [
            Doc(
                system_id("notice-file", meeting.pk),
                build.NOTICE_TYPE,
                title,
                build.MAIN_DOCUMENT,
                ref,
            )
        ]
        docs += [_stored(d, writer, build.ATTACHMENT) for d in entry.notices]
        created = meeting.notice_sent_at or min(d.uploaded_at for d in entry.notices)
        result.append(
            Record(
                system_id("notice", meeting.pk),
                build.NOTICE_TYPE,
                build.NOTICE_STATUS,
                title,
                created,
                docs,
            )
        )
    for paper in entry.papers:
        kind = build.PAPER_TYPE if paper.kind == DocumentKind.PAPER else build.ATTACHMENT_TYPE
        result.append(
            Record(
                system_id("paper", paper.pk),
                kind,
                build.PAPER_STATUS,
                paper.title,
                paper.uploaded_at,
                [_stored(paper, writer, build.MAIN_DOCUMENT)],
                description=_item_label(paper),
                legal_basis="" if paper.public else paper.legal_basis,
            )
        )
    ref, title = writer.rendered(meeting, render.MINUTES)
    docs = [
        Doc(
            system_id("minutes-file", meeting.pk),
            build.MINUTES_TYPE,
            title,
            build.MAIN_DOCUMENT,
            ref,
        )
    ]
    docs += [_stored(d, writer, build.ATTACHMENT) for d in entry.minutes]
    approved = meeting.minutes_approved_at or meeting.updated_at
    result.append(
        Record(
            system_id("minutes", meeting.pk),
            build.MINUTES_TYPE,
            build.MINUTES_STATUS,
            title,
            approved,
            docs,
        )
    )
    return result


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _fill(root: Path, cooperation, start, end, entries, progress: Progress | None) -> Summary:
    writer = FileWriter(root)
    now = timezone.now()
    meetings = []
    total = len(entries) + 1
    for done, entry in enumerate(entries, start=1):
        meetings.append((entry, records(entry, writer)))
        if progress:
            progress(done, total, f"{entry.meeting.body.name} {entry.number}")
    structure = build.arkivstruktur(cooperation, start, end, meetings, now)
    validate(structure, "arkivstruktur.xsd", label="arkivstruktur.xml")
    (root / "arkivstruktur.xml").write_bytes(structure)
    for name in EXTRACT_SCHEMAS:
        shutil.copyfile(SCHEMAS / name, root / name)
    all_records = [r for _entry, rs in meetings for r in rs]
    checksums = {
        name: _sha256(root / name)
        for name in ("arkivstruktur.xml", "arkivstruktur.xsd", "metadatakatalog.xsd")
    }
    exempt = sum(1 for r in all_records if r.exempt)
    description = addml.arkivuttrekk(
        creator=cooperation.name,
        archive=cooperation.name,
        start=start,
        end=end,
        counts=addml.Counts(len(meetings), len(all_records), len(writer.written), exempt > 0),
        checksums=checksums,
    )
    validate(description, "addml.xsd", label="arkivuttrekk.xml")
    (root / "arkivuttrekk.xml").write_bytes(description)
    files = sorted(p for p in root.rglob("*") if p.is_file())
    lines = [f"{_sha256(p)}  {p.relative_to(root).as_posix()}\n" for p in files]
    (root / CHECKSUMS).write_text("".join(lines), encoding="utf-8")
    if progress:
        progress(total, total, "arkivstruktur.xml, arkivuttrekk.xml")
    return Summary(
        path=root,
        meetings=len(meetings),
        records=len(all_records),
        files=len(writer.written),
        size=sum(f.size for f in writer.written),
        exempt=exempt,
    )


def write(
    cooperation: Organization,
    start: dt.date,
    end: dt.date,
    out: Path,
    *,
    progress: Progress | None = None,
) -> Summary:
    """Write the extract of the meetings held from ``start`` to ``end`` (both included) whose
    minutes are approved into ``out``. Raises :class:`ExtractError` and leaves nothing behind
    when it cannot be done."""
    out = out.absolute()
    check(start, end, out)
    entries = collect(cooperation, start, end)
    partial = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent))
    umask = os.umask(0)
    os.umask(umask)
    partial.chmod(0o777 & ~umask)  # mkdtemp makes it private; the extract is an ordinary folder
    try:
        summary = _fill(partial, cooperation, start, end, entries, progress)
        check_target(out)
        if out.exists():
            out.rmdir()
        os.rename(partial, out)
    except InvalidXML as exc:
        shutil.rmtree(partial, ignore_errors=True)
        raise ExtractError(str(exc)) from exc
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return Summary(
        out, summary.meetings, summary.records, summary.files, summary.size, summary.exempt
    )
