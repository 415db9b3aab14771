"""One search over item titles, minutes, round-the-table contributions and papers.

The same interface on both databases: PostgreSQL matches its ``norwegian`` tsvector and ranks
with ``ts_rank``; SQLite matches the FTS5 table of Python-made stems and ranks with ``bm25``.
Which entries a viewer may see is decided here, from the meeting's status and the viewer:
agenda entries once the notice is out, minutes entries once the minutes are approved, exempt
papers never for the public; insiders of a body (its seats, the secretariat, administrators)
see all of its meetings, drafts included.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString

from motebok.archive import analysis
from motebok.archive.enums import EntryKind, Level
from motebok.archive.models import SearchEntry
from motebok.meetings.queries import agenda_visible_q, insider_q, minutes_visible_q
from motebok.orgs.rules import Viewer

MAX_LIMIT = 100
TABLE = SearchEntry._meta.db_table


@dataclass(frozen=True)
class Hit:
    entry: SearchEntry
    rank: float
    snippet: SafeString

    @property
    def url(self) -> str:
        """The meeting page, at the item's anchor when the entry belongs to an item."""
        url = self.entry.meeting.get_absolute_url()
        return f"{url}#item-{self.entry.item_id}" if self.entry.item_id else url

    @property
    def heading(self) -> str:
        """What the hit is: the item, the organization's contribution to it, or the paper."""
        entry, item = self.entry, self.entry.item
        if entry.kind == EntryKind.DOCUMENT or item is None:
            return entry.title
        if entry.kind == EntryKind.CONTRIBUTION:
            who = entry.organization.name if entry.organization else entry.title
            return f"{who}: {item.number}. {item.title}"
        return f"{item.number}. {item.title}"


@dataclass(frozen=True)
class SearchPage:
    total: int
    hits: list[Hit] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)


def visible_q(viewer: Viewer) -> Q:
    """Entries the viewer may see, from their level and their meeting's status."""
    if viewer.is_admin:
        # insider_q() is an empty Q for an administrator, which an OR drops rather than
        # treating as "everything"; an administrator sees every entry.
        return Q()
    return (
        (Q(level=Level.AGENDA) & agenda_visible_q(viewer, "meeting__"))
        | (Q(level=Level.MINUTES) & minutes_visible_q(viewer, "meeting__"))
        | (Q(level=Level.EXEMPT) & insider_q(viewer, "meeting__"))
    )


def _match(terms: list[str]) -> tuple[RawSQL, RawSQL]:
    """The full-text condition and the rank (higher is better) for this database."""
    if connection.vendor == "postgresql":
        query = analysis.tsquery(terms)
        tsq = "to_tsquery('norwegian'::regconfig, %s)"
        return (
            RawSQL(f"{TABLE}.search_vector @@ {tsq}", (query,), output_field=BooleanField()),
            RawSQL(f"ts_rank({TABLE}.search_vector, {tsq})", (query,), output_field=FloatField()),
        )
    query = analysis.fts5_query(terms)
    return (
        RawSQL(
            f"{TABLE}.id IN (SELECT rowid FROM archive_fts WHERE archive_fts MATCH %s)",
            (query,),
            output_field=BooleanField(),
        ),
        RawSQL(
            "(SELECT -bm25(archive_fts) FROM archive_fts"
            f" WHERE archive_fts MATCH %s AND archive_fts.rowid = {TABLE}.id)",
            (query,),
            output_field=FloatField(),
        ),
    )


def entries(
    viewer: Viewer,
    terms: list[str],
    *,
    cooperation=None,
    body=None,
    organization=None,
    kind: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[SearchEntry]:
    """The visible entries matching every term (as a prefix of a stem), best first."""
    condition, rank = _match(terms)
    qs = SearchEntry.objects.filter(condition).filter(visible_q(viewer))
    filters = {
        "cooperation": cooperation,
        "body": body,
        "organization": organization,
        "kind": kind,
        "date__gte": date_from,
        "date__lte": date_to,
    }
    qs = qs.filter(**{key: value for key, value in filters.items() if value not in (None, "")})
    return qs.annotate(rank=rank).order_by("-rank", "-date", "pk")


def search(
    viewer: Viewer,
    q: str,
    *,
    cooperation=None,
    body=None,
    organization=None,
    kind: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchPage:
    """A page of hits for ``q``: two queries, or none when ``q`` has no searchable word.

    Any text is safe: the query keeps only letters and digits, every word is ANDed and matched
    as a prefix of a Norwegian stem, so "renseanlegget" finds "renseanlegg".
    """
    terms = analysis.query_words(q)
    if not terms:
        return SearchPage(total=0)
    qs = entries(
        viewer,
        terms,
        cooperation=cooperation,
        body=body,
        organization=organization,
        kind=kind,
        date_from=date_from,
        date_to=date_to,
    )
    total = qs.count()
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    if total <= offset:
        return SearchPage(total=total, terms=terms)
    page = qs.select_related("meeting", "body", "cooperation", "organization", "item")[
        offset : offset + limit
    ]
    return SearchPage(total=total, hits=[_hit(entry, terms) for entry in page], terms=terms)


def _hit(entry: SearchEntry, terms: list[str]) -> Hit:
    snippet = analysis.snippet(entry.text, terms) or analysis.plain_snippet(entry.text)
    return Hit(entry=entry, rank=entry.rank, snippet=snippet)
