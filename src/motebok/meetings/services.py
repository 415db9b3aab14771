"""State changes of meetings."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motebok.meetings.enums import STATUS_TRANSITIONS, MeetingStatus
from motebok.meetings.models import Meeting


@transaction.atomic
def reschedule(meeting: Meeting, start: dt.datetime, end: dt.datetime | None = None) -> Meeting:
    """Move a meeting to a new time, keeping the start it had as ``rescheduled_from``.

    Side effects: raises the calendar ``sequence``. A meeting that is held or cancelled cannot move.
    """
    if meeting.status not in (MeetingStatus.PLANNED, MeetingStatus.NOTICE_SENT):
        raise ValidationError(_("Only a planned meeting can be moved."))
    if end is None and meeting.end is not None:
        end = start + (meeting.end - meeting.start)
    if end is not None and end < start:
        raise ValidationError(_("A meeting cannot end before it starts."))
    meeting.rescheduled_from = meeting.start
    meeting.start, meeting.end = start, end
    meeting.sequence += 1
    meeting.save(update_fields=["rescheduled_from", "start", "end", "sequence", "updated_at"])
    return meeting


@transaction.atomic
def set_status(meeting: Meeting, status: str) -> Meeting:
    """Move a meeting along its life: planned → notice sent → held → draft minutes → approved.

    Side effects: a cancellation raises the calendar ``sequence``.
    """
    if status not in STATUS_TRANSITIONS[MeetingStatus(meeting.status)]:
        raise ValidationError(
            _("A meeting cannot go from %(old)s to %(new)s.")
            % {"old": meeting.get_status_display(), "new": MeetingStatus(status).label}
        )
    meeting.status = status
    fields = ["status", "updated_at"]
    if status == MeetingStatus.CANCELLED:
        meeting.sequence += 1
        fields.append("sequence")
    meeting.save(update_fields=fields)
    return meeting
