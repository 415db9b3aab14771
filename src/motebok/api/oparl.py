"""OParl 1.1 objects of a cooperation's public data (https://oparl.org/, version 1.1).

Mapping: a Møtebok cooperation is an OParl ``Body``; its bodies (board, council, groups) and
the organizations around it (the cooperation itself, members, organizations a seat holder sits
for) are ``Organization``s; seat holders are ``Person``s; seats are ``Membership``s with
``onBehalfOf``; meetings, agenda items, case papers (``Paper``) and documents (``File``) follow.
Every object's ``id`` is its own absolute URL under ``settings.MOTEBOK_BASE_URL``.
The builders take what :mod:`motebok.api.opendata_queries` fetched and run no query themselves.
"""

from __future__ import annotations

import math
import posixpath

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from motebok.api import opendata_queries as q
from motebok.meetings.enums import DocumentKind, MeetingStatus
from motebok.orgs import rules

OPARL = "https://schema.oparl.org/1.1/"

# OParl's recommended meetingState values (German, as the specification gives them).
MEETING_STATES = {
    MeetingStatus.PLANNED: "terminiert",
    MeetingStatus.NOTICE_SENT: "eingeladen",
    MeetingStatus.HELD: "eingeladen",
    MeetingStatus.MINUTES_DRAFT: "eingeladen",
    MeetingStatus.MINUTES_APPROVED: "durchgeführt",
    MeetingStatus.CANCELLED: "terminiert",
}

# The external lists of a Body, by their URL segment.
LISTS = ("organizations", "people", "memberships", "meetings", "agenda-items", "papers", "files")


def absolute(path: str) -> str:
    return f"{settings.MOTEBOK_BASE_URL}{path}"


def url(view: str, /, **kwargs) -> str:
    return absolute(reverse(f"oparl:{view}", kwargs=kwargs or None))


class Urls:
    """The URLs of one cooperation's OParl objects."""

    def __init__(self, cooperation) -> None:
        self.slug = cooperation.slug

    def body(self) -> str:
        return url("body", slug=self.slug)

    def list(self, name: str) -> str:
        return url("list", slug=self.slug, name=name)

    def committee(self, body) -> str:
        return url("committee", slug=self.slug, body=body.slug)

    def organization(self, organization) -> str:
        return url("organization", slug=self.slug, org=organization.slug)

    def person(self, person_id: int) -> str:
        return url("person", slug=self.slug, pk=person_id)

    def membership(self, seat_id: int) -> str:
        return url("membership", slug=self.slug, pk=seat_id)

    def meeting(self, meeting_id: int) -> str:
        return url("meeting", slug=self.slug, pk=meeting_id)

    def agenda_item(self, item_id: int) -> str:
        return url("agenda_item", slug=self.slug, pk=item_id)

    def paper(self, document_id: int) -> str:
        return url("paper", slug=self.slug, pk=document_id)

    def file(self, document_id: int) -> str:
        return url("file", slug=self.slug, pk=document_id)


def _type(name: str) -> str:
    return f"{OPARL}{name}"


def _datetime(value) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _clean(obj: dict) -> dict:
    """Leave out what is unknown: OParl wants absent properties rather than nulls or ''."""
    return {k: v for k, v in obj.items() if v not in (None, "")}


def system() -> dict:
    return {
        "id": url("system"),
        "type": _type("System"),
        "oparlVersion": OPARL,
        "body": url("bodies"),
        "name": "Møtebok",
        "website": absolute("/"),
        "web": absolute("/"),
    }


def body(cooperation) -> dict:
    u = Urls(cooperation)
    return _clean(
        {
            "id": u.body(),
            "type": _type("Body"),
            "system": url("system"),
            "name": cooperation.name,
            "shortName": cooperation.short_name,
            "website": cooperation.website,
            "classification": str(cooperation.get_kind_display()),
            "organization": u.list("organizations"),
            "person": u.list("people"),
            "membership": u.list("memberships"),
            "meeting": u.list("meetings"),
            "agendaItem": u.list("agenda-items"),
            "paper": u.list("papers"),
            "file": u.list("files"),
            "legislativeTerm": [],
            "web": absolute(cooperation.get_absolute_url()),
        }
    )


def committee(u: Urls, cooperation, body) -> dict:
    """A Møtebok body (board, council, group …) as an OParl Organization."""
    return _clean(
        {
            "id": u.committee(body),
            "type": _type("Organization"),
            "body": u.body(),
            "name": body.name,
            "shortName": body.short_name,
            "organizationType": "Gremium",
            "classification": str(body.get_kind_display()),
            "subOrganizationOf": u.committee(body.parent)
            if body.parent
            else u.organization(cooperation),
            "membership": [u.membership(seat.pk) for seat in body.seats.all()],
            "web": absolute(body.get_absolute_url()),
        }
    )


