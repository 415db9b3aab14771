import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from factories import ItemFactory, MeetingFactory
from motebok.meetings import services
from motebok.meetings.enums import MeetingStatus


def _at(day, hour):
    return timezone.make_aware(dt.datetime(2025, *day, hour))


def test_reschedule_keeps_the_date_it_replaced(db):
    meeting = MeetingFactory(start=_at((5, 6), 10), end=_at((5, 6), 13))
    services.reschedule(meeting, _at((4, 29), 10))
    meeting.refresh_from_db()
    assert meeting.start == _at((4, 29), 10)
    assert meeting.end == _at((4, 29), 13)
    assert meeting.rescheduled_from == _at((5, 6), 10)
    assert meeting.sequence == 1


def test_held_meeting_cannot_move(db):
    meeting = MeetingFactory(status=MeetingStatus.HELD)
    with pytest.raises(ValidationError, match="Bare et planlagt møte kan flyttes."):
        services.reschedule(meeting, _at((4, 29), 10))


def test_status_moves_forward_only(db):
    meeting = MeetingFactory()
    services.set_status(meeting, MeetingStatus.NOTICE_SENT)
    services.set_status(meeting, MeetingStatus.HELD)
    services.set_status(meeting, MeetingStatus.MINUTES_APPROVED)
    assert meeting.is_locked is True
    with pytest.raises(ValidationError):
        services.set_status(meeting, MeetingStatus.PLANNED)


def test_cancelling_raises_sequence(db):
    meeting = MeetingFactory()
    services.set_status(meeting, MeetingStatus.CANCELLED)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.sequence) == (MeetingStatus.CANCELLED, 1)


def test_item_numbers_are_unique_per_meeting(db):
    item = ItemFactory(number="3")
    with pytest.raises(IntegrityError):
        ItemFactory(meeting=item.meeting, number="3")


def test_meeting_cannot_end_before_it_starts(db):
    with pytest.raises(IntegrityError):
        MeetingFactory(start=_at((5, 6), 10), end=_at((5, 6), 9))
