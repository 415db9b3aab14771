"""What goes into an archive extract: the meetings of a period, their numbers, links and people.

Everything is read in a fixed number of queries, whatever the number of meetings; the document
files are rendered or copied later (:mod:`motebok.archive.noark5.extract`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone, translation

from motebok.meetings.enums import AttendanceRole, AttendanceStatus, DocumentKind, MeetingStatus
from motebok.meetings.models import Attendance, Document, Meeting
from motebok.orgs.enums import SeatRole
from motebok.orgs.models import Organization, Seat

# A fixed namespace: the same meeting gets the same systemID in every extract.
NAMESPACE = uuid.UUID("5d0f6c3e-2b7a-4f59-9a55-6f1f5b0e8e21")


def system_id(kind: str, pk: int | str) -> str:
    """A stable UUID for an object of the installation (``MOTEBOK_BASE_URL`` tells them apart)."""
    return str(uuid.uuid5(NAMESPACE, f"{settings.MOTEBOK_BASE_URL}/{kind}/{pk}"))


@dataclass(frozen=True)
class Participant:
    name: str
    function: str


@dataclass
class MeetingEntry:
    meeting: Meeting
    number: str  # "2/2025": the meeting's place among its body's meetings that year
    system_id: str
    previous_id: str | None = None
    next_id: str | None = None
    participants: list[Participant] = field(default_factory=list)
    notices: list[Document] = field(default_factory=list)  # stored notice files
    papers: list[Document] = field(default_factory=list)  # case papers and attachments
    minutes: list[Document] = field(default_factory=list)  # stored minutes and imported sources

    @property
    def date(self) -> dt.date:
        return timezone.localtime(self.meeting.start).date()

    @property
    def has_notice(self) -> bool:
        return self.meeting.notice_sent_at is not None or bool(self.notices)


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def meetings_in(cooperation: Organization, start: dt.date, end: dt.date):
    """The meetings of the extract: approved minutes, held between ``start`` and ``end``."""
    return (
        Meeting.objects.filter(
            body__cooperation=cooperation,
            status=MeetingStatus.MINUTES_APPROVED,
            start__gte=_day_start(start),
            start__lt=_day_start(end + dt.timedelta(days=1)),
        )
        .select_related("body")
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=Attendance.objects.exclude(status=AttendanceStatus.ABSENT)
                .select_related("person", "organization")
                .order_by("position", "pk"),
            ),
            Prefetch(
                "documents",
                queryset=Document.objects.select_related("item").order_by("pk"),
            ),
        )
        .order_by("start", "pk")
    )


def _numbers(cooperation: Organization, meetings: list[Meeting]) -> dict[int, str]:
    """``N/YYYY`` for each meeting: the N-th meeting (not cancelled) of its body in its year."""
    if not meetings:
        return {}
    years = {timezone.localtime(m.start).year for m in meetings}
    rows = (
        Meeting.objects.filter(
            body__in={m.body_id for m in meetings},
            start__gte=_day_start(dt.date(min(years), 1, 1)),
            start__lt=_day_start(dt.date(max(years) + 1, 1, 1)),
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("start", "pk")
        .values_list("pk", "body_id", "start")
    )
    counters: dict[tuple[int, int], int] = defaultdict(int)
    numbers = {}
    for pk, body_id, start in rows:
        year = timezone.localtime(start).year
        counters[body_id, year] += 1
        numbers[pk] = f"{counters[body_id, year]}/{year}"
    return numbers


def _seat_roles(meetings: list[Meeting]) -> dict[tuple[int, int], list[Seat]]:
    seats = defaultdict(list)
    for seat in Seat.objects.filter(body__in={m.body_id for m in meetings}).order_by("start"):
        seats[seat.person_id, seat.body_id].append(seat)
    return seats


def function_of(attendance: Attendance, seats: list[Seat], on: dt.date) -> str:
    """The participant's function: the role at the meeting, else the seat's role that day, with
    a substitute or guest said so and the organization sat for ("Leder, Hadelandsregionen IPR")."""
    if attendance.role != AttendanceRole.MEMBER:
        role = attendance.get_role_display()
    else:
        current = [s for s in seats if s.start <= on and (s.end is None or s.end >= on)]
        role = current[-1].get_role_display() if current else SeatRole.MEMBER.label
    parts = [str(role)]
    if attendance.status in (AttendanceStatus.SUBSTITUTE, AttendanceStatus.GUEST):
        parts.append(str(attendance.get_status_display()))
    if attendance.organization is not None:
        parts.append(attendance.organization.name)
    return ", ".join(parts)


def collect(cooperation: Organization, start: dt.date, end: dt.date) -> list[MeetingEntry]:
    """The extract's meetings in order, each with its number, links, participants and files."""
    meetings = list(meetings_in(cooperation, start, end))
    numbers = _numbers(cooperation, meetings)
    seats = _seat_roles(meetings)
    entries = []
    with translation.override(settings.LANGUAGE_CODE):
        for meeting in meetings:
            entry = MeetingEntry(
                meeting=meeting,
                number=numbers[meeting.pk],
                system_id=system_id("meeting", meeting.pk),
            )
            on = entry.date
            entry.participants = [
                Participant(a.person.name, function_of(a, seats[a.person_id, meeting.body_id], on))
                for a in meeting.attendances.all()
            ]
            for document in meeting.documents.all():
                if document.kind == DocumentKind.NOTICE:
                    entry.notices.append(document)
                elif document.kind in (DocumentKind.MINUTES, DocumentKind.SOURCE):
                    entry.minutes.append(document)
                else:
                    entry.papers.append(document)
            entries.append(entry)
    last_of_body: dict[int, MeetingEntry] = {}
    for entry in entries:
        previous = last_of_body.get(entry.meeting.body_id)
        if previous is not None:
            previous.next_id, entry.previous_id = entry.system_id, previous.system_id
        last_of_body[entry.meeting.body_id] = entry
    return entries
