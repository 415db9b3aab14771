"""Public pages of cooperations and bodies."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from motebok.orgs.enums import OrganizationKind
from motebok.orgs.models import Body, Organization
from motebok.orgs.rules import get_viewer


def body_detail(request, slug: str):
    """A body: who sits in it (now and before) and its meeting plan for a year (four queries)."""
    body = get_object_or_404(Body.objects.select_related("cooperation", "parent"), slug=slug)
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    if not 1900 <= year <= 2200:
        year = today.year
    seats = list(
        body.seats.select_related("person", "organization").order_by("end", "role", "person__name")
    )
    current = [s for s in seats if s.start <= today and (s.end is None or s.end >= today)]
    former = [s for s in seats if s.end is not None and s.end < today]
    coming = [s for s in seats if s.start > today]
    years = sorted({d.year for d in body.meetings.dates("start", "year")} | {today.year})
    plan = list(body.meetings.filter(start__year=year).order_by("start"))
    return render(
        request,
        "orgs/body_detail.html",
        {
            "body": body,
            "current_seats": current,
            "former_seats": former,
            "coming_seats": coming,
            "year": year,
            "years": years,
            "plan": plan,
            "can_plan": get_viewer(request).runs(body.cooperation_id),
        },
    )


def cooperation_detail(request, slug: str):
    """A cooperation: its members (former ones with the day they left) and its bodies (three queries)."""
    cooperation = get_object_or_404(Organization, slug=slug, kind=OrganizationKind.COOPERATION)
    today = timezone.localdate()
    memberships = list(
        cooperation.member_links.select_related("organization").order_by(
            "organization__name", "start"
        )
    )
    current = [m for m in memberships if m.start <= today and (m.end is None or m.end >= today)]
    former = [m for m in memberships if m.end is not None and m.end < today]
    bodies = list(cooperation.bodies.select_related("parent").order_by("parent__name", "name"))
    return render(
        request,
        "orgs/cooperation_detail.html",
        {"cooperation": cooperation, "current": current, "former": former, "bodies": bodies},
    )
