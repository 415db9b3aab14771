"""Importing minutes in the browser: upload a file, review and correct the draft, confirm.

Nothing is written to the database before the secretariat confirms. Until then the uploaded
file is kept under ``imports/`` in the default storage, and the browser session remembers it by
a random token; only the user who uploaded it can review, import or discard it.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from motebok.documents.errors import DocumentError
from motebok.documents.extract import extract_text
from motebok.documents.parse import parse_text
from motebok.meetings.forms_import import (
    ReviewForm,
    UploadForm,
    corrected_draft,
    item_formset,
)
from motebok.meetings.importing import apply_draft, source_hash
from motebok.meetings.models import Meeting
from motebok.orgs.enums import OrganizationKind
from motebok.orgs.matching import NameIndex
from motebok.orgs.models import Body, Organization
from motebok.orgs.rules import get_viewer

SESSION_KEY = "motebok_imports"
# Uploads a session keeps waiting for review; the oldest is discarded beyond this.
MAX_PENDING = 10


# --- the kept uploads ---------------------------------------------------------------------


def _pending(request) -> dict[str, dict]:
    return request.session.get(SESSION_KEY, {})


def _keep(request, *, data: bytes, filename: str, cooperation, body) -> str:
    """Store the uploaded bytes and remember them in the session; returns the new token."""
    token = secrets.token_urlsafe(16)
    stored = default_storage.save(
        f"imports/{token}{Path(filename).suffix.lower()}", ContentFile(data)
    )
    pending = dict(_pending(request))
    pending[token] = {
        "file": stored,
        "filename": filename[-200:],
        "cooperation": cooperation.pk,
        "body": body.pk if body is not None else None,
        "user": request.user.pk,
    }
    while len(pending) > MAX_PENDING:
        _delete_file(pending.pop(next(iter(pending)))["file"])
    request.session[SESSION_KEY] = pending
    return token


def _entry_or_404(request, token: str) -> dict:
    entry = _pending(request).get(token)
    if entry is None or entry["user"] != request.user.pk:
        raise Http404
    return entry


def _forget(request, token: str) -> None:
    """Delete the kept file and the session entry of an upload."""
    pending = dict(_pending(request))
    entry = pending.pop(token, None)
    if entry is not None:
        _delete_file(entry["file"])
    request.session[SESSION_KEY] = pending


def _delete_file(name: str) -> None:
    if default_storage.exists(name):
        default_storage.delete(name)


# --- warnings in the text -----------------------------------------------------------------

_QUOTED = re.compile(r"«([^»]+)»")


@dataclass(frozen=True)
class Segment:
    """A run of the extracted text; ``warning`` is the number of the warning quoting it."""

    text: str
    warning: int | None = None


def highlight(text: str, warnings: list[str]) -> tuple[list[Segment], list[tuple[str, int | None]]]:
    """Split ``text`` so that the passage each warning quotes («…») can be marked.

    Returns the segments and, for every warning, the warning with its number when its passage
    was found in the text (``None`` otherwise).
    """
    spans: list[tuple[int, int, int]] = []
    listed: list[tuple[str, int | None]] = []
    for number, warning in enumerate(warnings, start=1):
        quoted = _QUOTED.search(warning)
        words = quoted.group(1).rstrip("…").split() if quoted else []
        found = re.search(r"\s+".join(map(re.escape, words)), text) if words else None
        if found and not any(s < found.end() and found.start() < e for s, e, _n in spans):
            spans.append((found.start(), found.end(), number))
            listed.append((warning, number))
        else:
            listed.append((warning, None))
    segments, position = [], 0
    for start, end, number in sorted(spans):
        if position < start:
            segments.append(Segment(text[position:start]))
        segments.append(Segment(text[start:end], number))
        position = end
    if position < len(text):
        segments.append(Segment(text[position:]))
    return segments, listed


def _error_summary(form, formset=None) -> list[tuple[str, str]]:
    """(anchor, message) for every error of the page, in the order the fields appear."""
    rows = []
    for name, errors in form.errors.items():
        field = form.fields.get(name) if name != NON_FIELD_ERRORS else None
        visible = field is not None and not field.widget.is_hidden
        anchor = form[name].id_for_label if visible else "main"
        label = f"{field.label}: " if field is not None else ""
        rows += [(anchor, f"{label}{error}") for error in errors]
    if formset is not None:
        rows += [("items-heading", str(error)) for error in formset.non_form_errors()]
        for number, item_form in enumerate(formset.forms, start=1):
            for name, errors in item_form.errors.items():
                field = item_form.fields.get(name)
                anchor = item_form[name].id_for_label if field else "items-heading"
                prefix = _("Item %(number)d") % {"number": number}
                label = f"{prefix}, {field.label}: " if field else f"{prefix}: "
                rows += [(anchor, f"{label}{error}") for error in errors]
    return rows


# --- the pages ----------------------------------------------------------------------------


def _cooperations_run_by(viewer) -> list[Organization]:
    cooperations = Organization.objects.filter(kind=OrganizationKind.COOPERATION)
    if not viewer.is_admin:
        cooperations = cooperations.filter(pk__in=viewer.secretariat_of)
    return list(cooperations.order_by("name"))


@login_required
def upload(request):
    """Upload a minutes file; it is parsed at once, kept, and shown for review."""
    viewer = get_viewer(request)
    if not (viewer.is_admin or viewer.secretariat_of):
        raise PermissionDenied
    cooperations = _cooperations_run_by(viewer)
    bodies = list(Body.objects.filter(cooperation__in=cooperations).order_by("name"))
    posted = request.method == "POST"
    form = UploadForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        cooperations=cooperations,
        bodies=bodies,
        max_bytes=settings.MOTEBOK_MAX_UPLOAD_BYTES,
    )
    if posted and form.is_valid():
        token = _keep(
            request,
            data=form.cleaned_data["data"],
            filename=form.cleaned_data["filename"],
            cooperation=form.cleaned_data["cooperation"],
            body=form.cleaned_data["body"],
        )
        return redirect("import_review", token=token)
    pending = [
        (token, entry["filename"])
        for token, entry in _pending(request).items()
        if entry["user"] == request.user.pk
    ]
    return render(
        request,
        "meetings/import/upload.html",
        {"form": form, "errors": _error_summary(form), "pending": pending},
    )


@login_required
def review(request, token: str):
    """The extracted text beside the parsed draft; "Import" applies the corrected draft."""
    entry = _entry_or_404(request, token)
    if not get_viewer(request).runs(entry["cooperation"]):
        raise PermissionDenied
    cooperation = get_object_or_404(
        Organization, pk=entry["cooperation"], kind=OrganizationKind.COOPERATION
    )
    try:
        with default_storage.open(entry["file"], "rb") as handle:
            data = handle.read()
        text = extract_text(data, entry["filename"], max_bytes=len(data) + 1)
    except (FileNotFoundError, DocumentError):
        _forget(request, token)
        messages.error(request, _("The uploaded file is no longer there; upload it again."))
        return redirect("import_upload")
    parsed = parse_text(text)
    bodies = list(cooperation.bodies.order_by("name"))
    chosen = next((b for b in bodies if b.pk == entry["body"]), None)
    if chosen is None:
        chosen = NameIndex(bodies, lambda b: [b.name, b.short_name, *b.alias_list]).find(
            parsed.body
        )
    data_in = request.POST if request.method == "POST" else None
    form = ReviewForm(data_in, draft=parsed, bodies=bodies, body=chosen)
    formset = item_formset(parsed, data_in)
    if data_in is not None and form.is_valid() and formset.is_valid():
        try:
            draft = corrected_draft(parsed, form.cleaned_data, formset.cleaned_data)
            result = apply_draft(
                draft,
                cooperation=cooperation,
                source=data,
                source_name=entry["filename"],
                body=form.cleaned_data["body"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except (ValueError, IntegrityError):
            form.add_error(None, _("The draft could not be saved; check the fields and try again."))
        else:
            _forget(request, token)
            if result.unchanged:
                messages.warning(request, _("This file was already imported; nothing was changed."))
            else:
                messages.success(request, _success_message(result, len(draft.items)))
            return redirect(result.meeting)
    earlier = (
        Meeting.objects.filter(source_hash=source_hash(data), body__cooperation=cooperation)
        .select_related("body")
        .first()
    )
    segments, warnings = highlight(text, parsed.warnings)
    return render(
        request,
        "meetings/import/review.html",
        {
            "token": token,
            "filename": entry["filename"],
            "cooperation": cooperation,
            "draft": parsed,
            "form": form,
            "formset": formset,
            "item_rows": list(zip(formset.forms, parsed.items, strict=False)),
            "errors": _error_summary(form, formset),
            "segments": segments,
            "warnings": warnings,
            "earlier": earlier,
            "counts": {
                "contributions": sum(len(i.contributions) for i in parsed.items),
                "deadlines": len(parsed.deadlines),
                "planned_meetings": len(parsed.planned_meetings),
                "groups": len(parsed.groups),
            },
        },
    )


@login_required
def discard(request, token: str):
    """Ask, then delete the kept file of an upload without importing it."""
    entry = _entry_or_404(request, token)
    if request.method == "POST":
        _forget(request, token)
        messages.info(request, _("The uploaded file was discarded."))
        return redirect("import_upload")
    return render(
        request, "meetings/import/discard.html", {"token": token, "filename": entry["filename"]}
    )


def _success_message(result, item_count: int) -> str:
    parts = [
        ngettext(
            "The meeting was imported with %(count)d item.",
            "The meeting was imported with %(count)d items.",
            item_count,
        )
        % {"count": item_count}
    ]
    for text, names in (
        (_("New organizations: %(names)s."), result.created_organizations),
        (_("New people: %(names)s."), result.created_people),
        (_("New bodies: %(names)s."), result.created_bodies),
    ):
        if names:
            parts.append(text % {"names": ", ".join(names)})
    return " ".join(parts)
