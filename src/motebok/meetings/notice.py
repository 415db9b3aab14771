"""Sending the notice: who gets it, the follow-up and the forwarded minutes it carries.

Sending publishes the public part of the agenda (status "notice sent") and e-mails every current
seat holder the notice as PDF with a calendar invitation, once per person.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from motebok.core import mail
from motebok.followup.enums import TaskStatus
from motebok.followup.models import Task
from motebok.meetings import calendar
from motebok.meetings.agenda import (
    delete_files_on_commit,
    previous_meeting,
)
from motebok.meetings.enums import DocumentKind, MeetingStatus
from motebok.meetings.models import Document, Meeting
from motebok.meetings.services import set_status
from motebok.orgs.models import Body, Person, Seat


@dataclass
class Followup:
    """A body's open tasks: those past their deadline, and the rest."""

    overdue: list[Task] = field(default_factory=list)
    open: list[Task] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.overdue or self.open)


def body_followup(body: Body, today: dt.date | None = None) -> Followup:
    """Open tasks the body is responsible for or that came from its meetings (one query)."""
    today = today or timezone.localdate()
    tasks = (
        Task.objects.filter(status=TaskStatus.OPEN)
        .filter(Q(responsible_body=body) | Q(item__meeting__body=body))
        .select_related(
            "responsible_person", "responsible_organization", "responsible_body", "item__meeting"
        )
        .order_by(F("due").asc(nulls_last=True), "pk")
    )
    result = Followup()
    for task in tasks:
        (result.overdue if task.due and task.due < today else result.open).append(task)
    return result


def recipients(meeting: Meeting, today: dt.date | None = None) -> list[Person]:
    """The body's current seat holders, each once, by name (one query)."""
    today = today or timezone.localdate()
    seats = (
        Seat.objects.filter(body_id=meeting.body_id, start__lte=today)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .select_related("person")
    )
    people = {seat.person_id: seat.person for seat in seats}
    # Sorted here, the same on every database whatever its collation.
    return sorted(people.values(), key=lambda p: (p.name.casefold(), p.pk))


def forwarded_minutes(meeting: Meeting) -> list[Meeting]:
    """Approved minutes of the bodies whose minutes this body receives, for this notice.

    Those held since this body's previous meeting, and those approved since its previous notice
    went out (minutes approved late are not lost). Without a previous meeting: the latest
    approved minutes of each such body.
    """
    sources = list(meeting.body.receives_minutes_of.all())
    if not sources:
        return []
    approved = Meeting.objects.filter(
        status=MeetingStatus.MINUTES_APPROVED, start__lt=meeting.start
    ).select_related("body__cooperation")
    previous = previous_meeting(meeting)
    if previous is None:
        found = [approved.filter(body=body).order_by("-start").first() for body in sources]
        return sorted((m for m in found if m), key=lambda m: m.start)
    since = Q(start__gte=previous.start)
    if previous.notice_sent_at:
        since |= Q(minutes_approved_at__gte=previous.notice_sent_at)
    return list(approved.filter(body__in=sources).filter(since).order_by("start"))


@dataclass
class NoticeResult:
    sent: list[Person] = field(default_factory=list)
    already_sent: list[Person] = field(default_factory=list)
    without_address: list[Person] = field(default_factory=list)


def _file_stem(kind: str, meeting: Meeting) -> str:
    return f"{slugify(kind)}-{meeting.body.slug}-{timezone.localtime(meeting.start):%Y-%m-%d}"


@transaction.atomic
def send_notice(meeting: Meeting) -> NoticeResult:
    """Send the notice and publish the agenda.

    Side effects: status → notice sent with ``notice_sent_at`` (the first time); the public
    notice PDF kept as the meeting's notice document; one e-mail to every current seat holder
    with an address (deduplicated per meeting and person, so sending again reaches only those
    not reached), with the notice PDF, an .ics invitation and the approved minutes of the
    bodies this body receives minutes from (see :func:`forwarded_minutes`).
    """
    from motebok.documents import render

    meeting = (
        Meeting.objects.select_for_update().select_related("body__cooperation").get(pk=meeting.pk)
    )
    if meeting.status == MeetingStatus.PLANNED:
        set_status(meeting, MeetingStatus.NOTICE_SENT)
        meeting.notice_sent_at = timezone.now()
        meeting.save(update_fields=["notice_sent_at"])
    elif meeting.status != MeetingStatus.NOTICE_SENT:
        raise ValidationError(_("The notice can only be sent before the meeting is held."))
    result = NoticeResult()
    with translation.override(settings.LANGUAGE_CODE):
        members = render.load(meeting, minutes=False, exempt=True)
        members.followup = body_followup(meeting.body)
        notice_pdf = render.pdf.render(members)
        _keep_public_notice(meeting, render.pdf.render(render.load(meeting, minutes=False)))
        attachments = [
            mail.Attachment(
                f"{_file_stem(_('notice'), meeting)}.pdf", notice_pdf, "application/pdf"
            ),
            mail.Attachment(
                f"{_file_stem(_('invitation'), meeting)}.ics",
                calendar.invitation(meeting),
                "text/calendar; method=REQUEST",
            ),
        ]
        forwarded = forwarded_minutes(meeting)
        for other in forwarded:
            content = render.load(other, minutes=True)
            attachments.append(
                mail.Attachment(
                    f"{_file_stem(_('minutes'), other)}.pdf",
                    render.pdf.render(content),
                    "application/pdf",
                )
            )
        subject = _("Notice: %(title)s") % {"title": f"{meeting.body.name}, {render.when(meeting)}"}
        body = render.markdown.notice_mail(members, forwarded)
        for person in recipients(meeting):
            if not person.email:
                result.without_address.append(person)
                continue
            sent = mail.send(
                to=[person.email],
                subject=subject,
                body=body,
                attachments=attachments,
                dedup_key=f"notice:{meeting.pk}:{person.pk}",
                cooperation=meeting.body.cooperation,
            )
            (result.sent if sent else result.already_sent).append(person)
    return result


def _keep_public_notice(meeting: Meeting, data: bytes) -> Document:
    name = f"{_file_stem(_('notice'), meeting)}.pdf"
    document = meeting.documents.filter(kind=DocumentKind.NOTICE, item__isnull=True).first()
    if document is None:
        document = Document(meeting=meeting, kind=DocumentKind.NOTICE, public=True)
    elif document.file:
        delete_files_on_commit([document])
    document.title = _("Notice")
    document.content_type = "application/pdf"
    document.size = len(data)
    document.sha256 = hashlib.sha256(data).hexdigest()
    document.file.save(name, ContentFile(data), save=True)
    return document
