"""Reusable querysets for meeting pages and the API; each page's query count stays fixed."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from motebok.followup.models import Task
from motebok.meetings.enums import (
    AGENDA_PUBLIC_STATES,
    MINUTES_PUBLIC_STATES,
    DocumentKind,
    MeetingStatus,
)
from motebok.meetings.models import AgendaItem, Attendance, Contribution, Document, Meeting
from motebok.orgs.rules import Viewer


def meetings() -> QuerySet[Meeting]:
    return Meeting.objects.select_related("body__cooperation")


def insider_q(viewer: Viewer, prefix: str = "") -> Q:
    """Rows of meetings whose drafts the viewer may see."""
    if viewer.is_admin:
        return Q(**{f"{prefix}pk__isnull": False})  # every row (an empty Q would vanish in an OR)
    return Q(**{f"{prefix}body__cooperation_id__in": viewer.secretariat_of}) | Q(
        **{
            f"{prefix}body__cooperation_id__in": viewer.member_of,
            f"{prefix}body_id__in": viewer.body_ids,
        }
    )


def agenda_visible_q(viewer: Viewer, prefix: str = "") -> Q:
    return Q(**{f"{prefix}status__in": AGENDA_PUBLIC_STATES}) | insider_q(viewer, prefix)


def minutes_visible_q(viewer: Viewer, prefix: str = "") -> Q:
    return Q(**{f"{prefix}status__in": MINUTES_PUBLIC_STATES}) | insider_q(viewer, prefix)


# Papers that belong to the minutes; every other kind belongs to the agenda.
MINUTES_DOCUMENT_KINDS = (DocumentKind.MINUTES, DocumentKind.SOURCE)


def document_visible_q(viewer: Viewer, prefix: str = "") -> Q:
    """:func:`motebok.orgs.rules.can_see_document` as a condition on documents: exempt papers
    only for insiders; public papers once the part of the meeting they belong to is public."""
    meeting = f"{prefix}meeting__"
    public_part = Q(
        **{
            f"{prefix}kind__in": MINUTES_DOCUMENT_KINDS,
            f"{meeting}status__in": MINUTES_PUBLIC_STATES,
        }
    ) | (
        ~Q(**{f"{prefix}kind__in": MINUTES_DOCUMENT_KINDS})
        & Q(**{f"{meeting}status__in": AGENDA_PUBLIC_STATES})
    )
    return insider_q(viewer, meeting) | (Q(**{f"{prefix}public": True}) & public_part)


def upcoming(now) -> QuerySet[Meeting]:
    return (
        meetings().filter(start__gte=now).exclude(status=MeetingStatus.CANCELLED).order_by("start")
    )


def items_with_minutes(meeting: Meeting, *, with_minutes: bool) -> QuerySet[AgendaItem]:
    """A meeting's items with what the page shows of each, in a fixed number of queries."""
    qs = meeting.items.order_by("position")
    if not with_minutes:
        return qs.prefetch_related(Prefetch("documents", queryset=Document.objects.order_by("pk")))
    return qs.prefetch_related(
        Prefetch(
            "contributions",
            queryset=Contribution.objects.select_related("organization").order_by("position"),
        ),
        Prefetch(
            "tasks",
            queryset=Task.objects.select_related(
                "responsible_person", "responsible_organization", "responsible_body"
            ).order_by("due", "pk"),
        ),
        Prefetch("documents", queryset=Document.objects.order_by("pk")),
    )


def attendance(meeting: Meeting) -> QuerySet[Attendance]:
    return meeting.attendances.select_related("person", "organization").order_by("position")
