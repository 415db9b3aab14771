"""The HTTP API (django-ninja): the same visibility rules as the pages."""

import datetime as dt

from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Query, Schema
from ninja.pagination import paginate
from ninja.renderers import JSONRenderer

from motebok.api.auth import OPTIONAL_TOKEN, READ_AUTH
from motebok.api.items_api import router as items_router
from motebok.api.params import Id, Pagination
from motebok.api.registry_api import router as registry_router
from motebok.api.schemas import (
    AttendanceOut,
    ContributionOut,
    DocumentOut,
    ItemOut,
    MeetingDetailOut,
    MeetingOut,
    TaskOut,
    meeting_out,
)
from motebok.api.tasks_api import router as tasks_router
from motebok.api.write_api import router as write_router
from motebok.archive.api import router as search_router
from motebok.meetings import queries
from motebok.orgs import rules
from motebok.orgs.rules import get_viewer


class UnicodeJSONRenderer(JSONRenderer):
    """Norwegian letters as themselves, not as \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Møtebok API",
    version="1",
    urls_namespace="api",
    renderer=UnicodeJSONRenderer(),
    docs_url=None,
)
api.add_router("", tasks_router)
api.add_router("/v1/search/", search_router)
api.add_router("", registry_router)
api.add_router("", items_router)
api.add_router("", write_router)


class MeetingFilter(Schema):
    body: str | None = None
    date: dt.date | None = None


class MeetingPage:
    """A sliceable view of a queryset that yields API dicts, so that pagination slices in SQL."""

    def __init__(self, qs) -> None:
        self.qs = qs

    def __len__(self) -> int:
        return self.qs.count()

    def __getitem__(self, index):
        return [meeting_out(m) for m in self.qs[index]]


@api.get(
    "/v1/meetings/",
    response=list[MeetingOut],
    tags=["meetings"],
    auth=READ_AUTH,
    openapi_extra=OPTIONAL_TOKEN,
)
@paginate(Pagination)
def list_meetings(request, filters: Query[MeetingFilter]):
    """Meetings, oldest first; filter by body slug and by date (Europe/Oslo)."""
    qs = queries.meetings().order_by("start", "pk")
    if filters.body:
        qs = qs.filter(body__slug=filters.body)
    if filters.date:
        qs = qs.filter(start__date=filters.date)
    return MeetingPage(qs)


@api.get(
    "/v1/meetings/{meeting_id}/",
    response=MeetingDetailOut,
    tags=["meetings"],
    auth=READ_AUTH,
    openapi_extra=OPTIONAL_TOKEN,
)
def get_meeting(request, meeting_id: Id):
    """One meeting: agenda once its notice is published, minutes once approved (or to insiders)."""
    viewer = get_viewer(request)
    meeting = get_object_or_404(queries.meetings(), pk=meeting_id)
    show_agenda = rules.can_see_agenda(viewer, meeting)
    show_minutes = rules.can_see_minutes(viewer, meeting)
    show_tasks = show_minutes and rules.can_see_tasks(viewer, meeting.body.cooperation_id)
    items = (
        list(queries.items_with_minutes(meeting, with_minutes=show_minutes)) if show_agenda else []
    )
    data = meeting_out(meeting)
    data["agenda_visible"] = show_agenda
    data["minutes_visible"] = show_minutes
    data["items"] = [
        ItemOut(
            number=item.number,
            position=item.position,
            kind=item.kind,
            title=item.title,
            text=item.text if show_minutes else None,
            conclusion=item.conclusion if show_minutes else None,
            contributions=[
                ContributionOut(organization=c.organization.name, points=c.point_list)
                for c in item.contributions.all()
            ]
            if show_minutes
            else [],
            tasks=[_task_out(t) for t in item.tasks.all()] if show_tasks else [],
            documents=[
                DocumentOut(id=d.pk, title=d.title, kind=d.kind, url=d.get_absolute_url())
                for d in item.documents.all()
                if _visible_document(viewer, meeting, d)
            ],
        )
        for item in items
    ]
    data["attendance"] = (
        [
            AttendanceOut(
                name=a.person.name,
                organization=a.organization.name if a.organization else None,
                status=a.status,
                role=a.role,
            )
            for a in queries.attendance(meeting)
        ]
        if show_minutes
        else []
    )
    return data


def _visible_document(viewer, meeting, document) -> bool:
    document.meeting = meeting
    return rules.can_see_document(viewer, document)


def _task_out(task) -> TaskOut:
    return TaskOut(
        id=task.pk,
        text=task.text,
        due=task.due,
        status=task.status,
        responsible_person=task.responsible_person.name if task.responsible_person else None,
        responsible_organization=task.responsible_organization.name
        if task.responsible_organization
        else None,
        responsible_body=task.responsible_body.name if task.responsible_body else None,
    )
