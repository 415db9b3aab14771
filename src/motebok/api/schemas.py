"""Response schemas of the read API."""

import datetime as dt

from ninja import Schema


class BodyRef(Schema):
    slug: str
    name: str
    cooperation: str


class MeetingOut(Schema):
    id: int
    url: str
    body: BodyRef
    kind: str
    title: str
    start: dt.datetime
    end: dt.datetime | None
    place: str
    status: str
    rescheduled_from: dt.datetime | None


class ContributionOut(Schema):
    organization: str
    points: list[str]


class TaskOut(Schema):
    id: int
    text: str
    due: dt.date | None
    status: str
    responsible_person: str | None
    responsible_organization: str | None
    responsible_body: str | None


class DocumentOut(Schema):
    id: int
    title: str
    kind: str
    url: str


class ItemOut(Schema):
    number: str
    position: int
    kind: str
    title: str
    text: str | None
    conclusion: str | None
    contributions: list[ContributionOut]
    tasks: list[TaskOut]
    documents: list[DocumentOut]


class AttendanceOut(Schema):
    name: str
    organization: str | None
    status: str
    role: str


class MeetingDetailOut(MeetingOut):
    agenda_visible: bool
    minutes_visible: bool
    items: list[ItemOut]
    attendance: list[AttendanceOut]


class ErrorOut(Schema):
    detail: str


class InvalidOut(Schema):
    """A refused request body: the service's message, or the validator's list of problems."""

    detail: str | list[dict]


def meeting_out(meeting) -> dict:
    """A meeting as MeetingOut wants it (the meeting with its body and cooperation loaded)."""
    body = meeting.body
    return {
        "id": meeting.pk,
        "url": meeting.get_absolute_url(),
        "body": {"slug": body.slug, "name": body.name, "cooperation": body.cooperation.name},
        "kind": meeting.kind,
        "title": meeting.title,
        "start": meeting.start,
        "end": meeting.end,
        "place": meeting.place,
        "status": meeting.status,
        "rescheduled_from": meeting.rescheduled_from,
    }
