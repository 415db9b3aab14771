"""Taking minutes: round-the-table points, attendance, notes and conclusions, tasks, groups,
the draft, the approval and the corrections after it.

Every edit of minutes text is optimistic: the caller says which version it started from and an
edit based on an older version raises :class:`StaleEdit` with both texts, so a second writer is
told instead of silently overwriting the first. Approved minutes are locked; after approval a
change is only possible through :func:`correct`, which records who changed what, when and why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from motebok.audit.record import record_created
from motebok.core import mail
from motebok.followup.models import Task
from motebok.meetings.enums import (
    AttendanceRole,
    AttendanceStatus,
    ItemKind,
    MeetingStatus,
)
from motebok.meetings.models import AgendaItem, Attendance, Contribution, Correction, Meeting
from motebok.meetings.services import set_status
from motebok.orgs.enums import BodyKind
from motebok.orgs.matching import unique_slug
from motebok.orgs.models import Body, Organization, Person, Seat
from motebok.orgs.rules import Viewer, viewer_for

GROUP_KINDS = (BodyKind.WORKING_GROUP, BodyKind.PROGRAMME_COMMITTEE)
APPROVABLE_STATES = (MeetingStatus.HELD, MeetingStatus.MINUTES_DRAFT)
PUBLISHABLE_STATES = (MeetingStatus.PLANNED, MeetingStatus.NOTICE_SENT, MeetingStatus.HELD)
# What a correction may change, by the kind of object corrected.
CORRECTABLE_FIELDS = {
    "item": ("title", "text", "conclusion"),
    "meeting": ("title", "place"),
}


class StaleEdit(Exception):
    """An edit started from an older version than the one saved since.

    ``obj`` is the object as saved now (``version`` its version), ``theirs`` its saved texts,
    ``yours`` the texts that were refused and ``based_on`` the version they were written on.
    Nothing was written.
    """

    def __init__(
        self, obj, *, theirs: dict[str, str], yours: dict[str, str], based_on: int
    ) -> None:
        super().__init__(f"{type(obj).__name__} {obj.pk} is at version {obj.version}")
        self.obj = obj
        self.version: int = obj.version
        self.theirs = theirs
        self.yours = yours
        self.based_on = based_on


def ensure_editable(meeting: Meeting) -> None:
    """Refuse any edit of the minutes of an approved (locked) or cancelled meeting."""
    if meeting.status == MeetingStatus.MINUTES_APPROVED:
        raise ValidationError(
            _(
                "The minutes of this meeting are approved and locked. "
                "Record a correction on the minutes page instead."
            ),
            code="locked",
        )
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError(_("The meeting is cancelled; it has no minutes."), code="cancelled")


def _lock(meeting_id: int) -> Meeting:
    """Hold the meeting's row until the transaction ends; return the meeting as saved now.

    The lock is a write that changes nothing, so the minutes' writers of one meeting wait for
    each other before reading anything, on PostgreSQL (row lock) and SQLite (write lock) alike.
    """
    Meeting.objects.filter(pk=meeting_id).update(minutes_version=F("minutes_version"))
    return Meeting.objects.select_related("body__cooperation").get(pk=meeting_id)


def _bump_minutes_version(meeting_id: int) -> None:
    Meeting.objects.filter(pk=meeting_id).update(minutes_version=F("minutes_version") + 1)


def _meeting_day(meeting: Meeting) -> dt.date:
    return timezone.localtime(meeting.start).date()


def _lines(text: str) -> str:
    return (text or "").replace("\r\n", "\n").replace("\r", "\n")


def may_write_for(viewer: Viewer, meeting: Meeting, organization_id: int) -> bool:
    """The secretariat writes for any organization; a member of the body only for their own."""
    if viewer.runs(meeting.body.cooperation_id):
        return True
    return viewer.is_insider(meeting.body) and organization_id in viewer.organization_ids


@transaction.atomic
def write_contribution(
    item: AgendaItem,
    organization: Organization,
    points: str,
    user,
    expected_version: int,
    *,
    viewer: Viewer | None = None,
) -> Contribution:
    """Write an organization's points on an item (one point per line).

    ``expected_version`` is the version the writer started from, 0 for none yet. Refuses a
    member writing for an organization they do not sit for (PermissionDenied), any write on
    approved minutes (ValidationError) and a write based on an old version (StaleEdit).
    Side effects: creates or updates the contribution, raises its version and the meeting's
    ``minutes_version``, records ``written_by``.
    """
    meeting = _lock(item.meeting_id)
    if not may_write_for(viewer or viewer_for(user), meeting, organization.pk):
        raise PermissionDenied
    ensure_editable(meeting)
    points = _lines(points)
    contribution = Contribution.objects.filter(item=item, organization=organization).first()
    current = contribution.version if contribution else 0
    if current != expected_version:
        if contribution is not None and contribution.points == points:
            return contribution
        if contribution is not None:
            raise StaleEdit(
                contribution,
                theirs={"points": contribution.points},
                yours={"points": points},
                based_on=expected_version,
            )
    if contribution is None:
        position = item.contributions.aggregate(n=Max("position"))["n"]
        contribution = Contribution.objects.create(
            item=item,
            organization=organization,
            heading=organization.name,
            points=points,
            written_by=user,
            position=0 if position is None else position + 1,
        )
    elif contribution.points != points:
        contribution.points = points
        contribution.written_by = user
        contribution.version += 1
        contribution.save(update_fields=["points", "written_by", "version", "updated_at"])
    else:
        return contribution
    _bump_minutes_version(meeting.pk)
    return contribution


@transaction.atomic
def set_attendance(
    meeting: Meeting,
    person: Person,
    status: str,
    role: str = AttendanceRole.MEMBER,
    organization: Organization | None = None,
) -> Attendance:
    """Record whether a person is present, absent with notice, a substitute or a guest.

    Without ``organization`` the person's existing attendance or their seat in the meeting's body
    gives it. Side effects: creates or updates the attendance row (new rows go last) and raises
    the meeting's ``minutes_version``. Refused on approved minutes.
    """
    meeting = _lock(meeting.pk)
    ensure_editable(meeting)
    if status not in AttendanceStatus.values:
        raise ValidationError(_("Choose a valid attendance status."))
    if role not in AttendanceRole.values:
        raise ValidationError(_("Choose a valid role."))
    attendance = Attendance.objects.filter(meeting=meeting, person=person).first()
    if attendance is None:
        if organization is None:
            seat = current_seats(meeting).filter(person=person).first()
            organization = seat.organization if seat else None
        last = meeting.attendances.aggregate(n=Max("position"))["n"]
        attendance = Attendance.objects.create(
            meeting=meeting,
            person=person,
            organization=organization,
            status=status,
            role=role,
            position=0 if last is None else last + 1,
        )
    else:
        attendance.status, attendance.role = status, role
        if organization is not None:
            attendance.organization = organization
        attendance.save(update_fields=["status", "role", "organization"])
    _bump_minutes_version(meeting.pk)
    return attendance


def current_seats(meeting: Meeting):
    """Seats in the meeting's body on the day of the meeting."""
    day = _meeting_day(meeting)
    return Seat.objects.filter(body_id=meeting.body_id, start__lte=day).filter(
        Q(end__isnull=True) | Q(end__gte=day)
    )


