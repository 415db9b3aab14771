"""The secretariat's meeting plan: a body's year, adding, moving and cancelling meetings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motebok.meetings import plan
from motebok.meetings.forms_plan import AddMeetingForm, MoveMeetingForm
from motebok.meetings.models import Meeting
from motebok.orgs.models import Body
from motebok.orgs.rules import Viewer, get_viewer

FIRST_YEAR, LAST_YEAR = 1900, 2200


def _day(value) -> str:
    return formats.date_format(timezone.localtime(value), "DATE_FORMAT")


def _meeting_or_404(viewer: Viewer, pk: int) -> Meeting:
    """A meeting whose plan the viewer runs: unknown is 404, someone else's is 403."""
    meeting = get_object_or_404(Meeting.objects.select_related("body__cooperation"), pk=pk)
    if not viewer.runs(meeting.body.cooperation_id):
        raise PermissionDenied
    return meeting


def _plan_url(meeting: Meeting):
    return redirect("plan_year", meeting.body.slug, timezone.localtime(meeting.start).year)


@require_http_methods(["GET", "POST"])
def plan_year(request, body_slug: str, year: int):
    """A body's meetings in a year, the timing rules they break, and a form to add one.

    Seven queries (session, user, viewer ×2, body, meetings, timing rules) plus one for the
    meetings the rules compare, whatever the number of meetings.
    """
    viewer = get_viewer(request)
    if not viewer.is_authenticated:
        return redirect_to_login(request.get_full_path())
    body = get_object_or_404(Body.objects.select_related("cooperation"), slug=body_slug)
    if not viewer.runs(body.cooperation_id):
        raise PermissionDenied
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    form = AddMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = plan.create_meeting(body, **form.meeting_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The meeting on %(date)s has been added and the members told by e-mail.")
                % {"date": _day(meeting.start)},
            )
            return _plan_url(meeting)
    meetings = list(body.meetings.filter(start__year=year).order_by("start", "pk"))
    for meeting in meetings:
        meeting.changeable = plan.is_changeable(meeting)
    return render(
        request,
        "meetings/plan/year.html",
        {
            "body": body,
            "year": year,
            "previous_year": year - 1,
            "next_year": year + 1,
            "meetings": meetings,
            "warnings": plan.plan_warnings(body, year),
            "form": form,
        },
    )


@require_http_methods(["GET", "POST"])
def move_meeting(request, pk: int):
    """A form with the meeting's new day and time; moving keeps the date it replaced."""
    viewer = get_viewer(request)
    if not viewer.is_authenticated:
        return redirect_to_login(request.get_full_path())
    meeting = _meeting_or_404(viewer, pk)
    form = MoveMeetingForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        old_day = _day(meeting.start)
        try:
            plan.move_meeting(meeting, form.start, form.end)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "The meeting has been moved from %(old)s to %(new)s and the members told by "
                    "e-mail."
                )
                % {"old": old_day, "new": _day(meeting.start)},
            )
            return _plan_url(meeting)
    return render(
        request,
        "meetings/plan/move.html",
        {
            "meeting": meeting,
            "form": form,
            "changeable": plan.is_changeable(meeting),
            "year": timezone.localtime(meeting.start).year,
        },
    )


@require_http_methods(["GET", "POST"])
def cancel_meeting(request, pk: int):
    """Asks first; the POST of the confirmation cancels the meeting and tells the members."""
    viewer = get_viewer(request)
    if not viewer.is_authenticated:
        return redirect_to_login(request.get_full_path())
    meeting = _meeting_or_404(viewer, pk)
    error = None
    if request.method == "POST":
        try:
            plan.cancel_meeting(meeting)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request,
                _("The meeting on %(date)s has been cancelled and the members told by e-mail.")
                % {"date": _day(meeting.start)},
            )
            return _plan_url(meeting)
    return render(
        request,
        "meetings/plan/cancel.html",
        {
            "meeting": meeting,
            "error": error,
            "changeable": plan.is_changeable(meeting),
            "year": timezone.localtime(meeting.start).year,
        },
    )
