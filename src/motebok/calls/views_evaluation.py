"""Evaluation pages of the secretariat: scoring an answer, the matrix, the recommendation and
putting it on an agenda."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from motebok.calls import matrix, queries, rules, services
from motebok.calls.forms import AgendaForm, RecommendationForm, ScoreForm
from motebok.calls.models import Score, Submission
from motebok.calls.views import get_call_or_404
from motebok.meetings.enums import MeetingStatus
from motebok.meetings.models import Meeting
from motebok.orgs.rules import get_viewer

AGENDA_STATES = (MeetingStatus.PLANNED, MeetingStatus.NOTICE_SENT)


@login_required
@require_http_methods(["GET", "POST"])
def score(request, pk: int):
    """One evaluator's scores and comments of one answer, per criterion."""
    viewer = get_viewer(request)
    now = timezone.now()
    submission = get_object_or_404(
        Submission.objects.select_related("call__cooperation", "organization").prefetch_related(
            "attachments"
        ),
        pk=pk,
    )
    call = submission.call
    if not rules.can_score(viewer, call):
        get_call_or_404(viewer, call.pk, now)  # 404 or 403 as for the call itself
        raise PermissionDenied
    criteria = list(queries.criteria(call))
    mine = {
        s.criterion_id: s
        for s in Score.objects.filter(submission=submission, evaluator=request.user)
    }
    initial = {}
    for criterion_id, given in mine.items():
        initial[f"score_{criterion_id}"] = str(given.value)
        initial[f"comment_{criterion_id}"] = given.comment
    form = ScoreForm(request.POST or None, initial=initial, call=call, criteria=criteria)
    refused = (
        None if now > call.closes_at else _("Answers can be scored once the deadline has passed.")
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.score_submission(submission, request.user, form.values(), now=now)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your scores of the answer of %(organization)s are saved.")
                % {"organization": submission.organization.name},
            )
            return redirect("call_evaluation", call.pk)
    return render(
        request,
        "calls/score.html",
        {"call": call, "submission": submission, "form": form, "refused": refused},
        status=400 if form.is_bound else 200,
    )


def _meetings(call):
    return (
        Meeting.objects.filter(
            body__cooperation_id=call.cooperation_id,
            status__in=AGENDA_STATES,
            start__gte=timezone.now(),
        )
        .select_related("body")
        .order_by("start", "pk")
    )


def _render_matrix(request, call, *, recommendation_form=None, agenda_form=None, status=200):
    built = matrix.build(call)
    submissions = [r.submission for r in built.rows]
    if recommendation_form is None:
        recommendation_form = RecommendationForm(
            initial={"recommended": call.recommended_id, "recommendation": call.recommendation},
            submissions=sorted(submissions, key=lambda s: s.organization.name),
        )
    if agenda_form is None and call.recommendation and call.decision_item_id is None:
        agenda_form = AgendaForm(meetings=list(_meetings(call)))
    return render(
        request,
        "calls/evaluation.html",
        {
            "call": call,
            "matrix": built,
            "closed": timezone.now() > call.closes_at,
            "recommendation_form": recommendation_form,
            "agenda_form": agenda_form,
        },
        status=status,
    )


def _evaluated_call(request, pk: int):
    viewer = get_viewer(request)
    call = get_call_or_404(viewer, pk, timezone.now())
    if not rules.can_score(viewer, call):
        raise PermissionDenied
    return call


@login_required
def evaluation(request, pk: int):
    """The matrix: mean per criterion, weighted total and spread per answer; fixed queries."""
    call = _evaluated_call(request, pk)
    return _render_matrix(request, call)


@login_required
@require_POST
def recommend(request, pk: int):
    call = _evaluated_call(request, pk)
    submissions = {s.pk: s for s in call.submissions.select_related("organization")}
    form = RecommendationForm(request.POST, submissions=submissions.values())
    if form.is_valid():
        try:
            services.record_recommendation(
                call,
                form.cleaned_data["recommendation"],
                submissions.get(form.cleaned_data["recommended"]),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The recommendation is saved."))
            return redirect("call_evaluation", call.pk)
    return _render_matrix(request, call, recommendation_form=form, status=400)


@login_required
@require_POST
def to_agenda(request, pk: int):
    """Put the recommendation on a planned meeting as a decision case with the matrix attached."""
    call = _evaluated_call(request, pk)
    meetings = {m.pk: m for m in _meetings(call)}
    form = AgendaForm(request.POST, meetings=meetings.values())
    if form.is_valid():
        meeting = meetings[form.cleaned_data["meeting"]]
        try:
            services.place_on_agenda(
                call,
                meeting,
                public=not form.cleaned_data["exempt"],
                legal_basis=form.cleaned_data["legal_basis"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("The recommendation is on the agenda of %(body)s, item %(number)s.")
                % {"body": meeting.body.name, "number": call.decision_item.number},
            )
            return redirect("call_evaluation", call.pk)
    return _render_matrix(request, call, agenda_form=form, status=400)
