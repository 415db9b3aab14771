"""iCalendar (RFC 5545) for meetings: invitations, cancellations and feeds.

A meeting keeps one UID for its whole life; every move or cancellation raises ``SEQUENCE``, so
calendar programs update the event they have instead of adding a new one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vText

from motebok.meetings.enums import MeetingStatus
from motebok.meetings.models import Meeting

PRODID = "-//Møtebok//Møtebok//NB"


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@motebok"


def meeting_event(meeting: Meeting) -> Event:
    """The meeting as a VEVENT (``meeting.body`` should be loaded)."""
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", meeting.updated_at or dt.datetime.now(dt.UTC))
    start = timezone.localtime(meeting.start)  # Europe/Oslo, so that the VTIMEZONE is added
    event.add("dtstart", start)
    event.add(
        "dtend", timezone.localtime(meeting.end) if meeting.end else start + dt.timedelta(hours=2)
    )
    summary = meeting.body.name if not meeting.title else f"{meeting.body.name}: {meeting.title}"
    event.add("summary", summary)
    if meeting.place:
        event.add("location", vText(meeting.place))
    url = f"{settings.MOTEBOK_BASE_URL}{meeting.get_absolute_url()}"
    event.add("url", url)
    description = [url]
    if meeting.online_url:
        description.append(meeting.online_url)
    event.add("description", "\n".join(description))
    event.add("status", "CANCELLED" if meeting.status == MeetingStatus.CANCELLED else "CONFIRMED")
    return event


def calendar_bytes(
    meetings: Iterable[Meeting], *, method: str | None = None, name: str | None = None
) -> bytes:
    """A VCALENDAR with the meetings, in Europe/Oslo with its VTIMEZONE."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def invitation(meeting: Meeting) -> bytes:
    """An .ics invitation for one meeting: REQUEST, or CANCEL for a cancelled meeting."""
    method = "CANCEL" if meeting.status == MeetingStatus.CANCELLED else "REQUEST"
    return calendar_bytes([meeting], method=method)
