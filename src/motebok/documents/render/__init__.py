"""Notices and minutes out of the database: PDF (WeasyPrint), DOCX, Markdown, JSON and iCalendar.

The caller decides what may be shown (a :class:`Visibility`); nothing here checks permissions.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone, translation

from motebok.documents.render import docx, draft, markdown, pdf
from motebok.documents.render.content import MINUTES, NOTICE, Content, load, title_of, when
from motebok.meetings.enums import MeetingStatus

__all__ = [
    "FORMATS",
    "MINUTES",
    "NOTICE",
    "Content",
    "Export",
    "Visibility",
    "docx",
    "draft",
    "export",
    "load",
    "markdown",
    "pdf",
    "title_of",
    "when",
]

FORMATS = {
    "pdf": ("application/pdf", "pdf"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "md": ("text/markdown; charset=utf-8", "md"),
    "ics": ("text/calendar; charset=utf-8", "ics"),
    "json": ("application/json", "json"),
}
# States in which a meeting has (or is getting) minutes rather than only a notice.
MINUTES_STATES = (
    MeetingStatus.HELD,
    MeetingStatus.MINUTES_DRAFT,
    MeetingStatus.MINUTES_APPROVED,
)


@dataclass(frozen=True)
class Visibility:
    """What the reader may see: the agenda, the minutes, exempt papers, follow-up tasks, and the
    items' own text in a notice."""

    agenda: bool
    minutes: bool
    exempt: bool = False
    tasks: bool = False
    texts: bool = True


@dataclass(frozen=True)
class Export:
    data: bytes
    content_type: str
    filename: str
    kind: str


def export(meeting, fmt: str, visibility: Visibility, *, document: str | None = None) -> Export:
    """The meeting as ``fmt`` (pdf, docx, md, ics, json): its minutes once held and visible,
    else its notice (``document="notice"`` asks for the notice always). Documents are written in
    the site's language (``LANGUAGE_CODE``), whatever the reader's interface language."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    content_type, extension = FORMATS[fmt]
    minutes = document != NOTICE and visibility.minutes and meeting.status in MINUTES_STATES
    kind = MINUTES if minutes else NOTICE
    stem = f"{meeting.body.slug}-{timezone.localtime(meeting.start):%Y-%m-%d}"
    if fmt == "ics":
        from motebok.meetings.calendar import calendar_bytes

        return Export(calendar_bytes([meeting]), content_type, f"{stem}.ics", kind)
    with translation.override(settings.LANGUAGE_CODE):
        content = load(
            meeting,
            minutes=minutes,
            agenda=visibility.agenda,
            exempt=visibility.exempt,
            tasks=visibility.tasks,
            texts=visibility.texts,
        )
        if fmt == "pdf":
            data = pdf.render(content)
        elif fmt == "docx":
            data = docx.render(content)
        elif fmt == "md":
            data = markdown.render(content).encode("utf-8")
        else:
            data = draft.render(content)
    return Export(data, content_type, f"{stem}-{kind}.{extension}", kind)
