"""A user's personal calendar: the meetings of every body they sit in, and of every body of the
cooperations they run, behind a secret address that they can replace.

The events are the ones the public body feeds carry (``calendar.meeting_event``): title, time,
place and links, never agenda or minutes text.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from motebok.meetings.models import Meeting
from motebok.meetings.models_calendar import CalendarToken, new_token
from motebok.orgs.enums import AccessRole
from motebok.orgs.models import CooperationRole, Seat

FEED_HISTORY_DAYS = 730  # as the body feeds: two years back, and everything ahead


@transaction.atomic
def issue_token(user) -> CalendarToken:
    """Give the user a new secret calendar address. Side effect: the previous address, if any,
    stops working at once (its token is replaced in the same row)."""
    now = timezone.now()
    token, created = CalendarToken.objects.select_for_update().get_or_create(
        user=user, defaults={"created_at": now}
    )
    if not created:
        token.token = new_token()
        token.created_at = now
        token.save(update_fields=["token", "created_at"])
    return token


def token_of(user) -> CalendarToken | None:
    return CalendarToken.objects.filter(user=user).first()


def user_of_token(token: str):
    """The active user the token belongs to, or None (one query)."""
    found = (
        CalendarToken.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
    )
    return found.user if found else None


def personal_meetings(user, *, now: dt.datetime | None = None) -> QuerySet[Meeting]:
    """The meetings of the user's current bodies and of the cooperations they run, from two years
    back, with their body loaded (one query)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    seat_bodies = (
        Seat.objects.filter(person__user=user, start__lte=today)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .values("body_id")
    )
    run_cooperations = CooperationRole.objects.filter(
        user=user, role=AccessRole.SECRETARIAT
    ).values("cooperation_id")
    return (
        Meeting.objects.filter(start__gte=now - dt.timedelta(days=FEED_HISTORY_DAYS))
        .filter(Q(body_id__in=seat_bodies) | Q(body__cooperation_id__in=run_cooperations))
        .select_related("body")
        .order_by("start", "pk")
    )
