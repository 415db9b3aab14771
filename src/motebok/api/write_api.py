"""Write API, token only: marking tasks done and the secretariat's meeting plan.

Each endpoint calls the same service as the page, with the page's permission check: 401 without
a valid token, 404 for what the token's user may not see, 403 for what they see but may not
change, 422 for bad input (with the service's or the validator's message).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import field_validator

from motebok.api.auth import WRITE_AUTH
from motebok.api.params import Id
from motebok.api.schemas import ErrorOut, InvalidOut, MeetingOut, meeting_out
from motebok.api.tasks_api import TaskListOut
from motebok.followup import queries as task_queries
from motebok.followup import services as task_services
from motebok.meetings import plan
from motebok.meetings.enums import MeetingKind
from motebok.meetings.models import Meeting
from motebok.orgs.models import Body
from motebok.orgs.rules import get_viewer

router = Router(auth=WRITE_AUTH)

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: InvalidOut}


class TaskDoneIn(Schema):
    comment: str = Field("", max_length=2000)


class MeetingTimeIn(Schema):
    start: dt.datetime = Field(description="Without an offset: Europe/Oslo time.")
    end: dt.datetime | None = Field(None, description="Without an offset: Europe/Oslo time.")

    @field_validator("start", "end")
    @classmethod
    def _aware(cls, value: dt.datetime | None) -> dt.datetime | None:
        if value is None:
            return None
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        return value.astimezone(dt.UTC)


class MeetingPlanIn(MeetingTimeIn):
    kind: MeetingKind = MeetingKind.MEETING
    title: str = Field("", max_length=300)
    place: str = Field("", max_length=300)
    online_url: str = Field("", max_length=200)

    @field_validator("online_url")
    @classmethod
    def _url(cls, value: str) -> str:
        value = value.strip()
        if value:
            try:
                URLValidator(schemes=["http", "https"])(value)
            except ValidationError as error:
                raise ValueError("Enter a valid http or https URL.") from error
        return value


def _unprocessable(error: ValidationError) -> HttpError:
    return HttpError(422, " ".join(error.messages))


def _meeting_to_change(request, meeting_id: int) -> Meeting:
    """A meeting whose plan the caller runs: unknown is 404, another cooperation's is 403."""
    meeting = get_object_or_404(Meeting.objects.select_related("body__cooperation"), pk=meeting_id)
    if not get_viewer(request).runs(meeting.body.cooperation_id):
        raise HttpError(403, _("Only the secretariat of the cooperation may change its meetings."))
    return meeting


@router.post("/v1/tasks/{task_id}/done", response={200: TaskListOut, **ERRORS}, tags=["tasks"])
def complete_task(request, task_id: Id, payload: TaskDoneIn):
    """Mark a task done with an optional comment: the responsible person, a seat holder for the
    responsible organization, or the secretariat."""
    viewer = get_viewer(request)
    task = task_queries.tasks().filter(pk=task_id).first()
    if task is None or not task_queries.can_see(viewer, task):
        raise Http404
    if not task_queries.can_complete(viewer, task):
        raise HttpError(403, _("You may not mark this task done."))
    try:
        task_services.complete_task(task, payload.comment, user=request.user)
    except ValidationError as error:
        raise _unprocessable(error) from error
    return task


@router.post("/v1/bodies/{slug}/meetings/", response={201: MeetingOut, **ERRORS}, tags=["meetings"])
def plan_meeting(request, slug: str, payload: MeetingPlanIn):
    """Add a planned meeting to a body's plan and send the members the calendar invitation."""
    body = get_object_or_404(Body.objects.select_related("cooperation"), slug=slug)
    if not get_viewer(request).runs(body.cooperation_id):
        raise HttpError(403, _("Only the secretariat of the cooperation may plan its meetings."))
    try:
        meeting = plan.create_meeting(body, **payload.dict())
    except ValidationError as error:
        raise _unprocessable(error) from error
    return Status(201, meeting_out(meeting))


@router.post(
    "/v1/meetings/{meeting_id}/move", response={200: MeetingOut, **ERRORS}, tags=["meetings"]
)
def move_meeting(request, meeting_id: Id, payload: MeetingTimeIn):
    """Move a planned meeting (without ``end`` it keeps its length) and tell the members."""
    meeting = _meeting_to_change(request, meeting_id)
    try:
        plan.move_meeting(meeting, payload.start, payload.end)
    except ValidationError as error:
        raise _unprocessable(error) from error
    return meeting_out(meeting)


@router.post(
    "/v1/meetings/{meeting_id}/cancel", response={200: MeetingOut, **ERRORS}, tags=["meetings"]
)
def cancel_meeting(request, meeting_id: Id):
    """Cancel a planned meeting (it stays in the plan as cancelled) and tell the members."""
    meeting = _meeting_to_change(request, meeting_id)
    try:
        plan.cancel_meeting(meeting)
    except ValidationError as error:
        raise _unprocessable(error) from error
    return meeting_out(meeting)
