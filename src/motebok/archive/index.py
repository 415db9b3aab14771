"""Building the search entries of agenda items, contributions and documents.

Every function writes through the ORM in the caller's transaction; the database's own full-text
structures (see ``models``) follow. An entry's level is fixed by what it is; who may see it is
decided at query time from the meeting's status, so a change of status needs no reindexing.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Subquery
from django.utils import timezone

from motebok.archive import analysis
from motebok.archive.enums import EntryKind, Level
from motebok.archive.models import SearchEntry
from motebok.documents.errors import DocumentError
from motebok.documents.extract import DEFAULT_MAX_BYTES, extract_text
from motebok.meetings.enums import DocumentKind
from motebok.meetings.models import AgendaItem, Contribution, Document, Meeting
from motebok.orgs.models import Body

logger = logging.getLogger(__name__)

# PostgreSQL refuses a tsvector over 1 MB; this much text stays well below it.
MAX_TEXT_CHARS = 200_000
MINUTES_DOCUMENT_KINDS = (DocumentKind.MINUTES,)


def _where(meeting: Meeting) -> dict:
    """The meeting columns every entry of the meeting carries."""
    return {
        "meeting_id": meeting.pk,
        "body_id": meeting.body_id,
        "cooperation_id": meeting.body.cooperation_id,
        "date": timezone.localdate(meeting.start),
    }


def _entry(kind: str, object_id: int, title: str, text: str, level: str, **fields) -> SearchEntry:
    text = analysis.normalize(text)[:MAX_TEXT_CHARS]
    return SearchEntry(
        kind=kind,
        object_id=object_id,
        title=title[:500],
        text=text,
        # PostgreSQL makes its own tsvector from the text; only SQLite's FTS5 needs the stems.
        stemmed=analysis.stemmed(text) if connection.vendor == "sqlite" else "",
        level=level,
        **fields,
    )


def item_entries(item: AgendaItem, where: dict) -> list[SearchEntry]:
    """The title (public with the agenda) and the text with the conclusion (with the minutes)."""
    entries = [
        _entry(
            EntryKind.ITEM_TITLE, item.pk, item.title, item.title, Level.AGENDA, item=item, **where
        )
    ]
    minutes = "\n\n".join(part for part in (item.text, item.conclusion) if part.strip())
    if minutes:
        entries.append(
            _entry(
                EntryKind.MINUTES, item.pk, item.title, minutes, Level.MINUTES, item=item, **where
            )
        )
    return entries


def contribution_entries(contribution: Contribution, where: dict) -> list[SearchEntry]:
    if not contribution.points.strip():
        return []
    title = contribution.heading or contribution.organization.name
    return [
        _entry(
            EntryKind.CONTRIBUTION,
            contribution.pk,
            title,
            contribution.points,
            Level.MINUTES,
            item_id=contribution.item_id,
            organization_id=contribution.organization_id,
            **where,
        )
    ]


def document_level(document: Document) -> str:
    """Exempt papers for insiders; public minutes with the minutes; other papers with the agenda."""
    if not document.public:
        return Level.EXEMPT
    return Level.MINUTES if document.kind in MINUTES_DOCUMENT_KINDS else Level.AGENDA


def document_entries(document: Document, where: dict) -> list[SearchEntry]:
    """A paper's title and text; an imported source is left out, as its items are indexed."""
    if document.kind == DocumentKind.SOURCE:
        return []
    text = "\n\n".join(part for part in (document.title, document_text(document)) if part)
    return [
        _entry(
            EntryKind.DOCUMENT,
            document.pk,
            document.title,
            text,
            document_level(document),
            item_id=document.item_id,
            **where,
        )
    ]


def document_text(document: Document) -> str:
    """The text of a document's file, best effort: a file that cannot be read has no text."""
    if not document.file:
        return ""
    limit = getattr(settings, "MOTEBOK_MAX_UPLOAD_BYTES", DEFAULT_MAX_BYTES)
    name = document.file.name.rsplit("/", 1)[-1]
    try:
        with document.file.open("rb") as handle:
            data = handle.read(limit + 1)
        return extract_text(data, name, max_bytes=limit)
    except (DocumentError, OSError, ValueError) as exc:
        logger.info("document %s has no searchable text: %s", document.pk, exc)
        return ""


