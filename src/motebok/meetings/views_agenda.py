"""The secretariat's agenda editor: items, papers, preliminary items elsewhere, sending the notice.

Every change is a POST that redirects back (so it all works without JavaScript); moving an item
answers an htmx request with the list alone.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from motebok.meetings import agenda, notice, queries
from motebok.meetings.forms_agenda import ItemForm, PaperForm, PlaceForm
from motebok.meetings.models import AgendaItem, Document
from motebok.orgs.rules import get_viewer


def secretariat_only(view):
    """Pass the meeting to the view for its cooperation's secretariat; refuse everyone else."""

    @wraps(view)
    def wrapper(request, pk: int, **kwargs):
        viewer = get_viewer(request)
        if not viewer.is_authenticated:
            return redirect_to_login(request.get_full_path())
        meeting = get_object_or_404(queries.meetings(), pk=pk)
        if not viewer.runs(meeting.body.cooperation_id):
            raise PermissionDenied
        return view(request, meeting, **kwargs)

    return wrapper


def _editor_url(meeting, item=None) -> str:
    url = reverse("agenda_edit", kwargs={"pk": meeting.pk})
    return f"{url}#item-{item.pk}" if item is not None else url


def _items(meeting) -> list[AgendaItem]:
    """The agenda with papers and each case's items on every meeting (three queries at most)."""
    return list(
        meeting.items.order_by("position", "pk")
        .select_related("case", "approves")
        .prefetch_related(
            Prefetch("documents", queryset=Document.objects.order_by("pk")),
            Prefetch(
                "case__items",
                queryset=AgendaItem.objects.select_related("meeting__body").order_by(
                    "meeting__start", "pk"
                ),
            ),
        )
    )


def _item(meeting, item_id: int) -> AgendaItem:
    item = get_object_or_404(meeting.items, pk=item_id)
    item.meeting = meeting
    return item


