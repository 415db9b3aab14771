"""The meeting plan: create, move and cancel meetings, tell the members, check the timing rules.

Every change e-mails the body's current seat holders an updated calendar invitation (same UID,
higher SEQUENCE; a cancellation as METHOD:CANCEL with STATUS:CANCELLED). Messages are written in
the installation's language (``settings.LANGUAGE_CODE``), whatever language the secretariat
happens to use, and kept in the outbox.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from motebok.core import mail
from motebok.core.models import OutboxMessage
from motebok.meetings import calendar, services
from motebok.meetings.enums import MeetingKind, MeetingStatus
from motebok.meetings.models import Meeting
from motebok.orgs.models import Body, Seat, TimingRule

# Only a meeting that has not been held (nor cancelled) can still be moved or cancelled.
CHANGEABLE_STATES = (MeetingStatus.PLANNED, MeetingStatus.NOTICE_SENT)

CREATED, MOVED, CANCELLED = "created", "moved", "cancelled"
REASONS = (CREATED, MOVED, CANCELLED)


def is_changeable(meeting: Meeting) -> bool:
    return meeting.status in CHANGEABLE_STATES


@transaction.atomic
def create_meeting(
    body: Body,
    *,
    start: dt.datetime,
    end: dt.datetime | None = None,
    place: str = "",
    online_url: str = "",
    kind: str = MeetingKind.MEETING,
    title: str = "",
) -> Meeting:
    """Add a planned meeting to a body's plan.

    Side effects: the new meeting; an e-mail with a calendar invitation (METHOD:REQUEST) to every
    current seat holder of the body who has an address (see :func:`notify_seat_holders`).
    """
    if end is not None and end < start:
        raise ValidationError(_("A meeting cannot end before it starts."))
    meeting = Meeting.objects.create(
        body=body,
        kind=kind,
        title=title,
        start=start,
        end=end,
        place=place,
        online_url=online_url,
        status=MeetingStatus.PLANNED,
    )
    notify_seat_holders(meeting, CREATED)
    return meeting


@transaction.atomic
def move_meeting(meeting: Meeting, start: dt.datetime, end: dt.datetime | None = None) -> Meeting:
    """Move a planned meeting to a new time; without ``end`` it keeps its length.

    ``rescheduled_from`` keeps the start the meeting had in the plan before its first move, so a
    meeting moved twice still shows the date it replaced (and none once it is back on that date).
    Side effects: the calendar ``sequence`` is raised; an e-mail with the updated invitation
    (METHOD:REQUEST) to every current seat holder with an address.
    """
    if not is_changeable(meeting):
        raise ValidationError(_("Only a planned meeting can be moved."))
    if start == meeting.start and (end is None or end == meeting.end):
        raise ValidationError(_("The meeting is already at that time."))
    original = meeting.rescheduled_from
    previous_start = meeting.start
    services.reschedule(meeting, start, end)
    if original is not None:
        meeting.rescheduled_from = None if original == meeting.start else original
        meeting.save(update_fields=["rescheduled_from"])
    notify_seat_holders(meeting, MOVED, previous_start=previous_start)
    return meeting


@transaction.atomic
def cancel_meeting(meeting: Meeting) -> Meeting:
    """Cancel a planned meeting; it stays in the plan as cancelled.

    Side effects: the status becomes cancelled and the calendar ``sequence`` is raised; an e-mail
    with the cancellation (METHOD:CANCEL, STATUS:CANCELLED) to every current seat holder with an
    address.
    """
    if not is_changeable(meeting):
        raise ValidationError(_("Only a planned meeting can be cancelled."))
    services.set_status(meeting, MeetingStatus.CANCELLED)
    notify_seat_holders(meeting, CANCELLED)
    return meeting


def current_seat_holders(body: Body, on: dt.date | None = None):
    """The people with a seat in the body on ``on`` (today), each once (one query)."""
    on = on or timezone.localdate()
    seats = (
        Seat.objects.filter(body=body, start__lte=on)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .select_related("person__user")
        .order_by("person__name", "person_id")
    )
    people = {}
    for seat in seats:
        people.setdefault(seat.person_id, seat.person)
    return list(people.values())


def address_of(person) -> str:
    """A person's own e-mail address, or else that of their user account."""
    if person.email:
        return person.email
    return person.user.email if person.user_id and person.user else ""


@transaction.atomic
def notify_seat_holders(
    meeting: Meeting, reason: str, *, previous_start: dt.datetime | None = None
) -> list[OutboxMessage]:
    """E-mail every current seat holder of the meeting's body the meeting's calendar invitation.

    ``reason`` is ``"created"``, ``"moved"`` or ``"cancelled"``; ``previous_start`` (for a move)
    is the time the meeting had until now. One message per person with an address, with the
    plain text and ``motebok-<pk>.ics`` (``text/calendar; method=REQUEST`` or ``CANCEL``).
    Side effects: the messages in the outbox, sent after commit. The deduplication key
    ``plan:<meeting>:<person>:<sequence>`` makes a repeated notification of the same revision a
    no-op. Returns the messages kept now (none for people already told).
    """
    if reason not in REASONS:
        raise ValueError(f"unknown reason {reason!r}")
    method = "CANCEL" if meeting.status == MeetingStatus.CANCELLED else "REQUEST"
    ics = mail.Attachment(
        f"motebok-{meeting.pk}.ics",
        calendar.invitation(meeting),
        f"text/calendar; method={method}",
    )
    cooperation = meeting.body.cooperation
    sent = []
    for person in current_seat_holders(meeting.body):
        address = address_of(person)
        if not address:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            subject, text = _message(meeting, reason, person, previous_start)
        message = mail.send(
            to=[address],
            subject=subject,
            body=text,
            attachments=[ics],
            dedup_key=f"plan:{meeting.pk}:{person.pk}:{meeting.sequence}",
            cooperation=cooperation,
        )
        if message is not None:
            sent.append(message)
    return sent


