"""Calendar feeds (iCalendar) that calendar programs subscribe to."""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from motebok.meetings.calendar import calendar_bytes
from motebok.orgs.models import Body

FEED_HISTORY_DAYS = 730


def body_calendar(request, slug: str):
    """Every meeting of a body from two years back, moved ones with a higher SEQUENCE, cancelled ones
    as STATUS:CANCELLED (two queries)."""
    body = get_object_or_404(Body.objects.select_related("cooperation"), slug=slug)
    since = timezone.now() - dt.timedelta(days=FEED_HISTORY_DAYS)
    meetings = list(body.meetings.filter(start__gte=since).order_by("start"))
    for meeting in meetings:
        meeting.body = body
    data = calendar_bytes(meetings, name=f"{body.name} ({body.cooperation.name})")
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{body.slug}.ics"'
    return response
