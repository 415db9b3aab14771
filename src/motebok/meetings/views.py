"""The meeting page and document downloads."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from motebok.meetings import queries
from motebok.meetings.enums import ItemKind
from motebok.meetings.models import Document
from motebok.orgs import rules
from motebok.orgs.rules import get_viewer


def meeting_detail(request, pk: int):
    """Notice and agenda, attendance, item text, contributions, conclusions and tasks, as allowed."""
    viewer = get_viewer(request)
    meeting = get_object_or_404(queries.meetings(), pk=pk)
    show_agenda = rules.can_see_agenda(viewer, meeting)
    show_minutes = rules.can_see_minutes(viewer, meeting)
    items = (
        list(queries.items_with_minutes(meeting, with_minutes=show_minutes)) if show_agenda else []
    )
    for item in items:
        item.visible_documents = [
            d for d in item.documents.all() if _document_visible(viewer, meeting, d)
        ]
    return render(
        request,
        "meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "show_agenda": show_agenda,
            "show_minutes": show_minutes,
            "show_tasks": show_minutes and rules.can_see_tasks(viewer, meeting.body.cooperation_id),
            "can_edit": rules.can_edit_meeting(viewer, meeting),
            "can_write_round": viewer.is_insider(meeting.body)
            and not meeting.is_locked
            and any(i.kind == ItemKind.ROUND_TABLE for i in items),
            "corrections": list(
                meeting.corrections.select_related("made_by", "item").order_by("made_at", "pk")
            )
            if show_minutes
            else [],
            "items": items,
            "attendance": list(queries.attendance(meeting)) if show_minutes else [],
            "meeting_documents": [
                d
                for d in meeting.documents.filter(item__isnull=True).order_by("pk")
                if _document_visible(viewer, meeting, d)
            ]
            if show_agenda
            else [],
        },
    )


def _document_visible(viewer, meeting, document) -> bool:
    document.meeting = meeting
    return rules.can_see_document(viewer, document)


def get_document_or_404(viewer, pk: int) -> Document:
    """A document the viewer may download; anything else is a 404, so nothing hints it exists."""
    document = get_object_or_404(Document.objects.select_related("meeting__body"), pk=pk)
    if not rules.can_see_document(viewer, document):
        raise Http404
    return document


def document_download(request, pk: int):
    document = get_document_or_404(get_viewer(request), pk)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=document.file.name.rsplit("/", 1)[-1]
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store" if not document.public else "private"
    return response
