"""The minute-taker's page, the round-the-table page and their htmx fragments.

Every form also works without JavaScript: a plain POST answers with a redirect, or with the
whole page showing the errors (or the two versions of a conflicting edit, status 409).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from motebok.followup.models import Task
from motebok.meetings import minutes
from motebok.meetings.enums import AttendanceRole, AttendanceStatus, ItemKind
from motebok.meetings.forms_minutes import (
    ApprovalForm,
    AttendanceForm,
    ContributionForm,
    CorrectionForm,
    GroupForm,
    ItemMinutesForm,
    TaskForm,
    approval_candidates,
    form_choices,
)
from motebok.meetings.models import AgendaItem, Attendance, Contribution, Meeting
from motebok.orgs.enums import SeatRole
from motebok.orgs.models import Organization, Seat
from motebok.orgs.rules import get_viewer

T = "meetings/minutes/"
_SEAT_ROLES = {
    SeatRole.CHAIR: AttendanceRole.CHAIR,
    SeatRole.DEPUTY_CHAIR: AttendanceRole.DEPUTY_CHAIR,
    SeatRole.SECRETARIAT: AttendanceRole.SECRETARIAT,
}
_TASKS = Prefetch(
    "tasks",
    queryset=Task.objects.select_related(
        "responsible_person", "responsible_organization", "responsible_body"
    ).order_by("due", "pk"),
)


def _meeting(pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("body__cooperation"), pk=pk)


def _secretariat_meeting(request, pk: int) -> Meeting:
    meeting = _meeting(pk)
    if not get_viewer(request).runs(meeting.body.cooperation_id):
        raise PermissionDenied
    return meeting


def _item(meeting: Meeting, item_pk: int) -> AgendaItem:
    item = get_object_or_404(
        AgendaItem.objects.select_related("approves"), pk=item_pk, meeting=meeting
    )
    item.meeting = meeting
    return item


def _edit_url(meeting: Meeting, anchor: str = "") -> str:
    return reverse("minutes_edit", args=[meeting.pk]) + (f"#{anchor}" if anchor else "")


def _attendance_rows(meeting: Meeting) -> list[Attendance]:
    """Recorded attendance, then the body's members with nothing recorded yet (unsaved rows)."""
    rows = list(meeting.attendances.select_related("person", "organization").order_by("position"))
    seen = {a.person_id for a in rows}
    seats = minutes.current_seats(meeting).select_related("person", "organization")
    for seat in seats.order_by("person__name"):
        if seat.person_id not in seen:
            seen.add(seat.person_id)
            rows.append(_blank_row(meeting, seat))
    return rows


def _blank_row(meeting: Meeting, seat: Seat) -> Attendance:
    role = _SEAT_ROLES.get(seat.role, AttendanceRole.MEMBER)
    return Attendance(
        meeting=meeting, person=seat.person, organization=seat.organization, status="", role=role
    )


def _groups(meeting: Meeting) -> list:
    seats = Seat.objects.select_related("person", "organization").order_by("person__name")
    return list(
        meeting.body.children.order_by("name").prefetch_related(Prefetch("seats", queryset=seats))
    )


def _page(request, meeting: Meeting, status: int = 200, *, attach=None, **extra):
    """The minutes page in a fixed number of queries; ``attach`` puts values on single items."""
    items = list(
        meeting.items.select_related("approves")
        .order_by("position")
        .prefetch_related(
            Prefetch(
                "contributions",
                queryset=Contribution.objects.select_related("organization").order_by("position"),
            ),
            _TASKS,
        )
    )
    for item in items:
        item.meeting = meeting
        for key, value in (attach or {}).get(item.pk, {}).items():
            setattr(item, key, value)
    context = {
        "meeting": meeting,
        "locked": meeting.is_locked,
        "items": items,
        "round_item": next((i for i in items if i.kind == ItemKind.ROUND_TABLE), None),
        "attendance_rows": _attendance_rows(meeting),
        "groups": _groups(meeting),
        "corrections": list(
            meeting.corrections.select_related("made_by", "item").order_by("made_at", "pk")
        ),
        "candidates": list(approval_candidates(meeting)[:12]),
        "can_publish": meeting.status in minutes.PUBLISHABLE_STATES,
        **form_choices(meeting),
        **extra,
    }
    return render(request, T + "edit.html", context, status=status)