@transaction.atomic
def save_item_minutes(
    item: AgendaItem, text: str, conclusion: str, expected_version: int, user=None
) -> AgendaItem:
    """Save an item's notes and conclusion, if nobody saved it since ``expected_version``.

    Saving what is saved already changes nothing (a repeated autosave is harmless). Raises
    StaleEdit with both texts when someone else saved in between, ValidationError on approved
    minutes. Side effects: raises the item's ``version`` and the meeting's ``minutes_version``.
    """
    meeting = _lock(item.meeting_id)
    ensure_editable(meeting)
    text, conclusion = _lines(text), _lines(conclusion)
    saved = AgendaItem.objects.get(pk=item.pk)
    saved.meeting = meeting
    if saved.text == text and saved.conclusion == conclusion:
        return saved
    if saved.version != expected_version:
        raise StaleEdit(
            saved,
            theirs={"text": saved.text, "conclusion": saved.conclusion},
            yours={"text": text, "conclusion": conclusion},
            based_on=expected_version,
        )
    saved.text, saved.conclusion, saved.version = text, conclusion, saved.version + 1
    saved.save(update_fields=["text", "conclusion", "version"])  # signals keep search current
    _bump_minutes_version(meeting.pk)
    return saved


@transaction.atomic
def add_task(
    item: AgendaItem,
    text: str,
    due: dt.date | None = None,
    *,
    responsible_person: Person | None = None,
    responsible_organization: Organization | None = None,
    responsible_body: Body | None = None,
) -> Task:
    """Turn a deadline or follow-up of an item into an open task of the meeting's cooperation.

    Side effects: creates the task. Refused on approved minutes and for a body of another
    cooperation.
    """
    meeting = _lock(item.meeting_id)
    ensure_editable(meeting)
    cooperation_id = meeting.body.cooperation_id
    if not text.strip():
        raise ValidationError(_("Write what is to be done."))
    if responsible_body is not None and responsible_body.cooperation_id != cooperation_id:
        raise ValidationError(_("The responsible body belongs to another cooperation."))
    return Task.objects.create(
        cooperation_id=cooperation_id,
        item=item,
        text=text.strip(),
        due=due,
        responsible_person=responsible_person,
        responsible_organization=responsible_organization,
        responsible_body=responsible_body,
    )


