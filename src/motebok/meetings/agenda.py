"""The agenda of a notice: standing items, items, papers and preliminary items (sending the
notice is in ``notice``).

Items of an agenda are numbered 1, 2, 3 … in the order they stand; every change that adds,
moves or removes an item renumbers them. The agenda can change while the meeting is planned or
its notice has gone out; once it has been held, the minutes take over.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
import zipfile

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.db import transaction
from django.db.models import CharField, F, Value
from django.db.models.functions import Cast, Concat
from django.template.defaultfilters import filesizeformat
from django.utils import formats, timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from motebok.archive.index import index_item
from motebok.audit.record import record_update
from motebok.documents.errors import DocumentError
from motebok.documents.extract import check_zip
from motebok.meetings.enums import DocumentKind, ItemKind, MeetingStatus
from motebok.meetings.models import AgendaItem, Case, Document, Meeting
from motebok.orgs.models import Body

EDITABLE_STATES = (MeetingStatus.PLANNED, MeetingStatus.NOTICE_SENT)
HELD_STATES = (MeetingStatus.HELD, MeetingStatus.MINUTES_DRAFT, MeetingStatus.MINUTES_APPROVED)
STANDING_KINDS = (
    ItemKind.APPROVAL_OF_NOTICE,
    ItemKind.APPROVAL_OF_MINUTES,
    ItemKind.ROUND_TABLE,
    ItemKind.ANY_OTHER_BUSINESS,
)

# Extension → (content type, check of the file's first bytes or structure).
_ZIP = b"PK\x03\x04"
UPLOAD_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "txt": "text/plain",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
}


def _check_editable(meeting: Meeting) -> None:
    if meeting.status not in EDITABLE_STATES:
        raise ValidationError(_("The agenda can no longer be changed: the meeting has been held."))


def date_label(value: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(value), "DATE_FORMAT")


def _renumber(meeting: Meeting, items: list[AgendaItem]) -> None:
    """Give ``items`` (the whole agenda, in order) positions 0… and numbers 1… (two queries)."""
    # First out of the way, so the new numbers never meet an old one (unique per meeting).
    meeting.items.update(number=Concat(Value("~"), Cast("pk", CharField())))
    for position, item in enumerate(items):
        item.position, item.number = position, str(position + 1)
    AgendaItem.objects.bulk_update(items, ["position", "number"])


def _agenda(meeting: Meeting) -> list[AgendaItem]:
    return list(meeting.items.order_by("position", "pk"))


def previous_meeting(meeting: Meeting, *, held: bool = False) -> Meeting | None:
    """The body's meeting before this one (only one that was held, with ``held``)."""
    qs = Meeting.objects.filter(body_id=meeting.body_id, start__lt=meeting.start).exclude(
        pk=meeting.pk
    )
    qs = qs.filter(status__in=HELD_STATES) if held else qs.exclude(status=MeetingStatus.CANCELLED)
    return qs.order_by("-start").first()


@transaction.atomic
def add_standing_items(meeting: Meeting) -> list[AgendaItem]:
    """Add the standing items the agenda lacks: approval of the notice and of the previous
    minutes first, round the table after them, any other business last. Calling it again
    adds nothing.

    Side effects: the approval-of-minutes item ``approves`` the body's previous held meeting;
    the agenda is renumbered. Returns the items added.
    """
    _check_editable(meeting)
    items = _agenda(meeting)
    present = {item.kind for item in items}
    added = []

    def new(kind, title, **extra):
        item = AgendaItem(meeting=meeting, kind=kind, title=title, number=f"~new{len(added)}")
        for key, value in extra.items():
            setattr(item, key, value)
        item.save()
        added.append(item)
        return item

    head = [
        i for i in items if i.kind in (ItemKind.APPROVAL_OF_NOTICE, ItemKind.APPROVAL_OF_MINUTES)
    ]
    rest = [i for i in items if i not in head]
    if ItemKind.APPROVAL_OF_NOTICE not in present:
        head.insert(0, new(ItemKind.APPROVAL_OF_NOTICE, _("Approval of the notice")))
    if ItemKind.APPROVAL_OF_MINUTES not in present:
        previous = previous_meeting(meeting, held=True)
        title = (
            _("Approval of the minutes of the meeting on %(date)s")
            % {"date": date_label(previous.start)}
            if previous
            else _("Approval of the minutes of the previous meeting")
        )
        head.append(new(ItemKind.APPROVAL_OF_MINUTES, title, approves=previous))
    if ItemKind.ROUND_TABLE not in present:
        rest.insert(
            0, new(ItemKind.ROUND_TABLE, _("Round the table – what is new in the regions?"))
        )
    if ItemKind.ANY_OTHER_BUSINESS not in present:
        rest.append(new(ItemKind.ANY_OTHER_BUSINESS, _("Any other business")))
    if added:
        _renumber(meeting, head + rest)
    return added


