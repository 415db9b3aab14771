"""Reusable querysets and permission predicates for follow-up tasks.

Every list built here takes a fixed number of queries whatever the number of tasks.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Q, QuerySet

from motebok.followup.enums import TaskStatus
from motebok.followup.models import Task
from motebok.orgs.models import Seat
from motebok.orgs.rules import Viewer

DUE_SOON_DAYS = 14
DONE_RECENTLY_DAYS = 30
CLOSED_LIMIT = 100


def tasks() -> QuerySet[Task]:
    """Tasks with everything a task row shows, in one query."""
    return Task.objects.select_related(
        "cooperation",
        "item__meeting__body",
        "responsible_person",
        "responsible_organization",
        "responsible_body",
        "done_by",
    ).order_by(F("due").asc(nulls_last=True), "pk")


def visible_tasks(viewer: Viewer) -> QuerySet[Task]:
    """The tasks of the cooperations the viewer belongs to (every task for an administrator)."""
    if viewer.is_admin:
        return tasks()
    return tasks().filter(cooperation_id__in=viewer.cooperation_ids)


def mine_q(viewer: Viewer) -> Q:
    """Tasks of the viewer: as the responsible person, for their organizations or their bodies."""
    if viewer.user_id is None:
        return Q(pk__in=[])
    q = Q(responsible_person__user_id=viewer.user_id)
    if viewer.organization_ids:
        q |= Q(responsible_organization_id__in=viewer.organization_ids)
    if viewer.body_ids:
        q |= Q(responsible_body_id__in=viewer.body_ids)
    return q


def open_tasks(qs: QuerySet[Task]) -> QuerySet[Task]:
    return qs.filter(status=TaskStatus.OPEN)


def closed_tasks(qs: QuerySet[Task], status: str, *, since: dt.datetime | None) -> QuerySet[Task]:
    """Done or cancelled tasks, latest first, at most ``CLOSED_LIMIT`` of them."""
    qs = qs.filter(status=status)
    if since is not None:
        qs = qs.filter(done_at__gte=since)
    return qs.order_by(F("done_at").desc(nulls_last=True), "-pk")[:CLOSED_LIMIT]


def group_open(rows, today: dt.date) -> dict[str, list[Task]]:
    """Split open tasks into overdue, due within ``DUE_SOON_DAYS`` days and later (or no date)."""
    soon = today + dt.timedelta(days=DUE_SOON_DAYS)
    groups: dict[str, list[Task]] = {"overdue": [], "soon": [], "later": []}
    for task in rows:
        if task.due is not None and task.due < today:
            groups["overdue"].append(task)
        elif task.due is not None and task.due <= soon:
            groups["soon"].append(task)
        else:
            groups["later"].append(task)
    return groups


def due_for_reminder(today: dt.date, days: int) -> QuerySet[Task]:
    """Open tasks due from today to ``days`` days ahead that have not been reminded of yet."""
    return (
        Task.objects.select_related("cooperation", "item__meeting__body", "responsible_person")
        .filter(
            status=TaskStatus.OPEN,
            due__gte=today,
            due__lte=today + dt.timedelta(days=days),
            reminder_sent_at__isnull=True,
        )
        .order_by("due", "pk")
    )


def current_seats(today: dt.date) -> QuerySet[Seat]:
    return (
        Seat.objects.select_related("person")
        .filter(start__lte=today)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
    )


def is_responsible(viewer: Viewer, task: Task) -> bool:
    """The responsible person, or a seat holder for the responsible organization.

    ``task.responsible_person`` must be loaded (``tasks()`` does it).
    """
    person = task.responsible_person
    if person is not None and viewer.user_id is not None and person.user_id == viewer.user_id:
        return True
    return task.responsible_organization_id in viewer.organization_ids


def can_see(viewer: Viewer, task: Task) -> bool:
    return viewer.is_admin or task.cooperation_id in viewer.cooperation_ids


def can_complete(viewer: Viewer, task: Task) -> bool:
    """The cooperation's secretariat, or a member of it who is responsible for the task."""
    return viewer.runs(task.cooperation_id) or (
        task.cooperation_id in viewer.member_of and is_responsible(viewer, task)
    )


def can_reopen(viewer: Viewer, task: Task) -> bool:
    return viewer.runs(task.cooperation_id)
