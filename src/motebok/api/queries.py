"""Querysets of the read API that decide visibility in SQL, mirroring :mod:`motebok.orgs.rules`."""

from __future__ import annotations

from django.db.models import BooleanField, ExpressionWrapper, QuerySet

from motebok.meetings.models import AgendaItem, Document
from motebok.meetings.queries import agenda_visible_q, document_visible_q, minutes_visible_q
from motebok.orgs.rules import Viewer


def visible_items(viewer: Viewer) -> QuerySet[AgendaItem]:
    """Items whose agenda the viewer may see, each with ``minutes_visible`` (one query)."""
    return (
        AgendaItem.objects.filter(agenda_visible_q(viewer, "meeting__"))
        .select_related("meeting__body__cooperation")
        .annotate(
            minutes_visible=ExpressionWrapper(
                minutes_visible_q(viewer, "meeting__"), output_field=BooleanField()
            )
        )
        .order_by("meeting__start", "meeting_id", "position", "pk")
    )


def visible_documents(viewer: Viewer) -> QuerySet[Document]:
    """Documents the viewer may see, oldest meeting first (one query)."""
    return (
        Document.objects.filter(document_visible_q(viewer))
        .select_related("meeting__body__cooperation")
        .order_by("meeting__start", "meeting_id", "uploaded_at", "pk")
    )
