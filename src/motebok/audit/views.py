"""The audit trail for the secretariat: per meeting, and for the whole cooperation.

Only the secretariat of the cooperation (and administrators) see it; a signed-in user who does
not run the cooperation is refused (403), an anonymous visitor is sent to log in. Each page is a
fixed number of queries: the viewer, the meeting or cooperations, the count and one page of
entries with their users.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from motebok.audit.forms import AuditFilterForm
from motebok.audit.queries import changes_of, entries, kind_of
from motebok.meetings.models import Meeting
from motebok.orgs.enums import OrganizationKind
from motebok.orgs.models import Organization
from motebok.orgs.rules import Viewer, get_viewer

PER_PAGE = 50


def signed_in(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        viewer = get_viewer(request)
        if not viewer.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return view(request, viewer, *args, **kwargs)

    return wrapper


def _page(request, queryset):
    paginator = Paginator(queryset, PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    rows = [(entry, kind_of(entry), changes_of(entry)) for entry in page.object_list]
    return {
        "page": page,
        "rows": rows,
        "page_range": list(paginator.get_elided_page_range(page.number, on_each_side=2)),
        "ellipsis": paginator.ELLIPSIS,
    }


@signed_in
def meeting_history(request, viewer: Viewer, pk: int):
    """Every recorded change of the meeting, its items, minutes, attendance and tasks."""
    meeting = get_object_or_404(Meeting.objects.select_related("body__cooperation"), pk=pk)
    if not viewer.runs(meeting.body.cooperation_id):
        raise PermissionDenied
    context = _page(request, entries().filter(meeting_id=meeting.pk))
    return render(request, "audit/meeting_history.html", {"meeting": meeting, **context})


@signed_in
def audit_list(request, viewer: Viewer):
    """The cooperation's changes, newest first, filtered by kind, change, user and dates."""
    if not (viewer.is_admin or viewer.secretariat_of):
        raise PermissionDenied
    cooperations = Organization.objects.filter(kind=OrganizationKind.COOPERATION)
    if not viewer.is_admin:
        cooperations = cooperations.filter(pk__in=viewer.secretariat_of)
    cooperations = list(cooperations.order_by("name").only("pk", "name", "slug"))
    slug = request.GET.get("cooperation")
    if slug:
        cooperation = next((c for c in cooperations if c.slug == slug), None)
        if cooperation is None:
            raise PermissionDenied
    elif cooperations:
        cooperation = cooperations[0]
    else:
        raise PermissionDenied
    form = AuditFilterForm(request.GET)
    context = _page(request, form.filter(entries().filter(cooperation_id=cooperation.pk)))
    query = request.GET.copy()
    query.pop("page", None)
    query["cooperation"] = cooperation.slug
    return render(
        request,
        "audit/audit_list.html",
        {
            "cooperation": cooperation,
            "cooperations": cooperations,
            "form": form,
            "query": query.urlencode(),
            **context,
        },
    )
