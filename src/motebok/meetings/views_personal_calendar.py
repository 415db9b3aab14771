"""The personal calendar feed and the page where a user finds (and replaces) its address."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from motebok.meetings import personal_calendar
from motebok.meetings.calendar import calendar_bytes


@require_GET
def feed(request, token: str):
    """Every meeting of the token owner's bodies (two queries); an unknown or replaced token is 404."""
    user = personal_calendar.user_of_token(token)
    if user is None:
        raise Http404
    meetings = personal_calendar.personal_meetings(user)
    name = _("Meetings of %(name)s (Møtebok)") % {"name": user.get_full_name() or user.username}
    response = HttpResponse(
        calendar_bytes(meetings, name=name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="motebok.ics"'
    response["Cache-Control"] = "private, max-age=0"
    response["X-Robots-Tag"] = "noindex"
    return response


def _feed_url(token) -> str:
    return f"{settings.MOTEBOK_BASE_URL}{token.get_absolute_url()}" if token else ""


@login_required
@require_GET
def page(request):
    token = personal_calendar.token_of(request.user)
    url = _feed_url(token)
    return render(
        request,
        "meetings/personal_calendar/page.html",
        {
            "token": token,
            "feed_url": url,
            "webcal_url": "webcal://" + url.split("://", 1)[1] if url else "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def renew(request):
    """GET asks for confirmation (the old address stops working); POST makes the new address."""
    token = personal_calendar.token_of(request.user)
    if request.method == "POST":
        personal_calendar.issue_token(request.user)
        messages.success(
            request,
            _("Your calendar has a new address. The old one no longer works.")
            if token
            else _("Your calendar address is ready."),
        )
        return redirect(reverse("personal_calendar"))
    return render(request, "meetings/personal_calendar/renew.html", {"token": token})
