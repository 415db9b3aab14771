"""State changes of organizations, memberships and seats."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from motebok.orgs.models import Body, Membership, Organization, Person, Seat


@transaction.atomic
def withdraw(membership: Membership, last_day: dt.date) -> Membership:
    """End a membership on ``last_day`` (a withdrawal keeps the membership's history).

    Side effects: none besides the saved end date.
    """
    if last_day < membership.start:
        raise ValidationError(_("A membership cannot end before it starts."))
    if membership.end is not None and membership.end < last_day:
        raise ValidationError(_("The membership has already ended."))
    membership.end = last_day
    membership.save(update_fields=["end"])
    return membership


def _overlaps(qs, start: dt.date, end: dt.date | None):
    qs = qs.filter(Q(end__isnull=True) | Q(end__gte=start))
    if end is not None:
        qs = qs.filter(start__lte=end)
    return qs


@transaction.atomic
def add_seat(
    *,
    person: Person,
    body: Body,
    start: dt.date,
    organization: Organization | None = None,
    role: str = "member",
    end: dt.date | None = None,
) -> Seat:
    """Give a person a seat in a body; refuses a second seat in the same body for an overlapping period.

    Side effects: none besides the new seat.
    """
    if end is not None and end < start:
        raise ValidationError(_("A seat cannot end before it starts."))
    if _overlaps(
        Seat.objects.select_for_update().filter(person=person, body=body), start, end
    ).exists():
        raise ValidationError(
            _("%(person)s already has a seat in %(body)s in that period.")
            % {"person": person, "body": body}
        )
    return Seat.objects.create(
        person=person, body=body, organization=organization, role=role, start=start, end=end
    )


def members_on(cooperation: Organization, day: dt.date):
    """Memberships of a cooperation current on ``day``."""
    return _overlaps(cooperation.member_links.all(), day, day).filter(start__lte=day)
