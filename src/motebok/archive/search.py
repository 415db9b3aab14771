"""One search over item titles, minutes, round-the-table contributions and papers.

The same interface on both databases: PostgreSQL matches its ``norwegian`` tsvector and ranks
with ``ts_rank``; SQLite matches the FTS5 table of Python-made stems and ranks with ``bm25``.
Which entries a viewer may see is decided here, from the meeting's status and the viewer:
agenda entries once the notice is out, minutes entries once the minutes are approved, exempt
papers never for the public; insiders of a body (its seats, the secretariat, administrators)
see all of its meetings, drafts included.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, FloatField, Q, QuerySet, Value
from django.db.models.expressions import Expression
from django.db.models.functions import Concat
from django.utils.safestring import SafeString

from motebok.archive import analysis
from motebok.archive.enums import EntryKind, Level
from motebok.archive.models import SearchEntry
from motebok.meetings.queries import agenda_visible_q, insider_q, minutes_visible_q
from motebok.orgs.rules import Viewer

MAX_LIMIT = 100
TABLE = SearchEntry._meta.db_table
# Counting stops here: a word in half of a million entries would otherwise be counted (and
# ranked) row by row on every search. Past it the page says "more than 1,000 hits".
COUNT_LIMIT = 1000
# The hits are ranked among the newest this many matches (or as many as the page reaches);
# with fewer matches than this, among every match, so the order is the full ranking.
CANDIDATES = 500


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
    # True when there are more than ``total`` (= COUNT_LIMIT) hits: the count stopped there.
    more: bool = False


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


class TableSQL(Expression):
    """Raw SQL over the search table's columns, written with ``{table}`` for the table: unlike
    ``RawSQL`` it follows the table's alias when the query becomes a subquery (``U0``)."""

    def __init__(self, sql: str, params: tuple, output_field, alias: str = TABLE) -> None:
        super().__init__(output_field=output_field)
        self.sql, self.params, self.alias = sql, params, alias

    def relabeled_clone(self, change_map):
        clone = self.copy()
        clone.alias = change_map.get(self.alias, self.alias)
        return clone

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(self.alias)
        return self.sql.format(table=table), list(self.params)

    def get_group_by_cols(self):
        return [self]


def _match(terms: list[str]) -> tuple[TableSQL, TableSQL]:
    """The full-text condition and the rank (higher is better) for this database."""
    if connection.vendor == "postgresql":
        query = analysis.tsquery(terms)
        tsq = "to_tsquery('norwegian'::regconfig, %s)"
        return (
            TableSQL(f"{{table}}.search_vector @@ {tsq}", (query,), BooleanField()),
            TableSQL(f"ts_rank({{table}}.search_vector, {tsq})", (query,), FloatField()),
        )
    query = analysis.fts5_query(terms)
    return (
        TableSQL(
            "{table}.id IN (SELECT rowid FROM archive_fts WHERE archive_fts MATCH %s)",
            (query,),
            BooleanField(),
        ),
        # The ranks of all matches are computed once, in a subquery that LIMIT -1 keeps SQLite
        # from flattening, and looked up by id (SQLite builds an automatic index on it). A
        # subquery with "MATCH … AND rowid = id" would run the full-text query again for
        # every hit: 13 s instead of 80 ms for a common word over 20,000 entries.
        TableSQL(
            "(SELECT fts.rank FROM (SELECT rowid AS id, -bm25(archive_fts) AS rank"
            " FROM archive_fts WHERE archive_fts MATCH %s LIMIT -1) AS fts"
            " WHERE fts.id = {table}.id)",
            (query,),
            FloatField(),
        ),
    )


def entries(viewer: Viewer, terms: list[str], **filters) -> QuerySet[SearchEntry]:
    """The visible entries matching every term (as a prefix of a stem), best first; the
    filters are those of :func:`_matching`."""
    _, rank = _match(terms)
    qs = _matching(viewer, terms, **filters)
    return qs.annotate(rank=rank).order_by("-rank", "-date", "pk")


FILTER_NAMES = frozenset(
    {"cooperation", "body", "organization", "kind", "theme", "item_kind", "date_from", "date_to"}
)


