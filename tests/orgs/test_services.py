import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from factories import BodyFactory, MembershipFactory, PersonFactory
from motebok.orgs import services


def test_withdrawal_is_an_end_date(db):
    membership = MembershipFactory(start=dt.date(2004, 1, 1))
    services.withdraw(membership, dt.date(2025, 12, 31))
    membership.refresh_from_db()
    assert membership.end == dt.date(2025, 12, 31)
    cooperation = membership.cooperation
    assert list(services.members_on(cooperation, dt.date(2025, 12, 31))) == [membership]
    assert list(services.members_on(cooperation, dt.date(2026, 1, 1))) == []


def test_withdrawal_before_start_is_refused(db):
    membership = MembershipFactory(start=dt.date(2020, 1, 1))
    with pytest.raises(ValidationError, match="Et medlemskap kan ikke slutte før det starter."):
        services.withdraw(membership, dt.date(2019, 12, 31))


def test_membership_end_before_start_violates_constraint(db):
    with pytest.raises(IntegrityError):
        MembershipFactory(start=dt.date(2020, 1, 1), end=dt.date(2019, 1, 1))


def test_one_seat_per_person_body_and_period(db):
    person, body = PersonFactory(), BodyFactory()
    services.add_seat(
        person=person, body=body, start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31)
    )
    with pytest.raises(ValidationError):
        services.add_seat(person=person, body=body, start=dt.date(2024, 6, 1))
    later = services.add_seat(person=person, body=body, start=dt.date(2025, 1, 1))
    assert later.end is None
    assert person.seats.count() == 2


def test_seat_unique_start_constraint(db):
    from factories import SeatFactory

    seat = SeatFactory()
    with pytest.raises(IntegrityError):
        SeatFactory(person=seat.person, body=seat.body, start=seat.start)