def _meeting_of(obj) -> Meeting:
    """The object's meeting with its body, from the instance cache when it is there."""
    meeting = obj.meeting if type(obj).meeting.is_cached(obj) else None
    if meeting is None or not Meeting.body.is_cached(meeting):
        meeting = Meeting.objects.select_related("body").get(pk=obj.meeting_id)
    return meeting


def _replace(kinds: Iterable[str], object_id: int, entries: list[SearchEntry]) -> None:
    SearchEntry.objects.filter(kind__in=list(kinds), object_id=object_id).delete()
    if entries:
        SearchEntry.objects.bulk_create(entries)


def index_item(item: AgendaItem) -> None:
    """Rebuild an item's own entries; those of its contributions and documents follow it to
    another meeting."""
    where = _where(_meeting_of(item))
    _replace((EntryKind.ITEM_TITLE, EntryKind.MINUTES), item.pk, item_entries(item, where))
    SearchEntry.objects.filter(item_id=item.pk).exclude(meeting_id=item.meeting_id).update(**where)


def index_contribution(contribution: Contribution) -> None:
    if Contribution.item.is_cached(contribution):
        meeting = _meeting_of(contribution.item)
    else:
        meeting = Meeting.objects.select_related("body").get(items__pk=contribution.item_id)
    entries = contribution_entries(contribution, _where(meeting))
    _replace((EntryKind.CONTRIBUTION,), contribution.pk, entries)


def index_document(document: Document) -> None:
    entries = document_entries(document, _where(_meeting_of(document)))
    _replace((EntryKind.DOCUMENT,), document.pk, entries)


def unindex(kind: str, object_id: int) -> None:
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()


def follow_meeting(meeting: Meeting) -> None:
    """Carry a meeting's new date or body over to its entries."""
    SearchEntry.objects.filter(meeting_id=meeting.pk).update(
        date=timezone.localdate(meeting.start),
        body_id=meeting.body_id,
        cooperation_id=Subquery(Body.objects.filter(pk=meeting.body_id).values("cooperation_id")),
    )


def meetings_for_indexing():
    """Meetings with everything their entries are made of, in a fixed number of queries."""
    return Meeting.objects.select_related("body").prefetch_related(
        "items", "items__contributions__organization", "documents"
    )


def meeting_entries(meeting: Meeting) -> list[SearchEntry]:
    where = _where(meeting)
    entries: list[SearchEntry] = []
    for item in meeting.items.all():
        entries += item_entries(item, where)
        for contribution in item.contributions.all():
            entries += contribution_entries(contribution, where)
    for document in meeting.documents.all():
        entries += document_entries(document, where)
    return entries


def index_meetings(meetings: Iterable[Meeting]) -> int:
    """Replace every entry of the meetings (fetched with :func:`meetings_for_indexing`); for
    writes that send no signals, such as ``bulk_create``. Returns the number of entries."""
    meetings = list(meetings)
    entries = [entry for meeting in meetings for entry in meeting_entries(meeting)]
    with transaction.atomic():
        SearchEntry.objects.filter(meeting_id__in=[m.pk for m in meetings]).delete()
        SearchEntry.objects.bulk_create(entries, batch_size=500)
    return len(entries)


_suspended = contextvars.ContextVar("motebok_index_suspended", default=False)


def is_suspended() -> bool:
    return _suspended.get()


@contextlib.contextmanager
def suspended() -> Iterator[None]:
    """Skip the per-object indexing of the signal receivers; for bulk writers (the importer) that
    index the meetings they wrote once, at the end, with :func:`index_meetings`."""
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)


def index_meeting(meeting: Meeting | int) -> int:
    """Rebuild all entries of one meeting."""
    pk = meeting.pk if isinstance(meeting, Meeting) else meeting
    return index_meetings(meetings_for_indexing().filter(pk=pk))


def rebuild(*, batch_size: int = 100, progress=None) -> int:
    """Rebuild the whole index, a batch of meetings per transaction; ``progress(n)`` is told of
    every batch. Returns the number of entries written."""
    ids = list(Meeting.objects.order_by("pk").values_list("pk", flat=True))
    total = 0
    for start in range(0, len(ids), batch_size):
        batch = ids[start : start + batch_size]
        total += index_meetings(meetings_for_indexing().filter(pk__in=batch).order_by("pk"))
        if progress is not None:
            progress(len(batch))
    return total
