"""Which cooperation and meeting a changed object belongs to, for the audit entry about it.

Relations the caller has loaded already are used as they are; otherwise one small query finds
the ids. An object of a model that is not audited belongs to neither.
"""

from __future__ import annotations

from django.db import models


def _cached(instance: models.Model, name: str):
    field = instance._meta.get_field(name)
    return field.get_cached_value(instance) if field.is_cached(instance) else None


def _cooperation_of_body(body_id: int | None, body=None) -> int | None:
    if body is not None:
        return body.cooperation_id
    if body_id is None:
        return None
    from motebok.orgs.models import Body

    return Body.objects.filter(pk=body_id).values_list("cooperation_id", flat=True).first()


def _cooperation_of_meeting(meeting_id: int | None, meeting=None) -> int | None:
    if meeting is not None:
        return _cooperation_of_body(meeting.body_id, _cached(meeting, "body"))
    if meeting_id is None:
        return None
    from motebok.meetings.models import Meeting

    return (
        Meeting.objects.filter(pk=meeting_id).values_list("body__cooperation_id", flat=True).first()
    )


def _meeting_of_item(item_id: int | None, item=None) -> tuple[int | None, int | None]:
    """(cooperation id, meeting id) of an agenda item."""
    if item is not None:
        return _cooperation_of_meeting(item.meeting_id, _cached(item, "meeting")), item.meeting_id
    if item_id is None:
        return None, None
    from motebok.meetings.models import AgendaItem

    row = (
        AgendaItem.objects.filter(pk=item_id)
        .values_list("meeting__body__cooperation_id", "meeting_id")
        .first()
    )
    return row if row else (None, None)


def scope_of(instance: models.Model) -> tuple[int | None, int | None]:
    """(cooperation id, meeting id) of an audited object; (None, None) for anything else."""
    label = instance._meta.label
    if label == "meetings.Meeting":
        return _cooperation_of_body(instance.body_id, _cached(instance, "body")), instance.pk
    if label in ("meetings.AgendaItem", "meetings.Attendance", "meetings.Correction"):
        meeting = _cached(instance, "meeting")
        return _cooperation_of_meeting(instance.meeting_id, meeting), instance.meeting_id
    if label == "meetings.Contribution":
        return _meeting_of_item(instance.item_id, _cached(instance, "item"))
    if label == "followup.Task":
        if instance.item_id is None:
            return instance.cooperation_id, None
        item = _cached(instance, "item")
        meeting_id = item.meeting_id if item is not None else _meeting_of_item(instance.item_id)[1]
        return instance.cooperation_id, meeting_id
    if label == "orgs.Seat":
        return _cooperation_of_body(instance.body_id, _cached(instance, "body")), None
    if label == "orgs.Membership":
        return instance.cooperation_id, None
    return None, None
