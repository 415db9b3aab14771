"""Theme pages: a cooperation's themes with the region × theme map, one theme's timeline, its
word list, and the secretariat's review of suggested themes for a meeting."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from motebok.meetings.models import Meeting
from motebok.orgs.enums import OrganizationKind
from motebok.orgs.models import Organization
from motebok.orgs.rules import get_viewer
from motebok.programme import chart, queries, services
from motebok.programme.forms import WordsForm
from motebok.programme.models import Theme, ThemeSuggestion


def _map_context(cooperation, viewer) -> dict:
    region_map = queries.region_map(cooperation, viewer, timezone.localdate())
    return {
        "region_map": region_map,
        "chart": chart.build(region_map),
        "table": chart.table(region_map),
    }


@login_required
def theme_index(request, cooperation_slug: str):
    """A cooperation's themes and the region × theme map (fixed queries)."""
    viewer = get_viewer(request)
    cooperation = get_object_or_404(
        Organization, slug=cooperation_slug, kind=OrganizationKind.COOPERATION
    )
    if not queries.can_see(viewer, cooperation.pk):
        raise PermissionDenied
    context = _map_context(cooperation, viewer)
    return render(
        request,
        "programme/theme_index.html",
        {"cooperation": cooperation, "themes": context["region_map"].themes, **context},
    )


def _theme_or_404(viewer, pk: int, *, edit: bool = False) -> Theme:
    theme = get_object_or_404(Theme.objects.select_related("cooperation"), pk=pk)
    allowed = (
        viewer.runs(theme.cooperation_id) if edit else queries.can_see(viewer, theme.cooperation_id)
    )
    if not allowed:
        raise PermissionDenied
    return theme


@login_required
@require_http_methods(["GET", "POST"])
def theme_detail(request, pk: int):
    """A theme's timeline, the region × theme map, and for the secretariat its word list."""
    viewer = get_viewer(request)
    theme = _theme_or_404(viewer, pk, edit=request.method == "POST")
    runs = viewer.runs(theme.cooperation_id)
    form = None
    if runs:
        form = WordsForm(request.POST or None, initial={"words": theme.words})
        if request.method == "POST" and form.is_valid():
            services.set_theme_words(theme, form.cleaned_data["words"])
            messages.success(request, _("The word list is saved."))
            return redirect(theme)
    return render(
        request,
        "programme/theme_detail.html",
        {
            "theme": theme,
            "cooperation": theme.cooperation,
            "timeline": queries.timeline(theme, viewer),
            "runs": runs,
            "form": form,
            **_map_context(theme.cooperation, viewer),
        },
        status=400 if form is not None and form.is_bound else 200,
    )


def _meeting_run_by(viewer, pk: int) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("body__cooperation"), pk=pk)
    if not viewer.runs(meeting.body.cooperation_id):
        raise PermissionDenied
    return meeting


@login_required
@require_http_methods(["GET", "POST"])
def suggestions(request, pk: int):
    """The suggested themes of a meeting's items and contributions; POST suggests again."""
    viewer = get_viewer(request)
    meeting = _meeting_run_by(viewer, pk)
    if request.method == "POST":
        found = services.suggest_themes(meeting)
        messages.success(
            request,
            ngettext("%(n)d new suggestion.", "%(n)d new suggestions.", len(found))
            % {"n": len(found)},
        )
        return redirect("theme_suggestions", meeting.pk)
    return render(
        request,
        "programme/suggestions.html",
        {
            "meeting": meeting,
            "pending": list(queries.pending_suggestions(meeting)),
            "decided": list(queries.decided_suggestions(meeting)[:50]),
        },
    )


@login_required
@require_POST
def decide(request, pk: int, decision: str):
    """Accept or drop one suggestion (the secretariat)."""
    viewer = get_viewer(request)
    suggestion = get_object_or_404(
        ThemeSuggestion.objects.select_related(
            "theme", "item__meeting__body", "contribution__item__meeting__body", "activity"
        ),
        pk=pk,
    )
    if not viewer.runs(suggestion.theme.cooperation_id) or decision not in ("accept", "drop"):
        raise PermissionDenied
    if decision == "accept":
        services.accept_suggestion(suggestion, request.user)
        messages.success(request, _("Accepted: %(theme)s.") % {"theme": suggestion.theme.name})
    else:
        services.drop_suggestion(suggestion, request.user)
        messages.success(request, _("Dropped: %(theme)s.") % {"theme": suggestion.theme.name})
    if suggestion.activity_id:
        return redirect(suggestion.activity)
    meeting = (
        suggestion.item.meeting if suggestion.item_id else suggestion.contribution.item.meeting
    )
    return redirect("theme_suggestions", meeting.pk)
