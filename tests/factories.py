"""factory_boy factories for the domain."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from motebok.meetings.enums import MeetingStatus
from motebok.meetings.models import AgendaItem, Attendance, Contribution, Document, Meeting
from motebok.orgs.enums import AccessRole, BodyKind, OrganizationKind
from motebok.orgs.models import Body, CooperationRole, Membership, Organization, Person, Seat


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Region {n} IPR")
    slug = factory.Sequence(lambda n: f"region-{n}")
    kind = OrganizationKind.REGION


class CooperationFactory(OrganizationFactory):
    name = factory.Sequence(lambda n: f"Samarbeid {n}")
    slug = factory.Sequence(lambda n: f"samarbeid-{n}")
    kind = OrganizationKind.COOPERATION


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organization = factory.SubFactory(OrganizationFactory)
    cooperation = factory.SubFactory(CooperationFactory)
    start = dt.date(2020, 1, 1)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    cooperation = factory.SubFactory(CooperationFactory)
    name = factory.Sequence(lambda n: f"Organ {n}")
    slug = factory.Sequence(lambda n: f"organ-{n}")
    kind = BodyKind.BOARD


class SeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seat

    person = factory.SubFactory(PersonFactory)
    body = factory.SubFactory(BodyFactory)
    start = dt.date(2020, 1, 1)


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CooperationRole

    user = factory.SubFactory(UserFactory)
    cooperation = factory.SubFactory(CooperationFactory)
    role = AccessRole.MEMBER


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(BodyFactory)
    start = factory.LazyFunction(lambda: timezone.make_aware(dt.datetime(2025, 1, 21, 10, 0)))
    end = factory.LazyAttribute(lambda m: m.start + dt.timedelta(hours=3))
    place = "Oslo rådhus"
    status = MeetingStatus.PLANNED


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Sak {n}")
    text = "Saksframstilling."
    conclusion = "Tatt til orientering."


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    item = factory.SubFactory(ItemFactory)
    organization = factory.SubFactory(OrganizationFactory)
    points = "Første punkt\nAndre punkt"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(PersonFactory)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    meeting = factory.SubFactory(MeetingFactory)
    title = factory.Sequence(lambda n: f"Vedlegg {n}")
    file = factory.django.FileField(filename="vedlegg.txt", data=b"innhold")
    public = True
