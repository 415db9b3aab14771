"""The document files of an extract: notices and minutes rendered as PDF/A-2b, stored files copied.

Every file is written once, hashed (SHA-256) while it is written, and described by a
:class:`FileRef` that the XML builders use.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
import warnings
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.utils import timezone, translation
from django.utils.text import get_valid_filename, slugify
from django.utils.translation import gettext as _

from motebok.documents import render
from motebok.meetings.models import Document, Meeting

# Arkivverket's accepted archival formats name PDF/A-1 and PDF/A-2; WeasyPrint writes both.
PDF_VARIANT = "pdf/a-2b"
PDF_PRONOM = "fmt/477"  # PRONOM's identifier of PDF/A-2b
PDF_DETAILS = "PDF/A-2b (ISO 19005-2)"
ARCHIVE_FORMAT = "Arkivformat"
PRODUCTION_FORMAT = "Produksjonsformat"
CHUNK = 1 << 20


class ExtractError(Exception):
    """The extract cannot be made; the message says why, for the person who asked."""


@dataclass(frozen=True)
class FileRef:
    path: str  # relative to the extract's root, with forward slashes
    sha256: str
    size: int
    variant: str
    format: str
    details: str
    created: dt.datetime


def meeting_folder(meeting: Meeting) -> PurePosixPath:
    day = timezone.localtime(meeting.start).date().isoformat()
    return PurePosixPath("dokumenter") / f"{day}-{meeting.body.slug}-{meeting.pk}"


class FileWriter:
    """Writes document files under ``root`` and remembers their names, so none is written twice."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.written: list[FileRef] = []
        self._names: set[str] = set()

    def _target(self, folder: PurePosixPath, name: str) -> tuple[str, Path]:
        stem, dot, ext = get_valid_filename(name).rpartition(".")
        stem, ext = (stem, f".{ext}") if dot else (ext, "")
        relative = str(folder / f"{stem}{ext}")
        n = 1
        while relative in self._names:
            n += 1
            relative = str(folder / f"{stem}-{n}{ext}")
        self._names.add(relative)
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        return relative, path

    def rendered(self, meeting: Meeting, kind: str) -> tuple[FileRef, str]:
        """The meeting's notice or minutes as PDF/A-2b, as the public may see them (no exempt
        paper is named in them: exempt papers are records of their own). Returns the title too."""
        from weasyprint import HTML

        with translation.override(settings.LANGUAGE_CODE):
            content = render.load(
                meeting,
                minutes=kind == render.MINUTES,
                agenda=True,
                exempt=False,
                tasks=False,
                texts=True,
            )
            title = render.title_of(content)
            html = render.pdf.html(content)
        document = HTML(string=html, base_url=str(render.pdf.TEMPLATES))
        with warnings.catch_warnings():
            # WeasyPrint opens its sRGB profile (the PDF/A output intent) and never closes it.
            warnings.simplefilter("ignore", ResourceWarning)
            data = document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
        name = "innkalling.pdf" if kind == render.NOTICE else "protokoll.pdf"
        relative, path = self._target(meeting_folder(meeting), name)
        path.write_bytes(data)
        ref = FileRef(
            relative,
            hashlib.sha256(data).hexdigest(),
            len(data),
            ARCHIVE_FORMAT,
            PDF_PRONOM,
            PDF_DETAILS,
            timezone.now(),
        )
        self.written.append(ref)
        return ref, title

    def stored(self, document: Document) -> FileRef:
        """A copy of a stored file, checked against the checksum recorded at upload."""
        # Named after the title, with the stored file's extension.
        suffix = PurePosixPath(document.file.name).suffix.lower()
        title = document.title.removesuffix(suffix) if suffix else document.title
        name = f"{slugify(title) or f'dokument-{document.pk}'}{suffix}"
        relative, path = self._target(meeting_folder(document.meeting), name)
        digest = hashlib.sha256()
        size = 0
        try:
            with document.file.open("rb") as source, path.open("wb") as target:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    target.write(chunk)
                    size += len(chunk)
        except (FileNotFoundError, ValueError) as exc:
            raise ExtractError(
                _("The file of document %(id)s (%(title)s) is missing: %(error)s")
                % {"id": document.pk, "title": document.title, "error": exc}
            ) from exc
        if document.sha256 and document.sha256 != digest.hexdigest():
            raise ExtractError(
                _(
                    "The file of document %(id)s (%(title)s) does not match the checksum "
                    "recorded when it was uploaded."
                )
                % {"id": document.pk, "title": document.title}
            )
        content_type = (
            document.content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
        )
        ref = FileRef(
            relative,
            digest.hexdigest(),
            size,
            PRODUCTION_FORMAT,
            content_type.split(";")[0].strip(),
            content_type,
            document.uploaded_at,
        )
        self.written.append(ref)
        return ref