def _refused(request, error: ValidationError, texts=(), back: str = ""):
    """A refused save (approved or cancelled meeting): the message, and the text kept."""
    context = {"message": " ".join(error.messages), "texts": texts, "back": back}
    return render(
        request, T + ("_refused.html" if request.htmx else "refused.html"), context, status=409
    )


def _saved(request, anchor: str, version: int):
    context = {"anchor": anchor, "version": version, "saved_at": timezone.now()}
    return render(request, T + "_saved.html", context)


def _item_conflict(meeting: Meeting, item: AgendaItem, conflict: minutes.StaleEdit) -> dict:
    return {
        "conflict": conflict,
        "heading": _("Someone else saved this item"),
        "rows": [
            (_("Notes"), conflict.theirs["text"], conflict.yours["text"]),
            (_("Conclusion"), conflict.theirs["conclusion"], conflict.yours["conclusion"]),
        ],
        "form_id": f"{item.anchor}-form",
        "keep_url": reverse("minutes_item", args=[meeting.pk, item.pk]),
        "keep_href": _edit_url(meeting, item.anchor),
        "keep_target": f"#{item.anchor}-minutes",
    }


@login_required
def minutes_edit(request, pk: int):
    """The minute-taker's page: attendance, notes and conclusions, tasks, groups, approval."""
    return _page(request, _secretariat_meeting(request, pk))


@login_required
@require_http_methods(["GET", "POST"])
def item_minutes(request, pk: int, item_pk: int):
    """Save an item's notes and conclusion (autosaved); GET gives its form as saved now."""
    meeting = _secretariat_meeting(request, pk)
    item = _item(meeting, item_pk)
    if request.method == "GET":
        return render(
            request, T + "_item_form.html", {"meeting": meeting, "item": item, "autofocus": True}
        )
    form = ItemMinutesForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("The form lacks the version it was written on."))
    text, conclusion = form.cleaned_data["text"], form.cleaned_data["conclusion"]
    try:
        item = minutes.save_item_minutes(
            item, text, conclusion, form.expected_version, request.user
        )
    except minutes.StaleEdit as conflict:
        context = _item_conflict(meeting, item, conflict)
        if request.htmx:
            return render(request, T + "_conflict.html", {"c": context}, status=409)
        return _page(request, meeting, 409, attach={item.pk: {"conflict": context}})
    except ValidationError as error:
        texts = [(_("Notes"), text), (_("Conclusion"), conclusion)]
        return _refused(request, error, texts, _edit_url(meeting, item.anchor))
    if request.htmx:
        return _saved(request, item.anchor, item.version)
    messages.success(request, _("The item is saved."))
    return redirect(_edit_url(meeting, item.anchor))


@login_required
@require_POST
def item_task(request, pk: int, item_pk: int):
    """Turn a deadline or follow-up of an item into a task."""
    meeting = _secretariat_meeting(request, pk)
    item = _item(meeting, item_pk)
    form = TaskForm(request.POST, cooperation_id=meeting.body.cooperation_id)
    if form.is_valid():
        try:
            minutes.add_task(item, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
    failed = {"task_form": form} if form.errors else {}
    if not request.htmx:
        if failed:
            return _page(request, meeting, attach={item.pk: {**failed, "task_open": True}})
        messages.success(request, _("The task is added."))
        return redirect(_edit_url(meeting, f"{item.anchor}-tasks"))
    prefetch_related_objects([item], _TASKS)
    item.task_form = form if failed else None
    item.task_open, item.task_added = True, not failed
    context = {
        "meeting": meeting,
        "item": item,
        "locked": meeting.is_locked,
        **form_choices(meeting),
    }
    return render(request, T + "_tasks.html", context)


@login_required
@require_POST
def attendance(request, pk: int):
    """Record one person's attendance status and role (one table row)."""
    meeting = _secretariat_meeting(request, pk)
    form = AttendanceForm(request.POST, cooperation_id=meeting.body.cooperation_id)
    if "person" in form.errors or not form.is_bound:
        return HttpResponseBadRequest(_("Unknown person."))
    row, error, status = None, "", 200
    if form.is_valid():
        try:
            row = minutes.set_attendance(meeting, **form.cleaned_data)
        except ValidationError as refused:
            error, status = " ".join(refused.messages), 409
    else:
        error = _("Choose whether the person is present, absent or a substitute.")
    if not request.htmx:
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("The attendance is saved."))
        return redirect(_edit_url(meeting, "attendance"))
    person = form.cleaned_data["person"]
    if row is None:
        row = meeting.attendances.select_related("organization").filter(person=person).first()
        seat = minutes.current_seats(meeting).filter(person=person).first()
        row = row or _blank_row(meeting, seat or Seat(person=person))
    row.person = person
    context = {
        "meeting": meeting,
        "row": row,
        "saved": not error,
        "error": error,
        "locked": False,
        "statuses": AttendanceStatus.choices,
        "roles": AttendanceRole.choices,
    }
    return render(request, T + "_attendance_row.html", context, status=status)


