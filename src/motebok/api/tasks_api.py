"""``GET /api/v1/tasks/``: follow-up tasks of the cooperations the signed-in user belongs to."""

import datetime as dt
from typing import Literal

from ninja import Query, Router, Schema
from ninja.pagination import paginate

from motebok.api.auth import SIGNED_IN_AUTH
from motebok.api.params import Pagination
from motebok.followup import queries
from motebok.followup.enums import TaskStatus
from motebok.orgs.rules import get_viewer

router = Router(tags=["tasks"], auth=SIGNED_IN_AUTH)


class TaskFilter(Schema):
    status: TaskStatus | None = None
    responsible: Literal["me"] | None = None


class TaskListOut(Schema):
    id: int
    text: str
    due: dt.date | None
    status: str
    cooperation: str
    responsible_person: str | None
    responsible_organization: str | None
    responsible_body: str | None
    meeting_url: str | None
    item: str | None
    done_at: dt.datetime | None
    done_comment: str

    @staticmethod
    def resolve_cooperation(task) -> str:
        return task.cooperation.slug

    @staticmethod
    def resolve_responsible_person(task) -> str | None:
        return task.responsible_person.name if task.responsible_person else None

    @staticmethod
    def resolve_responsible_organization(task) -> str | None:
        return task.responsible_organization.name if task.responsible_organization else None

    @staticmethod
    def resolve_responsible_body(task) -> str | None:
        return task.responsible_body.name if task.responsible_body else None

    @staticmethod
    def resolve_meeting_url(task) -> str | None:
        if task.item is None:
            return None
        return f"{task.item.meeting.get_absolute_url()}#{task.item.anchor}"

    @staticmethod
    def resolve_item(task) -> str | None:
        return str(task.item) if task.item is not None else None


@router.get("/v1/tasks/", response=list[TaskListOut], url_name="task_list")
@paginate(Pagination)
def list_tasks(request, filters: Query[TaskFilter]):
    """Tasks by due date (tasks without one last); ``responsible=me`` keeps the user's own:
    theirs, their organizations' and their bodies'."""
    viewer = get_viewer(request)
    qs = queries.visible_tasks(viewer)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.responsible == "me":
        qs = qs.filter(queries.mine_q(viewer))
    return qs