def organization(u: Urls, cooperation, org) -> dict:
    """The cooperation itself, or a member: its membership period as start and end date."""
    periods = org.periods
    start = min((p.start for p in periods), default=None)
    ends = [p.end for p in periods]
    end = max(ends) if ends and None not in ends else None
    return _clean(
        {
            "id": u.organization(org),
            "type": _type("Organization"),
            "body": u.body(),
            "name": org.name,
            "shortName": org.short_name,
            "organizationType": "Institution",
            "classification": str(org.get_kind_display()),
            "startDate": _date(start),
            "endDate": _date(end),
            "website": org.website,
            "web": absolute(org.get_absolute_url()) if org.pk == cooperation.pk else None,
        }
    )


def membership(u: Urls, seat) -> dict:
    return _clean(
        {
            "id": u.membership(seat.pk),
            "type": _type("Membership"),
            "person": u.person(seat.person_id),
            "organization": u.committee(seat.body),
            "role": str(seat.get_role_display()),
            "startDate": _date(seat.start),
            "endDate": _date(seat.end),
            "onBehalfOf": u.organization(seat.organization) if seat.organization_id else None,
        }
    )


def person(u: Urls, person) -> dict:
    """A seat holder: the name and the seats, nothing else (no e-mail, no user account)."""
    return {
        "id": u.person(person.pk),
        "type": _type("Person"),
        "body": u.body(),
        "name": person.name,
        "membership": [membership(u, seat) for seat in person.cooperation_seats],
    }


def file(u: Urls, document) -> dict:
    item_id = document.item_id
    return _clean(
        {
            "id": u.file(document.pk),
            "type": _type("File"),
            "name": document.title,
            "fileName": posixpath.basename(document.file.name),
            "mimeType": document.content_type,
            "size": document.size,
            "date": _date(timezone.localdate(document.uploaded_at)),
            "accessUrl": absolute(document.get_absolute_url()),
            "downloadUrl": absolute(document.get_absolute_url()),
            "meeting": [u.meeting(document.meeting_id)],
            "agendaItem": [u.agenda_item(item_id)] if item_id else None,
            "paper": [u.paper(document.pk)] if document.kind == DocumentKind.PAPER else None,
        }
    )


def paper(u: Urls, document) -> dict:
    """A case paper (saksframlegg) with its file; led by the body whose meeting it is for."""
    return _clean(
        {
            "id": u.paper(document.pk),
            "type": _type("Paper"),
            "body": u.body(),
            "name": document.title,
            "date": _date(timezone.localdate(document.uploaded_at)),
            "paperType": str(document.get_kind_display()),
            "mainFile": file(u, document),
            "underDirectionOf": [u.committee(document.meeting.body)],
            "web": absolute(document.meeting.get_absolute_url()),
        }
    )


def agenda_item(u: Urls, item, meeting) -> dict:
    """An item of a public agenda; its conclusion only once the minutes are public."""
    show_minutes = rules.can_see_minutes(q.PUBLIC, meeting)
    return _clean(
        {
            "id": u.agenda_item(item.pk),
            "type": _type("AgendaItem"),
            "meeting": u.meeting(meeting.pk),
            "number": item.number,
            "order": item.position,
            "name": item.title,
            "public": True,
            "resolutionText": item.conclusion if show_minutes else None,
            "auxiliaryFile": [file(u, d) for d in item.public_documents] or None,
            "web": absolute(f"{meeting.get_absolute_url()}#{item.anchor}"),
        }
    )


def meeting(u: Urls, meeting) -> dict:
    own = meeting.public_documents
    invitation = next((d for d in own if d.kind == DocumentKind.NOTICE), None)
    protocol = next((d for d in own if d.kind == DocumentKind.MINUTES), None)
    others = [d for d in own if d is not invitation and d is not protocol]
    name = meeting.title or f"{meeting.body.name} {timezone.localdate(meeting.start):%Y-%m-%d}"
    return _clean(
        {
            "id": u.meeting(meeting.pk),
            "type": _type("Meeting"),
            "name": name,
            "meetingState": MEETING_STATES[meeting.status],
            "cancelled": meeting.status == MeetingStatus.CANCELLED,
            "start": _datetime(meeting.start),
            "end": _datetime(meeting.end),
            "organization": [u.committee(meeting.body)],
            "invitation": file(u, invitation) if invitation else None,
            "resultsProtocol": file(u, protocol) if protocol else None,
            "auxiliaryFile": [file(u, d) for d in others] or None,
            "agendaItem": [agenda_item(u, i, meeting) for i in meeting.public_items] or None,
            "created": _datetime(meeting.created_at),
            "modified": _datetime(meeting.updated_at),
            "web": absolute(meeting.get_absolute_url()),
        }
    )