@transaction.atomic
def create_group(meeting: Meeting, name: str, kind: str, people: Iterable[Person]) -> Body:
    """Set up a working group or programme committee decided at the meeting.

    Side effects: a body of the meeting's cooperation with ``parent`` = the meeting's body, and
    one seat per person from the meeting's date, for the organization they attend the meeting
    for (or sit in the body for). Refused on approved minutes and for a name already taken.
    """
    meeting = _lock(meeting.pk)
    ensure_editable(meeting)
    name = " ".join(name.split())
    if kind not in GROUP_KINDS:
        raise ValidationError(_("A group is a working group or a programme committee."))
    if not name:
        raise ValidationError(_("Give the group a name."))
    cooperation = meeting.body.cooperation
    if Body.objects.filter(cooperation=cooperation, name__iexact=name).exists():
        raise ValidationError(
            _("The cooperation already has a body called %(name)s.") % {"name": name}
        )
    people = list(dict.fromkeys(people))
    if not people:
        raise ValidationError(_("Choose the members of the group."))
    group = Body.objects.create(
        cooperation=cooperation,
        name=name,
        kind=kind,
        parent=meeting.body,
        slug=unique_slug(
            f"{cooperation.slug}-{name}", lambda s: Body.objects.filter(slug=s).exists()
        ),
    )
    person_ids = [p.pk for p in people]
    orgs = dict(
        current_seats(meeting)
        .filter(person_id__in=person_ids, organization__isnull=False)
        .values_list("person_id", "organization_id")
    )
    orgs.update(
        meeting.attendances.filter(
            person_id__in=person_ids, organization__isnull=False
        ).values_list("person_id", "organization_id")
    )
    day = _meeting_day(meeting)
    seats = Seat.objects.bulk_create(
        Seat(person=p, body=group, organization_id=orgs.get(p.pk), start=day) for p in people
    )
    record_created(seats)
    return group


@transaction.atomic
def publish_draft(meeting: Meeting) -> Meeting:
    """Send the minutes out as a draft for comments.

    A meeting not yet marked held is marked held first. Side effects: status ``minutes_draft``;
    one e-mail (kept in the outbox, sent once) to the members of the body with an address.
    """
    if meeting.status not in PUBLISHABLE_STATES:
        raise ValidationError(
            _("Minutes that are %(status)s cannot be published as a draft.")
            % {"status": meeting.get_status_display().lower()}
        )
    if meeting.status != MeetingStatus.HELD:
        set_status(meeting, MeetingStatus.HELD)
    set_status(meeting, MeetingStatus.MINUTES_DRAFT)
    recipients = (
        current_seats(meeting).exclude(person__email="").values_list("person__email", flat=True)
    )
    url = f"{settings.MOTEBOK_BASE_URL}{meeting.get_absolute_url()}"
    mail.send(
        to=list(recipients),
        subject=_("Draft minutes for comments: %(meeting)s") % {"meeting": meeting},
        body=_(
            "The draft minutes of %(meeting)s are ready for your comments:\n%(url)s\n\n"
            "They are approved at the next meeting."
        )
        % {"meeting": meeting, "url": url},
        dedup_key=f"minutes-draft:{meeting.pk}",
        cooperation=meeting.body.cooperation,
    )
    return meeting


