"""Writing a parsed ``MinutesDraft`` to the database: one transaction, idempotent by content hash."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from motebok.archive.index import index_meetings, meetings_for_indexing, suspended
from motebok.followup.models import Task
from motebok.meetings.enums import AttendanceRole, AttendanceStatus, DocumentKind, MeetingStatus
from motebok.meetings.models import AgendaItem, Attendance, Contribution, Document, Meeting
from motebok.meetings.services import reschedule
from motebok.orgs.enums import OrganizationKind, SeatRole
from motebok.orgs.matching import NameIndex, guess_body_kind, is_secretariat, unique_slug
from motebok.orgs.models import Body, Organization, Person, Seat
from motebok.programme.services import suggest_themes

_ATTENDANCE_ROLES = {
    "leder": AttendanceRole.CHAIR,
    "møteleder": AttendanceRole.CHAIR,
    "leiar": AttendanceRole.CHAIR,
    "chair": AttendanceRole.CHAIR,
    "nestleder": AttendanceRole.DEPUTY_CHAIR,
    "nestleiar": AttendanceRole.DEPUTY_CHAIR,
    "deputy chair": AttendanceRole.DEPUTY_CHAIR,
    "referent": AttendanceRole.MINUTE_TAKER,
    "sekretær": AttendanceRole.MINUTE_TAKER,
    "minute-taker": AttendanceRole.MINUTE_TAKER,
    "minutes": AttendanceRole.MINUTE_TAKER,
}
_SEAT_ROLES = {
    AttendanceRole.CHAIR: SeatRole.CHAIR,
    AttendanceRole.DEPUTY_CHAIR: SeatRole.DEPUTY_CHAIR,
    AttendanceRole.SECRETARIAT: SeatRole.SECRETARIAT,
    AttendanceRole.MINUTE_TAKER: SeatRole.SECRETARIAT,
}


@dataclass
class ImportResult:
    meeting: Meeting
    unchanged: bool = False
    created_organizations: list[str] = field(default_factory=list)
    created_people: list[str] = field(default_factory=list)
    created_bodies: list[str] = field(default_factory=list)
    planned_meetings: list[Meeting] = field(default_factory=list)


def _oslo(day: dt.date, at: dt.time | None) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, at or dt.time(0, 0)))


def _as_date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def _as_time(value) -> dt.time | None:
    if value is None or isinstance(value, dt.time):
        return value
    return dt.time.fromisoformat(value)


def source_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class _Resolver:
    """Finds or creates the organizations, people and bodies a draft names, remembering what it made."""

    def __init__(self, cooperation: Organization, result: ImportResult) -> None:
        self.cooperation = cooperation
        self.result = result
        self.orgs = NameIndex(
            Organization.objects.all(), lambda o: [o.name, o.short_name, *o.alias_list]
        )
        self.people = NameIndex(Person.objects.all(), lambda p: [p.name])
        self.bodies = NameIndex(
            cooperation.bodies.all(), lambda b: [b.name, b.short_name, *b.alias_list]
        )

    def organization(self, name: str | None) -> Organization | None:
        if not name:
            return None
        if is_secretariat(name):
            return self.cooperation
        found = self.orgs.find(name)
        if found is None:
            found = Organization.objects.create(
                name=name,
                kind=OrganizationKind.OTHER,
                slug=unique_slug(name, lambda s: Organization.objects.filter(slug=s).exists()),
            )
            self.orgs.add(found, [name])
            self.result.created_organizations.append(name)
        return found

    def person(self, name: str) -> Person:
        found = self.people.find(name)
        if found is None:
            found = Person.objects.create(name=name)
            self.people.add(found, [name])
            self.result.created_people.append(name)
        return found

    def body(self, name: str | None, *, parent: Body | None = None) -> Body | None:
        if not name:
            return None
        found = self.bodies.find(name)
        if found is None:
            found = Body.objects.create(
                cooperation=self.cooperation,
                name=name[:1].upper() + name[1:],
                kind=guess_body_kind(name),
                parent=parent,
                slug=unique_slug(
                    f"{self.cooperation.slug}-{name}",
                    lambda s: Body.objects.filter(slug=s).exists(),
                ),
            )
            self.bodies.add(found, [name])
            self.result.created_bodies.append(found.name)
        return found


def _role_of(role: str | None, secretariat: bool) -> str:
    if role and role.strip().casefold() in _ATTENDANCE_ROLES:
        return _ATTENDANCE_ROLES[role.strip().casefold()]
    return AttendanceRole.SECRETARIAT if secretariat else AttendanceRole.MEMBER


def apply_draft(
    draft,
    *,
    cooperation: Organization,
    source: bytes,
    source_name: str,
    body: Body | None = None,
    status: str | None = None,
    replace: bool = False,
) -> ImportResult:
    """Write a parsed draft as a meeting of ``cooperation``; the same source twice changes nothing.

    Side effects: creates the meeting, its items, attendance, contributions, conclusions, tasks
    from deadlines, the planned meetings it announces (moving those it replaces), the groups it
    sets up (as bodies with seats), the organizations, people and bodies it names that were not
    known (listed in the result), the source document, its search index entries, and pending
    theme suggestions for its items and contributions. With ``replace`` an earlier import of
    the same source is deleted first.
    """
    with transaction.atomic(), suspended():
        result = _write_draft(
            draft,
            cooperation=cooperation,
            source=source,
            source_name=source_name,
            body=body,
            status=status,
            replace=replace,
        )
        if not result.unchanged:
            # The per-object indexing was suspended: index each written meeting once.
            meeting_ids = {result.meeting.pk, *(m.pk for m in result.planned_meetings)}
            index_meetings(meetings_for_indexing().filter(pk__in=meeting_ids))
            suggest_themes(result.meeting)
    return result


def _write_draft(
    draft,
    *,
    cooperation: Organization,
    source: bytes,
    source_name: str,
    body: Body | None = None,
    status: str | None = None,
    replace: bool = False,
) -> ImportResult:
    digest = source_hash(source)
    earlier = Meeting.objects.filter(source_hash=digest, body__cooperation=cooperation).first()
    if earlier is not None and not replace:
        return ImportResult(meeting=earlier, unchanged=True)
    if earlier is not None:
        earlier.items.all().delete()
        earlier.delete()

    day = _as_date(draft.date)
    if day is None:
        raise ValueError("the document names no meeting date")
    result = ImportResult(meeting=None)  # type: ignore[arg-type]
    resolve = _Resolver(cooperation, result)
    body = body or resolve.body(draft.body)
    if body is None:
        raise ValueError("the document names no body; choose one")
    end_time = _as_time(draft.end)
    meeting = Meeting.objects.create(
        body=body,
        title=draft.title or "",
        start=_oslo(day, _as_time(draft.start)),
        end=_oslo(day, end_time) if end_time else None,
        place=draft.place or "",
        status=status
        or (MeetingStatus.MINUTES_DRAFT if draft.kind == "minutes" else MeetingStatus.NOTICE_SENT),
        source_hash=digest,
    )
    result.meeting = meeting
    seat_orgs: dict[int, Organization | None] = {}
    attendances = []
    for status_, people in (
        (AttendanceStatus.PRESENT, draft.participants),
        (AttendanceStatus.ABSENT, draft.absent),
    ):
        for entry in people:
            person = resolve.person(entry.name)
            if any(a.person_id == person.pk for a in attendances):
                continue
            organization = resolve.organization(entry.organization)
            seat_orgs[person.pk] = organization
            attendances.append(
                Attendance(
                    meeting=meeting,
                    person=person,
                    organization=organization,
                    status=status_,
                    role=_role_of(entry.role, is_secretariat(entry.organization)),
                    position=len(attendances),
                )
            )
    Attendance.objects.bulk_create(attendances)

    for position, entry in enumerate(draft.items):
        item = AgendaItem.objects.create(
            meeting=meeting,
            number=entry.number,
            position=position,
            kind=entry.kind,
            title=entry.title,
            text=entry.text,
            conclusion=entry.conclusion or "",
        )
        Contribution.objects.bulk_create(
            Contribution(
                item=item,
                organization=resolve.organization(c.organization),
                heading=c.organization,
                points="\n".join(c.points),
                position=n,
            )
            for n, c in enumerate(entry.contributions)
        )
        Task.objects.bulk_create(
            Task(
                cooperation=cooperation,
                item=item,
                text=d.text,
                due=_as_date(d.date),
                responsible_body=body,
            )
            for d in entry.deadlines
        )

    for plan in draft.planned_meetings:
        result.planned_meetings.append(_plan(plan, resolve, body))

    used_items: set[tuple[str, int]] = set()
    for group in draft.groups:
        group_body = resolve.body(_group_name(group, draft.items, used_items), parent=body)
        for name in group.members:
            person = resolve.person(name)
            if not Seat.objects.filter(person=person, body=group_body).exists():
                Seat.objects.create(
                    person=person, body=group_body, organization=seat_orgs.get(person.pk), start=day
                )

    document = Document(
        meeting=meeting,
        title=source_name,
        kind=DocumentKind.SOURCE,
        size=len(source),
        sha256=digest,
        public=True,
    )
    document.file.save(source_name, ContentFile(source), save=True)
    return result


_GENERIC_GROUP_NAMES = {
    "arbeidsgruppe",
    "arbeidsgruppa",
    "faggruppe",
    "gruppe",
    "komité",
    "komite",
    "programkomité",
    "programkomite",
    "utvalg",
    "working group",
    "committee",
}


def _group_name(group, items, used: set[tuple[str, int]]) -> str:
    """A generic name ("arbeidsgruppe") gets the title of the item that set the group up."""
    name = group.name.strip()
    folded = name.casefold()
    if folded not in _GENERIC_GROUP_NAMES:
        return name
    for n, item in enumerate(items):
        text = item.text.casefold()
        if (folded, n) in used or folded not in text:
            continue
        if any(member.casefold() in text for member in group.members):
            used.add((folded, n))
            return f"{name[:1].upper()}{name[1:]}: {item.title}"
    return name


def _plan(plan, resolve: _Resolver, default_body: Body) -> Meeting:
    """A meeting the draft announces; moves the meeting it replaces when that one is known."""
    body = resolve.body(plan.body) or default_body
    day = _as_date(plan.date)
    start_time, end_time = _as_time(plan.start), _as_time(plan.end)
    replaces = _as_date(plan.replaces)
    existing = Meeting.objects.filter(body=body, start__date=day).first()
    if existing is None and replaces is not None:
        moved = Meeting.objects.filter(body=body, start__date=replaces).first()
        if moved is not None:
            at = start_time or timezone.localtime(moved.start).time()
            existing = reschedule(moved, _oslo(day, at), _oslo(day, end_time) if end_time else None)
    if existing is None:
        existing = Meeting.objects.create(
            body=body,
            start=_oslo(day, start_time),
            end=_oslo(day, end_time) if end_time else None,
            place=plan.place or "",
            status=MeetingStatus.PLANNED,
            rescheduled_from=_oslo(replaces, start_time) if replaces else None,
            sequence=1 if replaces else 0,
        )
    if plan.items and not existing.items.exists():
        AgendaItem.objects.bulk_create(
            AgendaItem(meeting=existing, number=i.number, title=i.title, position=n)
            for n, i in enumerate(plan.items)
        )
    return existing
