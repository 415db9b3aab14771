"""A meeting's notice or minutes as PDF, DOCX, Markdown, iCalendar or JSON, as the reader may see it."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from motebok.documents import render
from motebok.meetings import queries
from motebok.meetings.agenda import EDITABLE_STATES
from motebok.orgs import rules
from motebok.orgs.rules import Viewer, get_viewer


def visibility_for(viewer: Viewer, meeting) -> render.Visibility:
    """What of the meeting the viewer may have in a document (the same rules as its page).

    Before the meeting an item's text presents the case and goes with the public agenda; after
    it the text is part of the minutes and is shown with them.
    """
    agenda = rules.can_see_agenda(viewer, meeting)
    minutes = rules.can_see_minutes(viewer, meeting)
    return render.Visibility(
        agenda=agenda,
        minutes=minutes,
        exempt=viewer.is_insider(meeting.body),
        tasks=minutes and rules.can_see_tasks(viewer, meeting.body.cooperation_id),
        texts=minutes or meeting.status in EDITABLE_STATES,
    )


@require_safe
def meeting_export(request, pk: int, fmt: str):
    """``?document=notice`` asks for the notice of a meeting that has minutes."""
    if fmt not in render.FORMATS:
        raise Http404
    meeting = get_object_or_404(queries.meetings(), pk=pk)
    viewer = get_viewer(request)
    document = request.GET.get("document")
    result = render.export(
        meeting,
        fmt,
        visibility_for(viewer, meeting),
        document=render.NOTICE if document == render.NOTICE else None,
    )
    response = HttpResponse(result.data, content_type=result.content_type)
    disposition = "inline" if fmt in ("pdf", "md") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{result.filename}"'
    if viewer.is_authenticated:
        response["Cache-Control"] = "private, no-store"
    return response