@transaction.atomic
def conclude_approval(item: AgendaItem, approves: Meeting | None = None) -> Meeting:
    """Conclude an "approval of the minutes" item: the earlier meeting's minutes are approved.

    ``approves`` links the item to the meeting it approves when it is not linked yet. Refused
    when that meeting is not held or in draft, is not earlier, or the item is of another kind.
    Side effects: the item gets the link, and "Approved" as its conclusion when it has none;
    the earlier meeting becomes ``minutes_approved`` (public and locked) with
    ``minutes_approved_at`` = now and ``approved_at_meeting`` = the item's meeting.
    """
    meeting = _lock(item.meeting_id)
    ensure_editable(meeting)
    item = AgendaItem.objects.get(pk=item.pk)
    item.meeting = meeting
    if item.kind != ItemKind.APPROVAL_OF_MINUTES:
        raise ValidationError(_("Only an item approving minutes can approve minutes."))
    target_id = approves.pk if approves is not None else item.approves_id
    if target_id is None:
        raise ValidationError(_("Choose the meeting whose minutes the item approves."))
    target = Meeting.objects.select_for_update().get(pk=target_id)
    if target.pk == item.meeting_id or target.start >= item.meeting.start:
        raise ValidationError(_("A meeting approves the minutes of an earlier meeting."))
    if target.status not in APPROVABLE_STATES:
        raise ValidationError(
            _("The minutes of %(meeting)s cannot be approved: the meeting is %(status)s.")
            % {"meeting": target, "status": target.get_status_display().lower()}
        )
    item.approves = target
    fields = ["approves", "version"]
    if not item.conclusion.strip():
        item.conclusion = _("Approved.")
        fields.append("conclusion")
    item.version += 1
    item.save(update_fields=fields)
    _bump_minutes_version(item.meeting_id)
    set_status(target, MeetingStatus.MINUTES_APPROVED)
    target.minutes_approved_at = timezone.now()
    target.approved_at_meeting = item.meeting
    target.save(update_fields=["minutes_approved_at", "approved_at_meeting", "updated_at"])
    return target


@transaction.atomic
def correct(
    target: Meeting | AgendaItem, field: str, new_value: str, reason: str, user
) -> Correction:
    """Change approved minutes by a recorded correction: who, when, what and why.

    ``target`` is the meeting or one of its items; ``field`` one of CORRECTABLE_FIELDS. Refused
    for minutes that are not approved (edit those directly), without a reason, or when nothing
    changes. Side effects: the field is changed, a Correction keeps old and new value, and the
    item's ``version`` and the meeting's ``minutes_version`` are raised.
    """
    is_item = isinstance(target, AgendaItem)
    meeting = _lock(target.meeting_id if is_item else target.pk)
    if is_item:
        target = AgendaItem.objects.get(pk=target.pk)
        target.meeting = meeting
    else:
        target = meeting
    if field not in CORRECTABLE_FIELDS["item" if is_item else "meeting"]:
        raise ValidationError(_("That part of the minutes cannot be corrected."))
    if meeting.status != MeetingStatus.MINUTES_APPROVED:
        raise ValidationError(
            _("Only approved minutes are corrected; edit the draft minutes directly.")
        )
    if not reason.strip():
        raise ValidationError(_("Give the reason for the correction."))
    new_value = _lines(new_value)
    old_value = getattr(target, field)
    if new_value == old_value:
        raise ValidationError(_("The new text is the same as the old one."))
    setattr(target, field, new_value)
    if is_item:
        target.version += 1
        target.save(update_fields=[field, "version"])
    else:
        target.save(update_fields=[field, "updated_at"])
    _bump_minutes_version(meeting.pk)
    return Correction.objects.create(
        meeting=meeting,
        item=target if is_item else None,
        field=field,
        old_value=old_value,
        new_value=new_value,
        reason=reason.strip(),
        made_by=user,
    )