@transaction.atomic
def add_item(
    meeting: Meeting,
    *,
    title: str,
    kind: str = ItemKind.OTHER,
    text: str = "",
    proposed_conclusion: str = "",
    case: Case | None = None,
) -> AgendaItem:
    """Add an item at the end of the agenda, before "any other business" when it is last.

    Side effects: the agenda is renumbered.
    """
    _check_editable(meeting)
    items = _agenda(meeting)
    item = AgendaItem.objects.create(
        meeting=meeting,
        number="~new",
        kind=kind,
        title=title.strip(),
        text=text.strip(),
        proposed_conclusion=proposed_conclusion.strip(),
        case=case,
    )
    at = len(items) - 1 if items and items[-1].kind == ItemKind.ANY_OTHER_BUSINESS else len(items)
    items.insert(at, item)
    _renumber(meeting, items)
    return item


@transaction.atomic
def update_item(
    item: AgendaItem,
    *,
    title: str,
    kind: str,
    text: str = "",
    proposed_conclusion: str = "",
    version: int | None = None,
) -> AgendaItem:
    """Change an item's title, kind, text and proposed conclusion.

    With ``version`` the change is refused when someone else saved the item in between.
    Side effects: raises the item's ``version``.
    """
    _check_editable(item.meeting)
    values = {
        "title": title.strip(),
        "kind": kind,
        "text": text.strip(),
        "proposed_conclusion": proposed_conclusion.strip(),
    }
    qs = AgendaItem.objects.filter(pk=item.pk)
    if version is not None:
        qs = qs.filter(version=version)
    before = qs.first()
    if before is None or not qs.update(**values, version=F("version") + 1):
        raise ValidationError(
            _("Someone else changed this item while you were editing it. Reload and try again.")
        )
    item.refresh_from_db()
    # The update above sends no signal: index and record it here.
    index_item(item)
    record_update(before, item, values)
    return item


@transaction.atomic
def move_item(item: AgendaItem, direction: str) -> bool:
    """Move an item one place ``"up"`` or ``"down"``; at either end nothing moves.

    Side effects: the agenda is renumbered. Returns whether the item moved.
    """
    if direction not in ("up", "down"):
        raise ValueError(direction)
    _check_editable(item.meeting)
    items = _agenda(item.meeting)
    index = next(n for n, i in enumerate(items) if i.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(items):
        return False
    items[index], items[other] = items[other], items[index]
    _renumber(item.meeting, items)
    item.refresh_from_db(fields=["position", "number"])
    return True


def delete_files_on_commit(documents) -> None:
    files = [(d.file.storage, d.file.name) for d in documents if d.file]
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])


@transaction.atomic
def delete_item(item: AgendaItem) -> None:
    """Delete an item and its papers.

    Side effects: the papers' files are removed after commit; the agenda is renumbered. The
    item's case stays, with the items it has on other meetings.
    """
    meeting = item.meeting
    _check_editable(meeting)
    delete_files_on_commit(list(item.documents.all()))
    item.delete()
    _renumber(meeting, _agenda(meeting))


@transaction.atomic
def delete_paper(document: Document) -> None:
    """Delete a paper. Side effects: its file is removed after commit."""
    _check_editable(document.meeting)
    delete_files_on_commit([document])
    document.delete()


def safe_filename(name: str) -> str:
    """The last part of an uploaded file's name, reduced to letters, digits, ``-``, ``_``, ``.``."""
    name = unicodedata.normalize("NFC", name.replace("\\", "/").rsplit("/", 1)[-1]).strip(". ")
    try:
        name = get_valid_filename(name)
    except SuspiciousFileOperation:
        name = ""
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = extension, ""
    stem = stem.strip("._-")[:100] or "paper"
    return f"{stem}.{extension.lower()}" if extension else stem


def _looks_like(extension: str, upload) -> bool:
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension == "png":
        return head == b"\x89PNG\r\n\x1a\n"
    if extension in ("jpg", "jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if extension == "txt":
        data = upload.read()
        upload.seek(0)
        try:
            return b"\x00" not in data and bool(data.decode("utf-8"))
        except UnicodeDecodeError:
            return False
    if not head.startswith(_ZIP):
        return False
    try:
        with zipfile.ZipFile(upload) as archive:
            try:
                check_zip(archive, upload.name or "", f".{extension}")
            except DocumentError:
                raise ValidationError(
                    {
                        "file": _(
                            "The file is encrypted or unpacks to far more than its size, "
                            "and cannot be uploaded."
                        )
                    }
                ) from None
            names = set(archive.namelist())
            if extension == "docx":
                return "word/document.xml" in names
            if extension == "xlsx":
                return "xl/workbook.xml" in names
            return "mimetype" in names and archive.read("mimetype") == UPLOAD_TYPES["odt"].encode()
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)


