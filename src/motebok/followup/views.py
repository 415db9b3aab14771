"""Task pages: my tasks (and the secretariat's filters), marking a task done, reopening it."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from motebok.followup import queries, services
from motebok.followup.enums import TaskStatus
from motebok.followup.forms import SCOPE_ALL, TaskDoneForm, TaskFilterForm
from motebok.followup.models import Task
from motebok.orgs.models import Body, Organization, Person
from motebok.orgs.rules import Viewer, get_viewer


def get_task_or_404(viewer: Viewer, pk: int) -> Task:
    """A task of the viewer's cooperations; any other is a 404, so nothing hints it exists."""
    task = queries.tasks().filter(pk=pk).first()
    if task is None or not queries.can_see(viewer, task):
        raise Http404
    return task


def responsible_label(task: Task) -> str:
    """Who is responsible, as one line: person, organization, body (whichever are given)."""
    who = (task.responsible_person, task.responsible_organization, task.responsible_body)
    return ", ".join(x.name for x in who if x is not None)


def _filter_form(request, viewer: Viewer) -> TaskFilterForm | None:
    """The secretariat's filters (three queries for the choices); ``None`` for everyone else."""
    if not (viewer.is_admin or viewer.secretariat_of):
        return None
    tasks = (
        Task.objects.all()
        if viewer.is_admin
        else Task.objects.filter(cooperation_id__in=viewer.secretariat_of)
    )
    bodies = (
        Body.objects.all()
        if viewer.is_admin
        else Body.objects.filter(cooperation_id__in=viewer.secretariat_of)
    )
    return TaskFilterForm(
        request.GET,
        bodies=bodies.order_by("name"),
        organizations=Organization.objects.filter(
            pk__in=tasks.values("responsible_organization_id")
        ).order_by("name"),
        people=Person.objects.filter(pk__in=tasks.values("responsible_person_id")).order_by("name"),
    )


def _groups(qs, status: str, today: dt.date) -> list[dict]:
    """The sections of the page, each with its tasks (one query per kind of task shown)."""
    groups = []
    if status in ("", TaskStatus.OPEN):
        by_due = queries.group_open(queries.open_tasks(qs), today)
        groups += [
            {"key": "overdue", "title": _("Overdue"), "tasks": by_due["overdue"]},
            {
                "key": "soon",
                "title": ngettext(
                    "Due within %(days)d day",
                    "Due within %(days)d days",
                    queries.DUE_SOON_DAYS,
                )
                % {"days": queries.DUE_SOON_DAYS},
                "tasks": by_due["soon"],
            },
            {"key": "later", "title": _("Later or without a due date"), "tasks": by_due["later"]},
        ]
    if status == "":
        since = timezone.now() - dt.timedelta(days=queries.DONE_RECENTLY_DAYS)
        done = queries.closed_tasks(qs, TaskStatus.DONE, since=since)
        title = ngettext(
            "Done in the last %(days)d day",
            "Done in the last %(days)d days",
            queries.DONE_RECENTLY_DAYS,
        ) % {"days": queries.DONE_RECENTLY_DAYS}
        groups.append({"key": "done", "title": title, "tasks": list(done)})
    elif status in (TaskStatus.DONE, TaskStatus.CANCELLED):
        closed = queries.closed_tasks(qs, status, since=None)
        groups.append({"key": status, "title": TaskStatus(status).label, "tasks": list(closed)})
    return groups


@login_required
def task_list(request):
    """My tasks by due date; the secretariat may instead filter all tasks of its cooperations."""
    viewer = get_viewer(request)
    form = _filter_form(request, viewer)
    filters = form.filters() if form is not None else {"scope": "", "status": ""}
    qs = queries.visible_tasks(viewer)
    if filters["scope"] == SCOPE_ALL:
        if not viewer.is_admin:
            qs = qs.filter(cooperation_id__in=viewer.secretariat_of)
    else:
        qs = qs.filter(queries.mine_q(viewer))
    for name in ("body", "organization", "person"):
        if form is not None and filters[name] is not None:
            qs = qs.filter(**{f"responsible_{name}_id": filters[name]})
    today = timezone.localdate()
    groups = _groups(qs, filters["status"], today)
    for group in groups:
        for task in group["tasks"]:
            task.user_can_complete = queries.can_complete(viewer, task)
            task.user_can_reopen = queries.can_reopen(viewer, task)
            task.responsible_label = responsible_label(task)
    return render(
        request,
        "followup/task_list.html",
        {
            "groups": groups,
            "today": today,
            "filter_form": form,
            "all_tasks": filters["scope"] == SCOPE_ALL,
            "several_cooperations": viewer.is_admin or len(viewer.cooperation_ids) > 1,
        },
    )


def _next_url(request) -> str:
    url = request.POST.get("next", "")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("task_list")


@login_required
@require_http_methods(["GET", "POST"])
def task_done(request, pk: int):
    """Mark a task done with an optional comment: the responsible person, a seat holder for the
    responsible organization, or the secretariat."""
    viewer = get_viewer(request)
    task = get_task_or_404(viewer, pk)
    if not queries.can_complete(viewer, task):
        raise PermissionDenied
    form = TaskDoneForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            services.complete_task(task, form.cleaned_data["comment"], user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Marked as done: %(task)s") % {"task": Truncator(task.text).chars(80)},
            )
        return redirect(_next_url(request))
    return render(
        request,
        "followup/task_done.html",
        {"task": task, "form": form, "next": request.GET.get("next", "")},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def task_reopen(request, pk: int):
    """Open a done or cancelled task again: the secretariat only."""
    viewer = get_viewer(request)
    task = get_task_or_404(viewer, pk)
    if not queries.can_reopen(viewer, task):
        raise PermissionDenied
    try:
        services.reopen_task(task)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Reopened: %(task)s") % {"task": Truncator(task.text).chars(80)}
        )
    return redirect(_next_url(request))