def organizations(cooperation) -> list[dict]:
    """The cooperation's organizations: the cooperation, its bodies, then the others
    (four queries; a cooperation has tens of them, so this list is paginated in Python)."""
    u = Urls(cooperation)
    orgs = list(q.organizations(cooperation))
    own = [o for o in orgs if o.pk == cooperation.pk]
    others = [o for o in orgs if o.pk != cooperation.pk]
    return [
        *(organization(u, cooperation, o) for o in own),
        *(committee(u, cooperation, b) for b in q.bodies(cooperation)),
        *(organization(u, cooperation, o) for o in others),
    ]


# name → (queryset of the rows, serializer of one row); organizations are apart (see above).
def _list_specs(cooperation):
    u = Urls(cooperation)
    return {
        "people": (q.people(cooperation), lambda p: person(u, p)),
        "memberships": (q.seats(cooperation), lambda s: membership(u, s)),
        "meetings": (q.meetings(cooperation), lambda m: meeting(u, m)),
        "agenda-items": (q.agenda_items(cooperation), lambda i: agenda_item(u, i, i.meeting)),
        "papers": (q.papers(cooperation), lambda d: paper(u, d)),
        "files": (q.documents(cooperation), lambda d: file(u, d)),
    }


class PageOutOfRange(Exception):
    pass


def external_list(cooperation, name: str, *, page: int, limit: int) -> dict:
    """One page of an OParl external list: ``data``, ``pagination`` and ``links``.
    Raises ``KeyError`` for an unknown list and ``PageOutOfRange`` past the last page."""
    base = Urls(cooperation).list(name)
    offset = (page - 1) * limit
    if name == "organizations":
        rows = organizations(cooperation)
        total = len(rows)
    else:
        qs, serialize = _list_specs(cooperation)[name]
        total = qs.count()
    pages = max(1, math.ceil(total / limit))
    if page > pages:
        raise PageOutOfRange(page)
    if name == "organizations":
        data = rows[offset : offset + limit]
    else:
        data = [serialize(row) for row in qs[offset : offset + limit]]

    def link(number: int) -> str:
        return f"{base}?page={number}&limit={limit}"

    links = {"first": link(1), "last": link(pages)}
    if page > 1:
        links["prev"] = link(page - 1)
    if page < pages:
        links["next"] = link(page + 1)
    return {
        "data": data,
        "pagination": {
            "totalElements": total,
            "elementsPerPage": limit,
            "currentPage": page,
            "totalPages": pages,
        },
        "links": links,
    }


def bodies_list() -> dict:
    rows = [body(c) for c in q.cooperations()]
    return {
        "data": rows,
        "pagination": {
            "totalElements": len(rows),
            "elementsPerPage": max(1, len(rows)),
            "currentPage": 1,
            "totalPages": 1,
        },
        "links": {"first": url("bodies"), "last": url("bodies")},
    }


def one_committee(cooperation, slug: str) -> dict | None:
    row = q.bodies(cooperation).filter(slug=slug).first()
    return committee(Urls(cooperation), cooperation, row) if row is not None else None


def one_organization(cooperation, slug: str) -> dict | None:
    row = q.organizations(cooperation).filter(slug=slug).first()
    return organization(Urls(cooperation), cooperation, row) if row is not None else None


def one(cooperation, kind: str, pk: int) -> dict | None:
    """One object of a list by its id, through the same query as the list (None if absent)."""
    name = {
        "person": "people",
        "membership": "memberships",
        "meeting": "meetings",
        "agenda_item": "agenda-items",
        "paper": "papers",
        "file": "files",
    }[kind]
    qs, serialize = _list_specs(cooperation)[name]
    row = qs.filter(pk=pk).first()
    return serialize(row) if row is not None else None


def full_export(cooperation) -> dict[str, object]:
    """Everything of one cooperation, unpaginated, for the command line export."""
    specs = _list_specs(cooperation)
    out: dict[str, object] = {"system": system(), "body": body(cooperation)}
    out["organizations"] = organizations(cooperation)
    for name, (qs, serialize) in specs.items():
        out[name] = [serialize(row) for row in qs]
    return out