def _matching(viewer: Viewer, terms: list[str], **filters) -> QuerySet[SearchEntry]:
    """The visible entries matching every term, in no order, narrowed by the filters given
    (each may be None): cooperation, body, organization (model instances), kind (of entry),
    theme, item_kind (of agenda item), date_from, date_to."""
    unknown = set(filters) - FILTER_NAMES
    if unknown:
        raise TypeError(f"unknown search filters: {sorted(unknown)}")
    condition, _ = _match(terms)
    qs = SearchEntry.objects.filter(condition).filter(visible_q(viewer))
    lookups = {
        "cooperation": filters.get("cooperation"),
        "body": filters.get("body"),
        "organization": filters.get("organization"),
        "date__gte": filters.get("date_from"),
        "date__lte": filters.get("date_to"),
    }
    qs = qs.filter(**{key: value for key, value in lookups.items() if value not in (None, "")})
    if filters.get("kind"):
        # Through an expression, so that PostgreSQL does not AND the (kind, object_id) index,
        # a quarter of the table for any of the four kinds, into the full-text bitmap: the
        # matching rows are few, and checking their kind costs nothing (233 → ~80 ms p95).
        qs = qs.alias(kind_text=Concat("kind", Value(""))).filter(kind_text=filters["kind"])
    if filters.get("item_kind"):
        qs = qs.filter(item__kind=filters["item_kind"])
    if filters.get("theme") is not None:
        qs = qs.filter(theme_q(filters["theme"]))
    return qs


def theme_q(theme) -> Q:
    """Entries tagged with the theme: items (and their papers) the theme holds, and the
    round-the-table contributions it holds (a contribution is tagged on its own, not by its
    item, which on a round-the-table item covers every region's news)."""
    from motebok.programme.models import Theme

    items = Theme.items.through.objects.filter(theme=theme).values("agendaitem_id")
    contributions = Theme.contributions.through.objects.filter(theme=theme).values(
        "contribution_id"
    )
    return Q(
        kind__in=(EntryKind.ITEM_TITLE, EntryKind.MINUTES, EntryKind.DOCUMENT), item__in=items
    ) | Q(kind=EntryKind.CONTRIBUTION, object_id__in=contributions)


def search(
    viewer: Viewer,
    q: str,
    *,
    limit: int = 20,
    offset: int = 0,
    **filters,
) -> SearchPage:
    """A page of hits for ``q``: two queries, or none when ``q`` has no searchable word.

    Any text is safe: the query keeps only letters and digits, every word is ANDed and matched
    as a prefix of a Norwegian stem, so "renseanlegget" finds "renseanlegg".

    The count stops at :data:`COUNT_LIMIT` (then ``more`` is set), and the hits are ranked
    among the newest :data:`CANDIDATES` matches, or as many as the page reaches: with fewer
    matches than that, every match is ranked. So a very common word costs about a thousand
    rows, whatever the size of the archive.
    """
    terms = analysis.query_words(q)
    if not terms:
        return SearchPage(total=0)
    matching = _matching(viewer, terms, **filters)
    counted = matching.order_by().values("pk")[: COUNT_LIMIT + 1].count()
    more = counted > COUNT_LIMIT
    total = min(counted, COUNT_LIMIT)
    limit = max(1, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    if total <= offset and not more:
        return SearchPage(total=total, terms=terms)
    candidates = matching.order_by("-date", "pk").values("pk")[: max(CANDIDATES, offset + limit)]
    _, rank = _match(terms)
    # Rank the candidates and keep the page's ids first, then join what a hit shows to those
    # rows only (ranking them again is cheap): one query, nested.
    ranked = SearchEntry.objects.filter(pk__in=candidates).annotate(rank=rank)
    ranked = ranked.order_by("-rank", "-date", "pk")
    page = (
        SearchEntry.objects.filter(pk__in=ranked.values("pk")[offset : offset + limit])
        .annotate(rank=rank)
        .order_by("-rank", "-date", "pk")
        .select_related("meeting", "body", "cooperation", "organization", "item")
    )
    hits = [_hit(entry, terms) for entry in page]
    return SearchPage(total=total, hits=hits, terms=terms, more=more)


def _hit(entry: SearchEntry, terms: list[str]) -> Hit:
    snippet = analysis.snippet(entry.text, terms) or analysis.plain_snippet(entry.text)
    return Hit(entry=entry, rank=entry.rank, snippet=snippet)
