"""Read API of who: cooperations, organizations, memberships, people (public roles), bodies, seats.

All of it is public, as on the pages. People appear only through their seats: a name and the
seats held, never an e-mail address or anything of a user account. Each list takes a fixed
number of queries (count, page and, for people, their seats).
"""

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from motebok.api.auth import OPTIONAL_TOKEN, READ_AUTH
from motebok.api.params import Id, Pagination
from motebok.orgs.enums import BodyKind, OrganizationKind, SeatRole
from motebok.orgs.models import Body, Membership, Organization, Person, Seat

router = Router(auth=READ_AUTH)

SLUG = Field(None, max_length=80, description="Slug of a cooperation.")


class Named(Schema):
    slug: str
    name: str


class OrganizationOut(Schema):
    slug: str
    name: str
    short_name: str
    kind: OrganizationKind
    website: str
    url: str | None = Field(description="The cooperation's page; none for other organizations.")

    @staticmethod
    def resolve_url(org) -> str | None:
        return org.get_absolute_url() if org.is_cooperation else None


class MembershipOut(Schema):
    id: int
    organization: Named
    cooperation: Named
    start: dt.date
    end: dt.date | None = Field(description="Last day of membership: a withdrawal.")


class BodyOut(Schema):
    slug: str
    name: str
    short_name: str
    kind: BodyKind
    cooperation: Named
    parent: str | None = Field(description="Slug of the body that set it up.")
    description: str
    url: str

    @staticmethod
    def resolve_parent(body) -> str | None:
        return body.parent.slug if body.parent_id else None

    @staticmethod
    def resolve_url(body) -> str:
        return body.get_absolute_url()


class SeatOut(Schema):
    id: int
    person: str
    person_id: int
    body: Named
    organization: Named | None = Field(description="The organization the seat is held for.")
    role: SeatRole
    start: dt.date
    end: dt.date | None

    @staticmethod
    def resolve_person(seat) -> str:
        return seat.person.name


class PersonSeatOut(Schema):
    body: Named
    organization: Named | None
    role: SeatRole
    start: dt.date
    end: dt.date | None


class PersonOut(Schema):
    id: int
    name: str
    seats: list[PersonSeatOut]

    @staticmethod
    def resolve_seats(person) -> list:
        return person.seats.all()


class CooperationFilter(Schema):
    cooperation: str | None = SLUG


class OrganizationFilter(CooperationFilter):
    cooperation: str | None = Field(
        None, max_length=80, description="Slug of a cooperation: its members, past and present."
    )
    kind: OrganizationKind | None = None


class MembershipFilter(CooperationFilter):
    current: bool | None = Field(
        None, description="true: memberships running today; false: ended or not yet begun."
    )


class BodyFilter(Schema):
    body: str | None = Field(None, max_length=80, description="Slug of a body.")


class SeatFilter(BodyFilter):
    current: bool | None = Field(None, description="true: seats held today; false: the others.")


def _running_q(today: dt.date) -> Q:
    return Q(start__lte=today) & (Q(end__isnull=True) | Q(end__gte=today))


def _by_current(qs: QuerySet, current: bool | None) -> QuerySet:
    if current is None:
        return qs
    running = _running_q(timezone.localdate())
    return qs.filter(running) if current else qs.exclude(running)


@router.get(
    "/v1/cooperations/",
    response=list[OrganizationOut],
    tags=["organizations"],
    openapi_extra=OPTIONAL_TOKEN,
)
@paginate(Pagination)
def list_cooperations(request):
    """Cooperations by name."""
    return Organization.objects.filter(kind=OrganizationKind.COOPERATION).order_by("name", "pk")


@router.get(
    "/v1/organizations/",
    response=list[OrganizationOut],
    tags=["organizations"],
    openapi_extra=OPTIONAL_TOKEN,
)
@paginate(Pagination)
def list_organizations(request, filters: Query[OrganizationFilter]):
    """Organizations by name; filter by kind, and by cooperation (its members, past and present)."""
    qs = Organization.objects.order_by("name", "pk")
    if filters.cooperation:
        qs = qs.filter(
            pk__in=Membership.objects.filter(cooperation__slug=filters.cooperation).values(
                "organization_id"
            )
        )
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    return qs


@router.get(
    "/v1/organizations/{slug}/",
    response=OrganizationOut,
    tags=["organizations"],
    openapi_extra=OPTIONAL_TOKEN,
)
def get_organization(request, slug: str):
    """One organization or cooperation."""
    return get_object_or_404(Organization, slug=slug)


@router.get(
    "/v1/memberships/",
    response=list[MembershipOut],
    tags=["organizations"],
    openapi_extra=OPTIONAL_TOKEN,
)
@paginate(Pagination)
def list_memberships(request, filters: Query[MembershipFilter]):
    """Memberships by cooperation, member and start; a withdrawal shows as the end date."""
    qs = Membership.objects.select_related("organization", "cooperation").order_by(
        "cooperation__name", "organization__name", "start", "pk"
    )
    if filters.cooperation:
        qs = qs.filter(cooperation__slug=filters.cooperation)
    return _by_current(qs, filters.current)


@router.get("/v1/bodies/", response=list[BodyOut], tags=["bodies"], openapi_extra=OPTIONAL_TOKEN)
@paginate(Pagination)
def list_bodies(request, filters: Query[CooperationFilter]):
    """Bodies by cooperation and name."""
    qs = Body.objects.select_related("cooperation", "parent").order_by(
        "cooperation__name", "name", "pk"
    )
    if filters.cooperation:
        qs = qs.filter(cooperation__slug=filters.cooperation)
    return qs


@router.get("/v1/bodies/{slug}/", response=BodyOut, tags=["bodies"], openapi_extra=OPTIONAL_TOKEN)
def get_body(request, slug: str):
    """One body."""
    return get_object_or_404(Body.objects.select_related("cooperation", "parent"), slug=slug)


def _seats() -> QuerySet[Seat]:
    return Seat.objects.select_related("person", "body", "organization")


@router.get("/v1/seats/", response=list[SeatOut], tags=["bodies"], openapi_extra=OPTIONAL_TOKEN)
@paginate(Pagination)
def list_seats(request, filters: Query[SeatFilter]):
    """Seats by body, person and start."""
    qs = _seats().order_by("body__name", "body_id", "person__name", "start", "pk")
    if filters.body:
        qs = qs.filter(body__slug=filters.body)
    return _by_current(qs, filters.current)


def _people() -> QuerySet[Person]:
    seats = _seats().order_by("start", "body__name", "pk")
    return Person.objects.prefetch_related(Prefetch("seats", queryset=seats)).only("pk", "name")


@router.get("/v1/people/", response=list[PersonOut], tags=["bodies"], openapi_extra=OPTIONAL_TOKEN)
@paginate(Pagination)
def list_people(request, filters: Query[BodyFilter]):
    """People who hold or held a seat, by name, with their seats (public roles only)."""
    seated = Seat.objects.all()
    if filters.body:
        seated = seated.filter(body__slug=filters.body)
    return _people().filter(pk__in=seated.values("person_id")).order_by("name", "pk")


@router.get(
    "/v1/people/{person_id}/", response=PersonOut, tags=["bodies"], openapi_extra=OPTIONAL_TOKEN
)
def get_person(request, person_id: Id):
    """One person with a seat; anyone else is unknown here."""
    return get_object_or_404(
        _people().filter(pk__in=Seat.objects.values("person_id")), pk=person_id
    )
