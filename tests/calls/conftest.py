"""Calls of the ``world``'s cooperation, and member regions the world's users answer for."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from factories import MembershipFactory, OrganizationFactory
from motebok.calls.models import Call, Criterion
from motebok.orgs.models import Seat


@dataclass
class Regions:
    follo: object  # medlem sits for it in KG
    ringerike: object  # styremedlem sits for it in the board
    outside: object  # no longer a member


@pytest.fixture
def regions(world):
    follo = OrganizationFactory(name="Folloregionen IPR", slug="folloregionen")
    ringerike = OrganizationFactory(name="Ringeriksregionen IPR", slug="ringeriksregionen")
    outside = OrganizationFactory(name="Utmeldt kommune", slug="utmeldt")
    for org in (follo, ringerike):
        MembershipFactory(organization=org, cooperation=world.coop)
    MembershipFactory(organization=outside, cooperation=world.coop, end=dt.date(2021, 12, 31))
    Seat.objects.filter(person__user=world.member).update(organization=follo)
    Seat.objects.filter(person__user=world.board_member).update(organization=ringerike)
    Seat.objects.filter(person__user__in=[world.member, world.board_member]).update(
        start=dt.date(2020, 1, 1)
    )
    for user, address in (
        (world.member, "medlem@example.org"),
        (world.board_member, "styre@example.org"),
    ):
        user.email = address
        user.save()
    return Regions(follo, ringerike, outside)


def make_call(world, *, opens, deadline, criteria=(), **fields) -> Call:
    call = Call.objects.create(
        cooperation=world.coop,
        title=fields.pop("title", "Vertskap for felles fagsamling"),
        text=fields.pop("text", "Hvem ønsker å være vertskap?"),
        opens=opens,
        deadline=deadline,
        **fields,
    )
    for n, (title, weight) in enumerate(criteria):
        Criterion.objects.create(call=call, title=title, weight=Decimal(weight), position=n)
    return call


@pytest.fixture
def open_call(world, regions):
    now = timezone.now()
    return make_call(
        world,
        opens=now - dt.timedelta(days=5),
        deadline=now + dt.timedelta(days=10),
        criteria=[("Møtelokaler", "2"), ("Overnatting", "1")],
    )


@pytest.fixture
def closed_call(world, regions):
    now = timezone.now()
    return make_call(
        world,
        opens=now - dt.timedelta(days=30),
        deadline=now - dt.timedelta(days=1),
        criteria=[("Møtelokaler", "2"), ("Overnatting", "1")],
    )