def _fail(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_http_methods(["GET", "HEAD"])
@secretariat_only
def editor(request, meeting):
    return _render_editor(request, meeting)


def _render_editor(request, meeting, *, item_form=None, paper_form=None):
    items = _items(meeting)
    papers = list(meeting.documents.filter(item__isnull=True).order_by("pk"))
    return render(
        request,
        "meetings/agenda/editor.html",
        {
            "meeting": meeting,
            "items": items,
            "editable": meeting.status in agenda.EDITABLE_STATES,
            "standing_missing": not set(agenda.STANDING_KINDS) <= {i.kind for i in items},
            "item_form": item_form or ItemForm(prefix="item"),
            "paper_form": paper_form or PaperForm(prefix="paper", meeting=meeting, items=items),
            "papers": papers,
            "followup": notice.body_followup(meeting.body),
        },
    )


@require_POST
@secretariat_only
def standing(request, meeting):
    try:
        added = agenda.add_standing_items(meeting)
    except ValidationError as error:
        _fail(request, error)
    else:
        if added:
            messages.success(
                request,
                ngettext(
                    "Added %(count)d standing item.", "Added %(count)d standing items.", len(added)
                )
                % {"count": len(added)},
            )
        else:
            messages.info(request, _("The standing items are on the agenda already."))
    return redirect(_editor_url(meeting))


@require_POST
@secretariat_only
def item_add(request, meeting):
    form = ItemForm(request.POST, prefix="item")
    if not form.is_valid():
        return _render_editor(request, meeting, item_form=form)
    data = form.cleaned_data
    try:
        item = agenda.add_item(
            meeting,
            title=data["title"],
            kind=data["kind"],
            text=data["text"],
            proposed_conclusion=data["proposed_conclusion"],
        )
    except ValidationError as error:
        _fail(request, error)
        return redirect(_editor_url(meeting))
    messages.success(request, _("Added item %(number)s.") % {"number": item.number})
    return redirect(_editor_url(meeting, item))


@require_http_methods(["GET", "HEAD", "POST"])
@secretariat_only
def item_edit(request, meeting, item_id: int):
    item = _item(meeting, item_id)
    if request.method == "POST":
        form = ItemForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                agenda.update_item(
                    item,
                    title=data["title"],
                    kind=data["kind"],
                    text=data["text"],
                    proposed_conclusion=data["proposed_conclusion"],
                    version=data["version"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Saved item %(number)s.") % {"number": item.number})
                return redirect(_editor_url(meeting, item))
    else:
        form = ItemForm(
            initial={
                "title": item.title,
                "kind": item.kind,
                "text": item.text,
                "proposed_conclusion": item.proposed_conclusion,
                "version": item.version,
            }
        )
    history = (
        list(item.case.items.select_related("meeting__body").order_by("meeting__start", "pk"))
        if item.case_id
        else []
    )
    return render(
        request,
        "meetings/agenda/item_edit.html",
        {
            "meeting": meeting,
            "item": item,
            "form": form,
            "place_form": PlaceForm(meeting=meeting),
            "history": history,
            "editable": meeting.status in agenda.EDITABLE_STATES,
        },
    )


@require_POST
@secretariat_only
def item_move(request, meeting, item_id: int):
    item = _item(meeting, item_id)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        return redirect(_editor_url(meeting, item))
    status = ""
    try:
        if agenda.move_item(item, direction):
            status = _("Moved “%(title)s” to number %(number)s.") % {
                "title": item.title,
                "number": item.number,
            }
    except ValidationError as error:
        if not request.htmx:
            _fail(request, error)
        status = " ".join(error.messages)
    if request.htmx:
        items = _items(meeting)
        # The upload form's list of items shows the new numbers too (swapped out of band).
        paper_form = PaperForm(prefix="paper", meeting=meeting, items=items)
        paper_form.fields["item"].widget.attrs["hx-swap-oob"] = "true"
        return render(
            request,
            "meetings/agenda/_moved.html",
            {
                "meeting": meeting,
                "items": items,
                "editable": meeting.status in agenda.EDITABLE_STATES,
                "status": status,
                "paper_form": paper_form,
            },
        )
    if status:
        messages.success(request, status)
    return redirect(_editor_url(meeting, item))


@require_http_methods(["GET", "HEAD", "POST"])
@secretariat_only
def item_delete(request, meeting, item_id: int):
    item = _item(meeting, item_id)
    if request.method == "POST":
        try:
            agenda.delete_item(item)
        except ValidationError as error:
            _fail(request, error)
        else:
            messages.success(request, _("Deleted item “%(title)s”.") % {"title": item.title})
        return redirect(_editor_url(meeting))
    return render(
        request,
        "meetings/agenda/confirm_delete.html",
        {
            "meeting": meeting,
            "what": f"{item.number}. {item.title}",
            "papers": list(item.documents.order_by("pk")),
        },
    )


@require_POST
@secretariat_only
def item_place(request, meeting, item_id: int):
    item = _item(meeting, item_id)
    form = PlaceForm(request.POST, meeting=meeting)
    if not form.is_valid():
        _fail(request, ValidationError(_("Choose a body.")))
        return redirect("agenda_item_edit", pk=meeting.pk, item_id=item.pk)
    try:
        placed = agenda.place_on_next_meeting(item, form.cleaned_data["body"])
    except ValidationError as error:
        _fail(request, error)
        return redirect("agenda_item_edit", pk=meeting.pk, item_id=item.pk)
    messages.success(
        request,
        _("“%(title)s” is item %(number)s of %(body)s's meeting on %(date)s.")
        % {
            "title": item.title,
            "number": placed.number,
            "body": placed.meeting.body.name,
            "date": agenda.date_label(placed.meeting.start),
        },
    )
    return redirect(_editor_url(meeting, item))


@require_POST
@secretariat_only
def paper_add(request, meeting):
    form = PaperForm(request.POST, request.FILES, prefix="paper", meeting=meeting)
    if not form.is_valid():
        return _render_editor(request, meeting, paper_form=form)
    data = form.cleaned_data
    try:
        document = agenda.attach_paper(
            data["item"] or meeting,
            data["file"],
            public=form.is_public,
            legal_basis=data["legal_basis"],
            title=data["title"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _render_editor(request, meeting, paper_form=form)
    messages.success(request, _("Uploaded “%(title)s”.") % {"title": document.title})
    return redirect(_editor_url(meeting, data["item"]))


@require_http_methods(["GET", "HEAD", "POST"])
@secretariat_only
def paper_delete(request, meeting, document_id: int):
    document = get_object_or_404(meeting.documents, pk=document_id)
    document.meeting = meeting
    if request.method == "POST":
        try:
            agenda.delete_paper(document)
        except ValidationError as error:
            _fail(request, error)
        else:
            messages.success(request, _("Deleted “%(title)s”.") % {"title": document.title})
        return redirect(_editor_url(meeting))
    return render(
        request,
        "meetings/agenda/confirm_delete.html",
        {"meeting": meeting, "what": document.title, "papers": []},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@secretariat_only
def send(request, meeting):
    if request.method == "POST":
        try:
            result = notice.send_notice(meeting)
        except ValidationError as error:
            _fail(request, error)
            return redirect(_editor_url(meeting))
        _report_sending(request, result)
        return redirect(_editor_url(meeting))
    people = notice.recipients(meeting)
    return render(
        request,
        "meetings/agenda/send.html",
        {
            "meeting": meeting,
            "with_address": [p for p in people if p.email],
            "without_address": [p for p in people if not p.email],
            "forwarded": notice.forwarded_minutes(meeting),
            "can_send": meeting.status in agenda.EDITABLE_STATES,
        },
    )


def _report_sending(request, result) -> None:
    sent = len(result.sent)
    messages.success(
        request,
        ngettext(
            "The notice was sent to %(count)d person.",
            "The notice was sent to %(count)d people.",
            sent,
        )
        % {"count": sent},
    )
    if result.already_sent:
        messages.info(
            request,
            _("Had it already: %(names)s.")
            % {"names": ", ".join(p.name for p in result.already_sent)},
        )
    if result.without_address:
        messages.warning(
            request,
            _("No e-mail address: %(names)s.")
            % {"names": ", ".join(p.name for p in result.without_address)},
        )
