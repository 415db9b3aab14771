"""The outbox: every e-mail Møtebok has kept, for the secretariat of the cooperation it concerns.

In the demo no mail server is set up, so this is where the secretariat sees what members would
have received. An administrator sees every message; a secretariat those of the cooperations it
runs; anyone else is refused.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header

from motebok.core.models import OutboxAttachment, OutboxMessage
from motebok.orgs.rules import Viewer, get_viewer

PER_PAGE = 50


def visible_q(viewer: Viewer, prefix: str = "") -> Q:
    """Messages the viewer may read: all for an administrator, else their cooperations' own."""
    if viewer.is_admin:
        return Q()
    return Q(**{f"{prefix}cooperation_id__in": viewer.secretariat_of})


def secretariat_only(view):
    """Calls ``view(request, viewer, …)``; anonymous users log in, users who run nothing get 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        viewer = get_viewer(request)
        if not viewer.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (viewer.is_admin or viewer.secretariat_of):
            raise PermissionDenied
        return view(request, viewer, *args, **kwargs)

    return wrapper


def _attachment_names() -> Prefetch:
    return Prefetch(
        "attachments",
        queryset=OutboxAttachment.objects.only("pk", "message_id", "filename").order_by("pk"),
    )


def outbox_messages(viewer: Viewer) -> QuerySet[OutboxMessage]:
    return (
        OutboxMessage.objects.filter(visible_q(viewer))
        .select_related("cooperation")
        .order_by("-created_at", "-pk")
    )


@secretariat_only
def outbox(request, viewer: Viewer):
    """The messages, newest first, 50 a page (seven queries whatever the number of messages)."""
    paginator = Paginator(
        outbox_messages(viewer).defer("body").prefetch_related(_attachment_names()), PER_PAGE
    )
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "core/outbox/list.html",
        {
            "page": page,
            "page_range": list(paginator.get_elided_page_range(page.number, on_each_side=2)),
            "ellipsis": paginator.ELLIPSIS,
            "mail_server": bool(settings.EMAIL_HOST),
        },
    )


@secretariat_only
def message_detail(request, viewer: Viewer, pk: int):
    """One message with its text; someone else's message is a 404, so nothing hints it exists."""
    message = get_object_or_404(
        outbox_messages(viewer).prefetch_related(_attachment_names()), pk=pk
    )
    return render(request, "core/outbox/message.html", {"message": message})


@secretariat_only
def attachment_download(request, viewer: Viewer, pk: int):
    """An attachment of a message the viewer may read, as a download."""
    attachment = get_object_or_404(
        OutboxAttachment.objects.filter(visible_q(viewer, "message__")), pk=pk
    )
    response = HttpResponse(
        bytes(attachment.content),
        content_type=attachment.content_type or "application/octet-stream",
    )
    response["Content-Disposition"] = content_disposition_header(True, attachment.filename)
    response["Cache-Control"] = "private, no-store"
    return response
