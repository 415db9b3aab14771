"""Programme pages: the programmes, one programme with its activities, one activity."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from motebok.calls.models import Call
from motebok.followup.models import Task
from motebok.meetings.models import AgendaItem, Meeting
from motebok.orgs.enums import OrganizationKind
from motebok.orgs.models import Organization
from motebok.orgs.rules import Viewer, get_viewer
from motebok.programme import queries, services
from motebok.programme.enums import SuggestionState
from motebok.programme.forms import ActivityForm, LinkForm, ProgrammeForm, StatusForm, ThemesForm
from motebok.programme.models import Activity, Programme


def _check(viewer: Viewer, cooperation_id: int, *, edit: bool = False) -> None:
    if not (viewer.runs(cooperation_id) if edit else queries.can_see(viewer, cooperation_id)):
        raise PermissionDenied


def _meetings(cooperation_id: int):
    return Meeting.objects.filter(body__cooperation_id=cooperation_id).select_related("body")


@login_required
def programme_list(request):
    viewer = get_viewer(request)
    cooperations = Organization.objects.filter(kind=OrganizationKind.COOPERATION)
    if not viewer.is_admin:
        cooperations = cooperations.filter(pk__in=viewer.cooperation_ids)
    cooperations = list(cooperations.order_by("name"))
    for cooperation in cooperations:
        cooperation.user_runs = viewer.runs(cooperation.pk)
    return render(
        request,
        "programme/list.html",
        {"programmes": list(queries.visible_programmes(viewer)), "cooperations": cooperations},
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request, cooperation_slug: str):
    viewer = get_viewer(request)
    cooperation = get_object_or_404(
        Organization, slug=cooperation_slug, kind=OrganizationKind.COOPERATION
    )
    _check(viewer, cooperation.pk, edit=True)
    year = timezone.localdate().year
    form = ProgrammeForm(
        request.POST or None,
        initial={"year": year},
        meetings=_meetings(cooperation.pk).order_by("-start")[:200],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meeting = _meetings(cooperation.pk).filter(pk=data["adopted_at"]).first()
        try:
            programme = services.create_programme(
                cooperation,
                title=data["title"],
                year=data["year"],
                adopted_at=meeting,
                adopted_on=data["adopted_on"],
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The programme is saved."))
            return redirect(programme)
    return render(
        request,
        "programme/programme_form.html",
        {"form": form, "cooperation": cooperation},
        status=400 if form.is_bound else 200,
    )


def _programme_page(request, programme: Programme, viewer: Viewer, form=None, status=200):
    runs = viewer.runs(programme.cooperation_id)
    if runs and form is None:
        form = ActivityForm()
    return render(
        request,
        "programme/programme_detail.html",
        {
            "programme": programme,
            "activities": list(queries.activities(programme)),
            "runs": runs,
            "form": form,
        },
        status=status,
    )


def _programme_or_404(viewer: Viewer, pk: int, *, edit: bool = False) -> Programme:
    programme = get_object_or_404(
        Programme.objects.select_related("cooperation", "adopted_at__body"), pk=pk
    )
    _check(viewer, programme.cooperation_id, edit=edit)
    return programme


@login_required
def programme_detail(request, pk: int):
    """A programme's activities with status, reason, themes and links (fixed queries)."""
    viewer = get_viewer(request)
    return _programme_page(request, _programme_or_404(viewer, pk), viewer)


@login_required
@require_POST
def activity_create(request, pk: int):
    viewer = get_viewer(request)
    programme = _programme_or_404(viewer, pk, edit=True)
    form = ActivityForm(request.POST)
    if not form.is_valid():
        return _programme_page(request, programme, viewer, form, status=400)
    activity = services.add_activity(programme, user=request.user, **form.cleaned_data)
    messages.success(request, _("The activity “%(title)s” is added.") % {"title": activity.title})
    return redirect(activity)


def _activity_or_404(viewer: Viewer, pk: int, *, edit: bool = False) -> Activity:
    activity = get_object_or_404(
        Activity.objects.select_related("programme__cooperation", "programme__adopted_at__body"),
        pk=pk,
    )
    _check(viewer, activity.programme.cooperation_id, edit=edit)
    return activity


