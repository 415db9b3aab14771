"""Reusable querysets of calls for input; every page built from them does a fixed number of queries."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from motebok.calls.models import Call, Criterion, Score, Submission
from motebok.orgs.models import Organization, Seat
from motebok.orgs.rules import Viewer
from motebok.orgs.services import members_on


def calls() -> QuerySet[Call]:
    return Call.objects.select_related("cooperation", "audience_body")


def _closes_after(now) -> Q:
    return Q(extended_until__gte=now) | Q(extended_until__isnull=True, deadline__gte=now)


def visible_calls(viewer: Viewer, now) -> QuerySet[Call]:
    """Calls the viewer may see: all of the cooperations they run, opened ones of the others."""
    if viewer.is_admin:
        return calls()
    return calls().filter(
        Q(cooperation_id__in=viewer.secretariat_of)
        | Q(cooperation_id__in=viewer.member_of, opens__lte=now)
    )


def open_calls(qs: QuerySet[Call], now) -> QuerySet[Call]:
    return qs.filter(opens__lte=now).filter(_closes_after(now))


def open_calls_for(viewer: Viewer, now=None) -> list[Call]:
    """The front page's open calls of the viewer's cooperations, soonest deadline first, each with
    ``answered``: whether an organization the viewer sits for has answered (one query)."""
    if not viewer.is_authenticated:
        return []
    now = now or timezone.now()
    answered = Submission.objects.filter(
        call=OuterRef("pk"), organization_id__in=viewer.organization_ids
    )
    qs = open_calls(visible_calls(viewer, now), now).annotate(answered=Exists(answered))
    return sorted(qs, key=lambda call: (call.closes_at, call.pk))


def _current(prefix: str, on: dt.date) -> Q:
    return Q(**{f"{prefix}start__lte": on}) & (
        Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gte": on})
    )


def audience_organizations(call: Call, on: dt.date) -> QuerySet[Organization]:
    """Who is asked: the cooperation's current members, or the organizations the seat holders of
    the audience body sit for (the cooperation itself, i.e. the secretariat, left out)."""
    if call.audience_body_id is None:
        ids = members_on(call.cooperation, on).values("organization_id")
    else:
        ids = (
            Seat.objects.filter(_current("", on), body_id=call.audience_body_id)
            .exclude(organization_id=call.cooperation_id)
            .values("organization_id")
        )
    return Organization.objects.filter(pk__in=ids).order_by("name")


def audience_seats(call: Call, on: dt.date) -> QuerySet[Seat]:
    """The current seats through which the audience is reached: in the audience body, or in any
    body of the cooperation for a member organization."""
    seats = Seat.objects.filter(_current("", on), organization__in=audience_organizations(call, on))
    if call.audience_body_id is None:
        seats = seats.filter(body__cooperation_id=call.cooperation_id)
    else:
        seats = seats.filter(body_id=call.audience_body_id)
    return seats.select_related("person__user", "organization").order_by("person__name", "pk")


def answerable_organizations(viewer: Viewer, call: Call, on: dt.date) -> list[Organization]:
    """The organizations the viewer may answer for (one query): the secretariat for any of the
    audience, a member for those they sit for in the audience's seats."""
    audience = audience_organizations(call, on)
    if viewer.runs(call.cooperation_id):
        return list(audience)
    if call.cooperation_id not in viewer.member_of or viewer.user_id is None:
        return []
    mine = audience_seats(call, on).filter(person__user_id=viewer.user_id)
    return list(audience.filter(pk__in=mine.values("organization_id")))


def submissions(call: Call) -> QuerySet[Submission]:
    return (
        call.submissions.select_related("organization", "submitted_by")
        .prefetch_related("attachments")
        .order_by("organization__name", "pk")
    )


def criteria(call: Call) -> QuerySet[Criterion]:
    return call.criteria.order_by("position", "pk")


def scores(call: Call) -> QuerySet[Score]:
    return Score.objects.filter(submission__call=call).select_related("evaluator")
