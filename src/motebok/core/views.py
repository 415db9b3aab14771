"""The front page and the error pages."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery
from django.shortcuts import render
from django.utils import timezone

from motebok.calls.queries import open_calls_for
from motebok.meetings import queries as meeting_queries
from motebok.meetings.enums import MeetingStatus
from motebok.meetings.models import Meeting
from motebok.orgs.models import Body
from motebok.orgs.rules import get_viewer

UPCOMING_ON_FRONT_PAGE = 10


def home(request):
    """Upcoming meetings, and the latest approved minutes of every body (three queries)."""
    now = timezone.now()
    upcoming = list(meeting_queries.upcoming(now)[:UPCOMING_ON_FRONT_PAGE])
    approved = Meeting.objects.filter(
        body=OuterRef("pk"), status=MeetingStatus.MINUTES_APPROVED
    ).order_by("-start")
    bodies = list(
        Body.objects.select_related("cooperation")
        .annotate(
            latest_minutes_id=Subquery(approved.values("pk")[:1]),
            latest_minutes_start=Subquery(approved.values("start")[:1]),
        )
        .filter(latest_minutes_id__isnull=False)
        .order_by("cooperation__name", "name")
    )
    return render(
        request,
        "core/home.html",
        {
            "upcoming": upcoming,
            "bodies_with_minutes": bodies,
            "open_calls": open_calls_for(get_viewer(request), now),
        },
    )


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_403(request, exception=None):
    return render(request, "403.html", status=403)


def error_400(request, exception=None):
    return render(request, "400.html", status=400)


def error_500(request):
    return render(request, "500.html", status=500)