def _candidates(activity: Activity) -> dict:
    """What may be linked: the cooperation's items, tasks, calls and meetings of the year."""
    programme = activity.programme
    coop, year = programme.cooperation_id, programme.year
    return {
        "items": AgendaItem.objects.filter(
            meeting__body__cooperation_id=coop, meeting__start__year=year
        )
        .select_related("meeting__body")
        .order_by("meeting__start", "position"),
        "tasks": Task.objects.filter(cooperation_id=coop, created_at__year__gte=year - 1).order_by(
            "due", "pk"
        ),
        "calls": Call.objects.filter(cooperation_id=coop, deadline__year=year).order_by("deadline"),
        "meetings": _meetings(coop).filter(start__year=year).order_by("start"),
    }


def _activity_page(request, activity: Activity, viewer: Viewer, status=200, **forms):
    runs = viewer.runs(activity.programme.cooperation_id)
    context = {
        "activity": activity,
        "programme": activity.programme,
        "runs": runs,
        "history": list(queries.history(activity)),
        "links": list(queries.activity_links(activity, viewer).items()),
        "themes": list(activity.themes.order_by("name")),
    }
    if runs:
        coop = activity.programme.cooperation_id
        themes = list(queries.themes(coop))
        context.update(
            status_form=forms.get("status_form")
            or StatusForm(
                initial={"status": activity.status, "changed_on": timezone.localdate()},
                meetings=_meetings(coop).order_by("-start")[:200],
            ),
            link_form=forms.get("link_form") or LinkForm(candidates=_candidates(activity)),
            suggestions=list(
                activity.theme_suggestions.filter(state=SuggestionState.PENDING)
                .select_related("theme")
                .order_by("theme__name")
            ),
            themes_form=forms.get("themes_form")
            or ThemesForm(initial={"themes": [t.pk for t in context["themes"]]}, themes=themes),
        )
    return render(request, "programme/activity_detail.html", context, status=status)


@login_required
def activity_detail(request, pk: int):
    viewer = get_viewer(request)
    return _activity_page(request, _activity_or_404(viewer, pk), viewer)


@login_required
@require_POST
def activity_status(request, pk: int):
    """A dated status change; deprioritizing needs a reason. The history keeps every change."""
    viewer = get_viewer(request)
    activity = _activity_or_404(viewer, pk, edit=True)
    meetings = _meetings(activity.programme.cooperation_id)
    form = StatusForm(request.POST, meetings=meetings.order_by("-start")[:200])
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.change_status(
                activity,
                data["status"],
                reason=data["reason"],
                on=data["changed_on"],
                meeting=meetings.filter(pk=data["meeting"]).first(),
                user=request.user,
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The status is changed."))
            return redirect(activity)
    return _activity_page(request, activity, viewer, status=400, status_form=form)


@login_required
@require_POST
def activity_link(request, pk: int):
    viewer = get_viewer(request)
    activity = _activity_or_404(viewer, pk, edit=True)
    candidates = _candidates(activity)
    form = LinkForm(request.POST, candidates=candidates)
    if form.is_valid():
        for kind, object_id in form.cleaned_data.items():
            if object_id is not None:
                services.link(activity, kind, candidates[kind].get(pk=object_id))
        messages.success(request, _("The links are saved."))
        return redirect(activity)
    return _activity_page(request, activity, viewer, status=400, link_form=form)


@login_required
@require_POST
def activity_unlink(request, pk: int, kind: str, object_id: int):
    viewer = get_viewer(request)
    activity = _activity_or_404(viewer, pk, edit=True)
    if kind not in services.LINKS:
        raise PermissionDenied
    linked = getattr(activity, kind).filter(pk=object_id).first()
    if linked is not None:
        services.unlink(activity, kind, linked)
        messages.success(request, _("The link is removed."))
    return redirect(activity)


@login_required
@require_POST
def activity_themes(request, pk: int):
    viewer = get_viewer(request)
    activity = _activity_or_404(viewer, pk, edit=True)
    themes = {t.pk: t for t in queries.themes(activity.programme.cooperation_id)}
    form = ThemesForm(request.POST, themes=themes.values())
    if form.is_valid():
        services.set_activity_themes(activity, [themes[pk] for pk in form.cleaned_data["themes"]])
        messages.success(request, _("The themes are saved."))
        return redirect(activity)
    return _activity_page(request, activity, viewer, status=400, themes_form=form)
