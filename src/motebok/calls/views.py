"""Call pages: the list, opening and editing a call, a call's page, extending it, answering."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motebok.calls import queries, rules, services
from motebok.calls.forms import AnswerForm, CallForm, ExtendForm, criteria_text
from motebok.calls.models import Call, Submission, SubmissionAttachment
from motebok.meetings.models import AgendaItem
from motebok.orgs.enums import OrganizationKind
from motebok.orgs.models import Organization
from motebok.orgs.rules import Viewer, get_viewer

ITEM_CHOICES = 200


def get_call_or_404(viewer: Viewer, pk: int, now) -> Call:
    """A call the viewer may see. Unknown (or not yet open, for a member) is 404; a call of
    another cooperation is 403."""
    call = get_object_or_404(queries.calls().select_related("item__meeting__body"), pk=pk)
    if rules.can_see_call(viewer, call, now):
        return call
    if call.cooperation_id in viewer.cooperation_ids:
        raise Http404
    raise PermissionDenied


def _run_call_or_403(viewer: Viewer, pk: int, now) -> Call:
    call = get_call_or_404(viewer, pk, now)
    if not rules.runs(viewer, call):
        raise PermissionDenied
    return call


def state(call: Call, now) -> str:
    if now < call.opens:
        return "upcoming"
    return "open" if now <= call.closes_at else "closed"


@login_required
def call_list(request):
    """Open calls, the secretariat's calls not yet open, and closed calls (two queries)."""
    viewer = get_viewer(request)
    now = timezone.now()
    answered = Submission.objects.filter(
        call=OuterRef("pk"), organization_id__in=viewer.organization_ids
    )
    calls = list(
        queries.visible_calls(viewer, now)
        .annotate(answers=Count("submissions"), answered=Exists(answered))
        .order_by("-deadline", "pk")
    )
    groups = {"open": [], "upcoming": [], "closed": []}
    for call in calls:
        call.state = state(call, now)
        call.runs = rules.runs(viewer, call)
        groups[call.state].append(call)
    groups["open"].sort(key=lambda c: c.closes_at)
    cooperations = Organization.objects.filter(kind=OrganizationKind.COOPERATION)
    if not viewer.is_admin:
        cooperations = cooperations.filter(pk__in=viewer.secretariat_of)
    return render(
        request,
        "calls/list.html",
        {
            "groups": groups,
            "cooperations": list(cooperations.order_by("name"))
            if viewer.is_admin or viewer.secretariat_of
            else [],
        },
    )


def _form_choices(cooperation_id: int):
    from motebok.orgs.models import Body

    bodies = list(Body.objects.filter(cooperation_id=cooperation_id).order_by("name"))
    items = list(
        AgendaItem.objects.filter(meeting__body__cooperation_id=cooperation_id)
        .select_related("meeting__body")
        .order_by("-meeting__start", "position")[:ITEM_CHOICES]
    )
    return {"bodies": bodies, "items": items}


