"""``GET /api/v1/search/?q=``: the search of the archive, with the page's visibility rules
(public hits only, unless signed in)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Query, Router, Schema

from motebok.api.auth import OPTIONAL_TOKEN, READ_AUTH
from motebok.api.params import MAX_OFFSET, Id
from motebok.archive.enums import EntryKind
from motebok.archive.search import MAX_LIMIT, search
from motebok.meetings.enums import ItemKind
from motebok.orgs.models import Body, Organization
from motebok.orgs.rules import get_viewer
from motebok.programme.models import Theme

router = Router(tags=["search"], auth=READ_AUTH)


class SearchQuery(Schema):
    q: str = Field("", max_length=200, description="Words; every word must occur, as a prefix.")
    cooperation: str | None = Field(None, description="Slug of a cooperation.")
    body: str | None = Field(None, description="Slug of a body.")
    organization: str | None = Field(None, description="Slug of the contributing organization.")
    theme: Id | None = Field(None, description="Id of a theme (political priority).")
    kind: EntryKind | None = None
    item_kind: ItemKind | None = Field(None, description="Kind of the agenda item.")
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    limit: int = Field(20, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class Named(Schema):
    slug: str
    name: str


class SearchHitOut(Schema):
    kind: EntryKind
    title: str
    snippet: str = Field(description="HTML: escaped text with the matching words in <mark>.")
    rank: float
    url: str
    date: dt.date
    meeting: int
    body: Named
    cooperation: Named
    organization: Named | None
    item: int | None


class SearchOut(Schema):
    count: int = Field(
        description="The number of hits, counted up to 1,000: 1,000 means 1,000 or more."
    )
    items: list[SearchHitOut]


@router.get("/", response=SearchOut, url_name="search", openapi_extra=OPTIONAL_TOKEN)
def search_archive(request, filters: Query[SearchQuery]):
    """Items, minutes, round-the-table contributions and papers matching every word, best first."""
    chosen = {}
    for name, model in (
        ("cooperation", Organization),
        ("body", Body),
        ("organization", Organization),
    ):
        slug = getattr(filters, name)
        if slug:
            chosen[name] = model.objects.filter(slug=slug).first()
            if chosen[name] is None:
                return {"count": 0, "items": []}
    if filters.theme is not None:
        chosen["theme"] = Theme.objects.filter(pk=filters.theme).first()
        if chosen["theme"] is None:
            return {"count": 0, "items": []}
    page = search(
        get_viewer(request),
        filters.q,
        kind=filters.kind,
        item_kind=filters.item_kind,
        date_from=filters.date_from,
        date_to=filters.date_to,
        limit=filters.limit,
        offset=filters.offset,
        **chosen,
    )
    return {
        "count": page.total,
        "items": [
            {
                "kind": hit.entry.kind,
                "title": hit.heading,
                "snippet": str(hit.snippet),
                "rank": hit.rank,
                "url": hit.url,
                "date": hit.entry.date,
                "meeting": hit.entry.meeting_id,
                "body": _named(hit.entry.body),
                "cooperation": _named(hit.entry.cooperation),
                "organization": _named(hit.entry.organization) if hit.entry.organization else None,
                "item": hit.entry.item_id,
            }
            for hit in page.hits
        ],
    }


def _named(obj) -> dict:
    return {"slug": obj.slug, "name": obj.name}