@login_required
@require_POST
def group(request, pk: int):
    """Set up a working group or programme committee as a body with seats."""
    meeting = _secretariat_meeting(request, pk)
    form = GroupForm(request.POST, cooperation_id=meeting.body.cooperation_id)
    created = None
    if form.is_valid():
        try:
            created = minutes.create_group(meeting, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("name", error)
    if not request.htmx:
        if created is None:
            return _page(request, meeting, group_form=form)
        messages.success(request, _("The group %(name)s is set up.") % {"name": created.name})
        return redirect(_edit_url(meeting, "groups"))
    context = {
        "meeting": meeting,
        "locked": meeting.is_locked,
        "groups": _groups(meeting),
        "group_form": None if created else form,
        "group_created": created,
        **form_choices(meeting),
    }
    return render(request, T + "_groups.html", context)


@login_required
@require_POST
def publish(request, pk: int):
    """Send the minutes out as a draft for comments."""
    meeting = _secretariat_meeting(request, pk)
    try:
        minutes.publish_draft(meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The draft minutes are sent to the members for comments."))
    return redirect(_edit_url(meeting))


@login_required
@require_POST
def approve(request, pk: int, item_pk: int):
    """Conclude an "approval of the minutes" item: the earlier meeting's minutes are approved."""
    meeting = _secretariat_meeting(request, pk)
    item = _item(meeting, item_pk)
    form = ApprovalForm(request.POST, candidates=approval_candidates(meeting))
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose a meeting whose minutes wait for approval."))
        approved = minutes.conclude_approval(item, approves=form.cleaned_data["approves"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The minutes of %(meeting)s are approved and locked.") % {"meeting": approved},
        )
    return redirect(_edit_url(meeting, item.anchor))


@login_required
@require_POST
def correction(request, pk: int):
    """Correct approved minutes, recording who, when, what and why."""
    meeting = _secretariat_meeting(request, pk)
    form = CorrectionForm(request.POST)
    if not form.is_valid() and "target" in form.errors:
        return HttpResponseBadRequest(_("Unknown part of the minutes."))
    item_id, field = form.split_target() if "target" in form.cleaned_data else (None, "")
    item = _item(meeting, item_id) if item_id else None
    if form.is_valid():
        data = form.cleaned_data
        try:
            minutes.correct(item or meeting, field, data["new_value"], data["reason"], request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The correction is recorded."))
            return redirect(_edit_url(meeting, "corrections"))
    if item is None:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(_edit_url(meeting, "corrections"))
    return _page(request, meeting, attach={item.pk: {"correction": {"field": field, "form": form}}})


# Round the table -----------------------------------------------------------------------------


class _Row:
    """One organization's points on the round-the-table page."""

    def __init__(self, organization: Organization, contribution: Contribution | None) -> None:
        self.organization = organization
        self.contribution = contribution
        self.anchor = f"contrib-{organization.pk}"
        self.version = contribution.version if contribution else 0
        self.points = contribution.points if contribution else ""
        self.conflict: dict | None = None


def _round_rows(meeting: Meeting, item: AgendaItem | None, viewer) -> tuple[list, list]:
    """(rows the viewer may write, other organizations' points to read)."""
    contributions = (
        list(item.contributions.select_related("organization", "written_by").order_by("position"))
        if item
        else []
    )
    by_org = {c.organization_id: c for c in contributions}
    if viewer.runs(meeting.body.cooperation_id):
        seats = minutes.current_seats(meeting)
        orgs = list(Organization.objects.filter(seats__in=seats).distinct().order_by("name"))
        known = {o.pk for o in orgs}
        orgs += [c.organization for c in contributions if c.organization_id not in known]
    else:
        orgs = list(Organization.objects.filter(pk__in=viewer.organization_ids).order_by("name"))
    mine = {o.pk for o in orgs}
    others = [c for c in contributions if c.organization_id not in mine]
    return [_Row(o, by_org.get(o.pk)) for o in orgs], others


def _points_conflict(meeting: Meeting, row: _Row, conflict: minutes.StaleEdit) -> dict:
    url = reverse("round_table_write", args=[meeting.pk])
    return {
        "conflict": conflict,
        "heading": _("Someone else saved these points"),
        "saved_by": conflict.obj.written_by,
        "saved_at": conflict.obj.updated_at,
        "rows": [(_("Points"), conflict.theirs["points"], conflict.yours["points"])],
        "form_id": f"{row.anchor}-form",
        "keep_url": f"{url}?organization={row.organization.pk}",
        "keep_href": f"{url}#{row.anchor}",
        "keep_target": f"#{row.anchor}-edit",
    }


@login_required
@require_http_methods(["GET", "POST"])
def round_table(request, pk: int):
    """Members write their organization's round-the-table points; the secretariat edits all."""
    viewer = get_viewer(request)
    meeting = _meeting(pk)
    if not viewer.is_insider(meeting.body):
        raise PermissionDenied
    item = meeting.items.filter(kind=ItemKind.ROUND_TABLE).order_by("position").first()
    if item is not None:
        item.meeting = meeting
    if request.method == "POST":
        if item is None:
            raise Http404
        return _write_points(request, meeting, item, viewer)
    rows, others = _round_rows(meeting, item, viewer)
    context = {"meeting": meeting, "item": item, "locked": meeting.is_locked}
    wanted = request.GET.get("organization")
    if request.htmx and wanted:
        row = next((r for r in rows if str(r.organization.pk) == wanted), None)
        if row is None:
            raise Http404
        return render(request, T + "_contribution.html", {**context, "row": row, "autofocus": True})
    return render(request, T + "round_table.html", {**context, "rows": rows, "others": others})


def _write_points(request, meeting: Meeting, item: AgendaItem, viewer):
    form = ContributionForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("The form lacks the organization or its version."))
    organization = get_object_or_404(Organization, pk=form.cleaned_data["organization"])
    points = form.cleaned_data["points"]
    url = reverse("round_table_write", args=[meeting.pk])
    try:
        contribution = minutes.write_contribution(
            item, organization, points, request.user, form.expected_version, viewer=viewer
        )
    except minutes.StaleEdit as conflict:
        row = _Row(organization, None)
        context = _points_conflict(meeting, row, conflict)
        if request.htmx:
            return render(request, T + "_conflict.html", {"c": context}, status=409)
        rows, others = _round_rows(meeting, item, viewer)
        for r in rows:
            if r.organization.pk == organization.pk:
                r.conflict, r.points, r.version = context, points, conflict.based_on
        page = {"meeting": meeting, "item": item, "rows": rows, "others": others, "locked": False}
        return render(request, T + "round_table.html", page, status=409)
    except ValidationError as error:
        return _refused(request, error, [(_("Points"), points)], url)
    anchor = f"contrib-{organization.pk}"
    if request.htmx:
        return _saved(request, anchor, contribution.version)
    messages.success(request, _("The points of %(org)s are saved.") % {"org": organization.name})
    return redirect(f"{url}#{anchor}")
