"""JSON in the ``motebok.minutes/1`` schema, the same the importer reads."""

from __future__ import annotations

from django.utils import timezone

from motebok.documents import schema
from motebok.documents.render import content as c
from motebok.meetings.enums import AttendanceRole

# Roles as the importer reads them back.
_ROLES = {
    AttendanceRole.CHAIR: "chair",
    AttendanceRole.DEPUTY_CHAIR: "deputy chair",
    AttendanceRole.MINUTE_TAKER: "minute-taker",
}


def _person(attendance) -> schema.Person:
    return schema.Person(
        name=attendance.person.name,
        organization=attendance.organization.name if attendance.organization else None,
        role=_ROLES.get(attendance.role),
    )


def to_draft(content: c.Content) -> schema.MinutesDraft:
    meeting = content.meeting
    start = timezone.localtime(meeting.start)
    items, deadlines = [], []
    for item in content.items:
        item_deadlines = [schema.Deadline(date=t.due, text=t.text) for t in item.deadlines]
        deadlines += item_deadlines
        items.append(
            schema.Item(
                number=item.number,
                title=item.title,
                kind=item.kind,
                text=item.text if content.show_text else "",
                contributions=[
                    schema.Contribution(
                        organization=c.contribution_heading(x),
                        points=[
                            ("- " if level else "") + text
                            for text, level in c.contribution_points(x)
                        ],
                    )
                    for x in (item.contributions.all() if content.is_minutes else [])
                ],
                conclusion=(item.conclusion or None) if content.is_minutes else None,
                deadlines=item_deadlines,
            )
        )
    return schema.MinutesDraft(
        kind="minutes" if content.is_minutes else "notice",
        title=c.title_of(content),
        organization=meeting.body.cooperation.name,
        body=meeting.body.name,
        date=start.date(),
        start=start.time() if start.time().hour or start.time().minute else None,
        end=timezone.localtime(meeting.end).time() if meeting.end else None,
        place=meeting.place or None,
        participants=[_person(a) for a in content.present],
        absent=[_person(a) for a in content.absent],
        items=items,
        deadlines=deadlines,
    )


def render(content: c.Content) -> bytes:
    return to_draft(content).model_dump_json(indent=2).encode("utf-8")