def _day(value: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(value), "DATE_FORMAT")


def _time(value: dt.datetime) -> str:
    return formats.date_format(timezone.localtime(value), "H:i")


def _when(start: dt.datetime, end: dt.datetime | None = None) -> str:
    if end is None:
        return f"{_day(start)} {_time(start)}"
    return f"{_day(start)} {_time(start)}–{_time(end)}"


def _message(meeting: Meeting, reason: str, person, previous_start) -> tuple[str, str]:
    """Subject and plain text of one notification, in the active language."""
    names = {"body": meeting.body.name, "date": _day(meeting.start)}
    if reason == CREATED:
        subject = _("New meeting: %(body)s %(date)s") % names
        lead = _("A meeting of %(body)s has been planned.") % names
    elif reason == MOVED:
        subject = _("Meeting moved: %(body)s %(date)s") % names
        lead = _("The meeting of %(body)s has been moved.") % names
    else:
        subject = _("Meeting cancelled: %(body)s %(date)s") % names
        lead = _("The meeting of %(body)s on %(date)s has been cancelled.") % names
    lines = [_("Hello %(name)s,") % {"name": person.name}, "", lead, ""]
    if reason == CANCELLED:
        lines.append(_("The cancellation is attached; it removes the meeting from your calendar."))
    else:
        lines.append(_("Time: %(when)s") % {"when": _when(meeting.start, meeting.end)})
        if previous_start is not None:
            lines.append(_("Until now: %(when)s") % {"when": _when(previous_start)})
        if meeting.place:
            lines.append(_("Place: %(place)s") % {"place": meeting.place})
        if meeting.online_url:
            lines.append(_("Online: %(url)s") % {"url": meeting.online_url})
        lines += ["", _("The calendar invitation is attached.")]
    lines += ["", f"{settings.MOTEBOK_BASE_URL}{meeting.get_absolute_url()}"]
    return subject, "\n".join(lines) + "\n"


def plan_warnings(body: Body, year: int) -> list[str]:
    """The timing rules that the plan breaks, in words, for the rules ``body`` takes part in.

    A rule "A meets at least N days before B" is broken by a meeting of A whose next meeting of
    B comes fewer than N days (calendar days, Oslo time) later. Cancelled meetings do not count.
    A pair is reported when either meeting falls in ``year``. Two queries at most; no side effects.
    """
    rules = list(
        TimingRule.objects.filter(Q(body=body) | Q(before=body))
        .exclude(body_id=F("before_id"))
        .select_related("body", "before")
        .order_by("pk")
    )
    if not rules:
        return []
    tz = timezone.get_current_timezone()
    window = (dt.datetime(year - 1, 1, 1, tzinfo=tz), dt.datetime(year + 2, 1, 1, tzinfo=tz))
    starts: dict[int, list[dt.datetime]] = defaultdict(list)
    meetings = (
        Meeting.objects.filter(
            body_id__in={r.body_id for r in rules} | {r.before_id for r in rules},
            start__gte=window[0],
            start__lt=window[1],
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("start", "pk")
        .values_list("body_id", "start")
    )
    for body_id, start in meetings:
        starts[body_id].append(start)
    found = []
    for rule in rules:
        later = starts[rule.before_id]
        for start in starts[rule.body_id]:
            index = bisect.bisect_right(later, start)
            if index == len(later):
                continue
            day = timezone.localdate(start)
            next_day = timezone.localdate(later[index])
            days = (next_day - day).days
            if days < rule.min_days and year in (day.year, next_day.year):
                found.append((day, rule.pk, _warning(rule, day, next_day, days)))
    return [text for *_order, text in sorted(found)]


def _warning(rule: TimingRule, day: dt.date, next_day: dt.date, days: int) -> str:
    names = {
        "body": rule.body.name,
        "date": formats.date_format(day, "DATE_FORMAT"),
        "before": rule.before.name,
        "before_date": formats.date_format(next_day, "DATE_FORMAT"),
        "days": days,
        "min_days": rule.min_days,
    }
    parts = [
        ngettext(
            "%(body)s meets on %(date)s, %(days)s day before %(before)s meets on %(before_date)s.",
            "%(body)s meets on %(date)s, %(days)s days before %(before)s meets on %(before_date)s.",
            days,
        )
        % names,
        ngettext(
            "It should meet at least %(min_days)s day before.",
            "It should meet at least %(min_days)s days before.",
            rule.min_days,
        )
        % names,
    ]
    if rule.reason:
        parts.append(_("Reason: %(reason)s") % {"reason": rule.reason})
    return " ".join(parts)