def _render_form(request, form, cooperation, call=None, status=200):
    return render(
        request,
        "calls/form.html",
        {"form": form, "cooperation": cooperation, "call": call},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def call_create(request, cooperation_slug: str):
    """The secretariat opens a call; members are told by e-mail once it opens."""
    viewer = get_viewer(request)
    cooperation = get_object_or_404(
        Organization, slug=cooperation_slug, kind=OrganizationKind.COOPERATION
    )
    if not viewer.runs(cooperation.pk):
        raise PermissionDenied
    now = timezone.localtime()
    form = CallForm(
        request.POST or None,
        initial={"opens_date": now.date(), "opens_time": now.time().replace(second=0)},
        **_form_choices(cooperation.pk),
    )
    if request.method == "POST" and form.is_valid():
        fields = form.call_fields()
        fields["item"] = _item(fields.pop("item_id"), cooperation.pk)
        try:
            call = services.create_call(
                cooperation, criteria=form.cleaned_data["criteria"], **fields
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The call “%(title)s” is saved.") % {"title": call.title})
            return redirect(call)
    return _render_form(request, form, cooperation, status=400 if form.is_bound else 200)


def _item(pk, cooperation_id):
    if pk is None:
        return None
    return AgendaItem.objects.filter(pk=pk, meeting__body__cooperation_id=cooperation_id).first()


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            name = {"deadline": "deadline_date", "audience_body": "audience"}.get(field, field)
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
@require_http_methods(["GET", "POST"])
def call_edit(request, pk: int):
    viewer = get_viewer(request)
    call = _run_call_or_403(viewer, pk, timezone.now())
    opens, deadline = timezone.localtime(call.opens), timezone.localtime(call.deadline)
    initial = {
        "title": call.title,
        "text": call.text,
        "audience": str(call.audience_body_id or ""),
        "opens_date": opens.date(),
        "opens_time": opens.time(),
        "deadline_date": deadline.date(),
        "deadline_time": deadline.time(),
        "reminder_days": call.reminder_days,
        "criteria": criteria_text(queries.criteria(call)),
        "scale_min": call.scale_min,
        "scale_max": call.scale_max,
        "item": call.item_id,
    }
    form = CallForm(request.POST or None, initial=initial, **_form_choices(call.cooperation_id))
    if request.method == "POST" and form.is_valid():
        fields = form.call_fields()
        fields["item"] = _item(fields.pop("item_id"), call.cooperation_id)
        try:
            services.update_call(call, criteria=form.cleaned_data["criteria"], **fields)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The call “%(title)s” is saved.") % {"title": call.title})
            return redirect(call)
    return _render_form(request, form, call.cooperation, call, status=400 if form.is_bound else 200)


@login_required
def call_detail(request, pk: int):
    """The call, the viewer's organizations' answers, the answers the viewer may see, and for
    the secretariat who has answered. Fixed number of queries."""
    viewer = get_viewer(request)
    now = timezone.now()
    call = get_call_or_404(viewer, pk, now)
    today = timezone.localdate(now)
    runs = rules.runs(viewer, call)
    submissions = list(queries.submissions(call))
    by_org = {s.organization_id: s for s in submissions}
    mine = [
        (org, by_org.get(org.pk))
        for org in queries.answerable_organizations(viewer, call, today)
        if runs is False or org.pk in viewer.organization_ids
    ]
    audience = []
    if runs:
        audience = [
            (org, by_org.get(org.pk)) for org in queries.audience_organizations(call, today)
        ]
    return render(
        request,
        "calls/detail.html",
        {
            "call": call,
            "state": state(call, now),
            "runs": runs,
            "criteria": list(queries.criteria(call)),
            "mine": mine,
            "audience": audience,
            "visible": [s for s in submissions if rules.can_see_submission(viewer, s, call, now)],
            "answered": len(submissions),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def call_extend(request, pk: int):
    """The secretariat takes answers for longer; those who have not answered are told."""
    viewer = get_viewer(request)
    now = timezone.now()
    call = _run_call_or_403(viewer, pk, now)
    closes = timezone.localtime(call.closes_at)
    form = ExtendForm(request.POST or None, initial={"date": closes.date(), "time": closes.time()})
    if request.method == "POST" and form.is_valid():
        try:
            services.extend_deadline(call, form.until, now=now)
        except ValidationError as error:
            form.add_error("date", error.message_dict["until"])
        else:
            messages.success(request, _("The deadline has been extended."))
            return redirect(call)
    return render(
        request,
        "calls/extend.html",
        {"call": call, "form": form},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def answer(request, pk: int, organization_pk: int):
    """An organization's answer: written, changed and given files until the deadline."""
    viewer = get_viewer(request)
    now = timezone.now()
    call = get_call_or_404(viewer, pk, now)
    organization = get_object_or_404(Organization, pk=organization_pk)
    allowed = queries.answerable_organizations(viewer, call, timezone.localdate(now))
    if organization.pk not in {o.pk for o in allowed}:
        raise PermissionDenied
    submission = (
        Submission.objects.filter(call=call, organization=organization)
        .prefetch_related("attachments")
        .first()
    )
    form = AnswerForm(
        request.POST or None,
        request.FILES or None,
        initial={"text": submission.text if submission else ""},
    )
    closed = services.refusal(call, now)
    if request.method == "POST" and form.is_valid():
        try:
            submission = services.save_submission(
                call, organization, form.cleaned_data["text"], viewer=viewer, user=request.user
            )
            if form.cleaned_data["file"]:
                services.add_attachment(submission, form.cleaned_data["file"], viewer=viewer)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                _add_errors(form, error)
            else:
                closed = " ".join(error.messages)
        else:
            messages.success(
                request,
                _("The answer of %(organization)s is saved.") % {"organization": organization.name},
            )
            return redirect(call)
    status = 200 if not form.is_bound else 400
    return render(
        request,
        "calls/answer.html",
        {
            "call": call,
            "organization": organization,
            "submission": submission,
            "form": form,
            "closed": closed,
        },
        status=status,
    )


def _attachment_or_404(viewer: Viewer, pk: int, now) -> SubmissionAttachment:
    attachment = get_object_or_404(
        SubmissionAttachment.objects.select_related(
            "submission__call__cooperation", "submission__organization"
        ),
        pk=pk,
    )
    submission = attachment.submission
    if not rules.can_see_submission(viewer, submission, submission.call, now):
        raise PermissionDenied
    return attachment


@login_required
def attachment_download(request, pk: int):
    attachment = _attachment_or_404(get_viewer(request), pk, timezone.now())
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.filename,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def attachment_delete(request, pk: int):
    """Asks first; the POST of the confirmation removes the file from the answer."""
    viewer = get_viewer(request)
    now = timezone.now()
    attachment = _attachment_or_404(viewer, pk, now)
    submission = attachment.submission
    error = None
    if request.method == "POST":
        try:
            services.delete_attachment(attachment, viewer=viewer, now=now)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("The file has been removed from the answer."))
            return redirect("call_answer", submission.call_id, submission.organization_id)
    return render(
        request,
        "calls/attachment_delete.html",
        {"attachment": attachment, "submission": submission, "error": error},
        status=400 if error else 200,
    )
