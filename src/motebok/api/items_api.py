"""Read API of what: agenda items and documents, with the pages' visibility decided in SQL.

An item is listed once the viewer may see its meeting's agenda; its text and conclusion only
once the viewer may see the minutes. A document is listed by
:func:`motebok.meetings.queries.document_visible_q`. Each list takes two queries (count and page)
besides those that find out who the viewer is.
"""

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from motebok.api import queries
from motebok.api.auth import OPTIONAL_TOKEN, READ_AUTH
from motebok.api.params import Id, Pagination
from motebok.meetings.enums import DocumentKind, ItemKind
from motebok.orgs.rules import get_viewer

router = Router(auth=READ_AUTH)


class MeetingRef(Schema):
    id: int
    url: str
    body: str = Field(description="Slug of the body.")
    start: dt.datetime
    status: str


def _meeting_ref(meeting) -> MeetingRef:
    return MeetingRef(
        id=meeting.pk,
        url=meeting.get_absolute_url(),
        body=meeting.body.slug,
        start=meeting.start,
        status=meeting.status,
    )


class ItemListOut(Schema):
    id: int
    meeting: MeetingRef
    number: str
    position: int
    kind: ItemKind
    title: str
    minutes_visible: bool
    text: str | None = Field(description="Only once the minutes are visible to the caller.")
    conclusion: str | None = Field(description="Only once the minutes are visible to the caller.")
    url: str

    @staticmethod
    def resolve_meeting(item) -> MeetingRef:
        return _meeting_ref(item.meeting)

    @staticmethod
    def resolve_text(item) -> str | None:
        return item.text if item.minutes_visible else None

    @staticmethod
    def resolve_conclusion(item) -> str | None:
        return item.conclusion if item.minutes_visible else None

    @staticmethod
    def resolve_url(item) -> str:
        return f"{item.meeting.get_absolute_url()}#{item.anchor}"


class ItemFilter(Schema):
    meeting: Id | None = Field(None, description="Id of a meeting.")
    body: str | None = Field(None, max_length=80, description="Slug of a body.")
    kind: ItemKind | None = None
    date_from: dt.date | None = Field(
        None, alias="from", description="Meetings on or after this day (Europe/Oslo)."
    )
    date_to: dt.date | None = Field(
        None, alias="to", description="Meetings on or before this day (Europe/Oslo)."
    )


class DocumentListOut(Schema):
    id: int
    meeting: MeetingRef
    item: int | None = Field(description="Id of the agenda item, if the paper belongs to one.")
    title: str
    kind: DocumentKind
    public: bool
    legal_basis: str = Field(description="The legal basis of an exempt paper.")
    content_type: str
    size: int
    sha256: str
    uploaded_at: dt.datetime
    url: str

    @staticmethod
    def resolve_meeting(document) -> MeetingRef:
        return _meeting_ref(document.meeting)

    @staticmethod
    def resolve_item(document) -> int | None:
        return document.item_id

    @staticmethod
    def resolve_url(document) -> str:
        return document.get_absolute_url()


class DocumentFilter(Schema):
    meeting: Id | None = Field(None, description="Id of a meeting.")


@router.get("/v1/items/", response=list[ItemListOut], tags=["items"], openapi_extra=OPTIONAL_TOKEN)
@paginate(Pagination)
def list_items(request, filters: Query[ItemFilter]):
    """Agenda items by meeting start and position."""
    qs = queries.visible_items(get_viewer(request))
    if filters.meeting is not None:
        qs = qs.filter(meeting_id=filters.meeting)
    if filters.body:
        qs = qs.filter(meeting__body__slug=filters.body)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.date_from:
        qs = qs.filter(meeting__start__date__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(meeting__start__date__lte=filters.date_to)
    return qs


@router.get(
    "/v1/items/{item_id}/", response=ItemListOut, tags=["items"], openapi_extra=OPTIONAL_TOKEN
)
def get_item(request, item_id: Id):
    """One agenda item; one the caller may not see is unknown (404)."""
    return get_object_or_404(queries.visible_items(get_viewer(request)), pk=item_id)


@router.get(
    "/v1/documents/",
    response=list[DocumentListOut],
    tags=["documents"],
    openapi_extra=OPTIONAL_TOKEN,
)
@paginate(Pagination)
def list_documents(request, filters: Query[DocumentFilter]):
    """Documents by meeting start and upload; exempt papers only for insiders."""
    qs = queries.visible_documents(get_viewer(request))
    if filters.meeting is not None:
        qs = qs.filter(meeting_id=filters.meeting)
    return qs


@router.get(
    "/v1/documents/{document_id}/",
    response=DocumentListOut,
    tags=["documents"],
    openapi_extra=OPTIONAL_TOKEN,
)
def get_document(request, document_id: Id):
    """One document; one the caller may not see is unknown (404)."""
    return get_object_or_404(queries.visible_documents(get_viewer(request)), pk=document_id)
