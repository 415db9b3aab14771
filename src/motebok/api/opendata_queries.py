"""The querysets behind the open-data exports (OParl and Popolo): the public view only.

Both exports are public: they use the anonymous viewer whatever the request, so a signed-in
secretariat gets exactly what anyone else gets. The meeting states come from
:mod:`motebok.meetings.queries` (``agenda_visible_q``/``minutes_visible_q``); nothing here
decides on its own what the public may see, except the SQL form of
:func:`motebok.orgs.rules.can_see_document`, whose equivalence a test pins.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from motebok.meetings.enums import DocumentKind
from motebok.meetings.models import AgendaItem, Document, Meeting
from motebok.meetings.queries import agenda_visible_q, document_visible_q
from motebok.orgs.enums import OrganizationKind
from motebok.orgs.models import Body, Membership, Organization, Person, Seat
from motebok.orgs.rules import ANONYMOUS

PUBLIC = ANONYMOUS


def cooperation_or_404(slug: str) -> Organization:
    try:
        return Organization.objects.get(slug=slug, kind=OrganizationKind.COOPERATION)
    except Organization.DoesNotExist:
        raise Http404(slug) from None


def cooperations() -> QuerySet[Organization]:
    return Organization.objects.filter(kind=OrganizationKind.COOPERATION).order_by("name", "pk")


def bodies(cooperation: Organization) -> QuerySet[Body]:
    """The cooperation's bodies with the ids of their seats (two queries)."""
    return (
        Body.objects.filter(cooperation=cooperation)
        .select_related("parent")
        .prefetch_related(Prefetch("seats", queryset=Seat.objects.order_by("pk")))
        .order_by("name", "pk")
    )


def organizations(cooperation: Organization) -> QuerySet[Organization]:
    """The cooperation itself, every organization that is or was a member, and every
    organization a seat holder of its bodies sits for; with their memberships (two queries)."""
    ids = (
        Organization.objects.filter(
            Q(pk=cooperation.pk)
            | Q(memberships__cooperation=cooperation)
            | Q(seats__body__cooperation=cooperation)
        )
        .values("pk")
        .distinct()
    )
    return (
        Organization.objects.filter(pk__in=ids)
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(cooperation=cooperation).order_by("start"),
                to_attr="periods",
            )
        )
        .order_by("name", "pk")
    )


def seats(cooperation: Organization) -> QuerySet[Seat]:
    return (
        Seat.objects.filter(body__cooperation=cooperation)
        .select_related("person", "body", "organization")
        .order_by("body__name", "person__name", "start", "pk")
    )


def people(cooperation: Organization) -> QuerySet[Person]:
    """Seat holders of the cooperation's bodies with their seats there (two queries)."""
    ids = Seat.objects.filter(body__cooperation=cooperation).values("person_id")
    return (
        Person.objects.filter(pk__in=ids)
        .prefetch_related(
            Prefetch(
                "seats",
                queryset=Seat.objects.filter(body__cooperation=cooperation)
                .select_related("body", "organization")
                .order_by("start", "body__name", "pk"),
                to_attr="cooperation_seats",
            )
        )
        .order_by("name", "pk")
    )


def documents(cooperation: Organization) -> QuerySet[Document]:
    """The cooperation's public documents."""
    return (
        Document.objects.filter(meeting__body__cooperation=cooperation)
        .filter(document_visible_q(PUBLIC))
        .select_related("meeting__body", "item")
        .order_by("meeting__start", "pk")
    )


def papers(cooperation: Organization) -> QuerySet[Document]:
    return documents(cooperation).filter(kind=DocumentKind.PAPER)


def agenda_items(cooperation: Organization) -> QuerySet[AgendaItem]:
    """Items of meetings whose agenda is public, with their public documents (two queries)."""
    return (
        AgendaItem.objects.filter(meeting__body__cooperation=cooperation)
        .filter(agenda_visible_q(PUBLIC, "meeting__"))
        .select_related("meeting__body")
        .prefetch_related(
            Prefetch(
                "documents",
                queryset=Document.objects.filter(document_visible_q(PUBLIC)).order_by("pk"),
                to_attr="public_documents",
            )
        )
        .order_by("meeting__start", "meeting_id", "position", "pk")
    )


def meetings(cooperation: Organization) -> QuerySet[Meeting]:
    """Every meeting of the plan (the plan is public) with what the public may see of it:
    items once the notice is out, their documents, and the meeting's own documents
    (four queries)."""
    items = (
        AgendaItem.objects.filter(agenda_visible_q(PUBLIC, "meeting__"))
        .prefetch_related(
            Prefetch(
                "documents",
                queryset=Document.objects.filter(document_visible_q(PUBLIC)).order_by("pk"),
                to_attr="public_documents",
            )
        )
        .order_by("position", "pk")
    )
    return (
        Meeting.objects.filter(body__cooperation=cooperation)
        .select_related("body")
        .prefetch_related(
            Prefetch("items", queryset=items, to_attr="public_items"),
            Prefetch(
                "documents",
                queryset=Document.objects.filter(
                    document_visible_q(PUBLIC), item__isnull=True
                ).order_by("pk"),
                to_attr="public_documents",
            ),
        )
        .order_by("start", "pk")
    )