def check_upload(upload) -> tuple[str, str]:
    """The safe file name and the content type of an upload, or a ValidationError on ``file``."""
    if upload.size > settings.MOTEBOK_MAX_UPLOAD_BYTES:
        raise ValidationError(
            {
                "file": _("The file is larger than %(limit)s.")
                % {"limit": filesizeformat(settings.MOTEBOK_MAX_UPLOAD_BYTES)}
            }
        )
    if not upload.size:
        raise ValidationError({"file": _("The file is empty.")})
    name = safe_filename(upload.name or "")
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    if extension not in UPLOAD_TYPES:
        raise ValidationError(
            {"file": _("Only PDF, DOCX, ODT, XLSX, TXT, PNG and JPG files can be uploaded.")}
        )
    if not _looks_like(extension, upload):
        raise ValidationError(
            {
                "file": _("The file's content is not what its name says (%(ext)s).")
                % {"ext": extension}
            }
        )
    if extension == "pdf":
        _refuse_active_pdf(upload)
    return name, UPLOAD_TYPES[extension]


def _refuse_active_pdf(upload) -> None:
    """A PDF that runs scripts, launches programs or carries files is refused (and so is one
    that cannot be read at all): papers are served to the public."""
    from motebok.documents.pdf_safety import active_content

    upload.seek(0)
    try:
        found = active_content(upload.read())
    except Exception:  # pypdf raises assorted errors on damaged files
        found = None
    finally:
        upload.seek(0)
    if found is None:
        raise ValidationError({"file": _("The PDF file is damaged and cannot be read.")})
    if found:
        raise ValidationError(
            {
                "file": _(
                    "The PDF contains scripts, embedded files or other active content (%(found)s), "
                    "which cannot be uploaded. Save or print it again as a plain PDF."
                )
                % {"found": ", ".join(name.lstrip("/") for name in found)}
            }
        )


@transaction.atomic
def attach_paper(
    target: AgendaItem | Meeting,
    upload,
    *,
    public: bool = True,
    legal_basis: str = "",
    title: str = "",
    kind: str = DocumentKind.PAPER,
) -> Document:
    """Upload a paper to an item or to the whole meeting: public, or exempt with a legal basis.

    Checks the size (``MOTEBOK_MAX_UPLOAD_BYTES``), the type (pdf, docx, odt, xlsx, txt, png,
    jpg, by name and by content) and sanitizes the name. Side effects: the file is stored with
    its size and SHA-256.
    """
    item = target if isinstance(target, AgendaItem) else None
    meeting = item.meeting if item else target
    _check_editable(meeting)
    legal_basis = legal_basis.strip()
    if not public and not legal_basis:
        raise ValidationError(
            {"legal_basis": _("An exempt paper needs the legal basis for the exemption.")}
        )
    name, content_type = check_upload(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    document = Document(
        meeting=meeting,
        item=item,
        title=title.strip() or name.rpartition(".")[0].replace("_", " "),
        kind=kind,
        content_type=content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        public=public,
        legal_basis="" if public else legal_basis,
    )
    document.file.save(name, upload, save=True)
    return document


def next_meeting(body: Body, *, after: dt.datetime | None = None) -> Meeting | None:
    """The body's next planned meeting (after ``after`` and now)."""
    now = timezone.now()
    after = max(after, now) if after else now
    return (
        Meeting.objects.filter(body=body, status=MeetingStatus.PLANNED, start__gt=after)
        .order_by("start")
        .first()
    )


@transaction.atomic
def place_on_next_meeting(item: AgendaItem, body: Body) -> AgendaItem:
    """Put the item's case on the agenda of ``body``'s next planned meeting.

    Side effects: gives the item a case (titled like the item) when it has none; adds an item
    with that case, title, kind and proposed conclusion to the other meeting (once: placing it
    again returns the item already there), renumbering that agenda.
    """
    meeting = item.meeting
    if body.cooperation_id != meeting.body.cooperation_id:
        raise ValidationError(_("The item can only go to a body of the same cooperation."))
    target = next_meeting(body, after=meeting.start)
    if target is None:
        raise ValidationError(
            _("%(body)s has no planned meeting ahead. Plan one first.") % {"body": body.name}
        )
    if item.case_id is None:
        item.case = Case.objects.create(cooperation_id=body.cooperation_id, title=item.title)
        item.save(update_fields=["case"])
    existing = target.items.filter(case_id=item.case_id).first()
    if existing is not None:
        return existing
    kind = item.kind if item.kind not in STANDING_KINDS else ItemKind.OTHER
    return add_item(
        target,
        title=item.title,
        kind=kind,
        proposed_conclusion=item.proposed_conclusion,
        case=item.case,
    )
