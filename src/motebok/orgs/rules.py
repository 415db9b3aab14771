"""Who may see and do what.

A :class:`Viewer` gathers, in at most two queries per request, what the current user is: an
administrator, the secretariat of some cooperations, a member of some cooperations, a seat
holder in some bodies for some organizations. Every permission predicate of the project takes
a viewer, so a page never asks the database again to decide a permission.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from motebok.orgs.enums import AccessRole


@dataclass(frozen=True)
class Viewer:
    user_id: int | None = None
    is_admin: bool = False
    secretariat_of: frozenset[int] = field(default_factory=frozenset)
    member_of: frozenset[int] = field(default_factory=frozenset)
    person_id: int | None = None
    body_ids: frozenset[int] = field(default_factory=frozenset)
    organization_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def cooperation_ids(self) -> frozenset[int]:
        return self.secretariat_of | self.member_of

    def runs(self, cooperation_id: int) -> bool:
        """The secretariat of the cooperation (or an administrator) may change everything in it."""
        return self.is_admin or cooperation_id in self.secretariat_of

    def sits_in(self, body_id: int) -> bool:
        return body_id in self.body_ids

    def is_insider(self, body) -> bool:
        """Sees a body's drafts and exempt papers: its cooperation's secretariat and its seat holders."""
        return self.runs(body.cooperation_id) or (
            body.cooperation_id in self.member_of and self.sits_in(body.pk)
        )


ANONYMOUS = Viewer()


def viewer_for(user) -> Viewer:
    """Build the viewer of a user (two queries for a signed-in user, none for the public)."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    from motebok.orgs.models import CooperationRole, Seat

    secretariat, member = set(), set()
    for cooperation_id, role in CooperationRole.objects.filter(user=user).values_list(
        "cooperation_id", "role"
    ):
        (secretariat if role == AccessRole.SECRETARIAT else member).add(cooperation_id)
    today = timezone.localdate()
    seats = list(
        Seat.objects.filter(person__user=user, start__lte=today)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .values_list("person_id", "body_id", "organization_id")
    )
    return Viewer(
        user_id=user.pk,
        is_admin=user.is_superuser,
        secretariat_of=frozenset(secretariat),
        member_of=frozenset(member),
        person_id=seats[0][0] if seats else None,
        body_ids=frozenset(body_id for _, body_id, _ in seats),
        organization_ids=frozenset(org_id for _, _, org_id in seats if org_id),
    )


def get_viewer(request) -> Viewer:
    """The request's viewer, built once and kept on the request."""
    viewer = getattr(request, "_motebok_viewer", None)
    if viewer is None:
        viewer = viewer_for(getattr(request, "user", None))
        request._motebok_viewer = viewer
    return viewer


def can_see_agenda(viewer: Viewer, meeting) -> bool:
    return meeting.agenda_is_public or viewer.is_insider(meeting.body)


def can_see_minutes(viewer: Viewer, meeting) -> bool:
    return meeting.minutes_are_public or viewer.is_insider(meeting.body)


def can_edit_meeting(viewer: Viewer, meeting) -> bool:
    return viewer.runs(meeting.body.cooperation_id)


def can_see_document(viewer: Viewer, document) -> bool:
    """Exempt papers only for insiders; public papers once the part they belong to is public."""
    meeting = document.meeting
    if viewer.is_insider(meeting.body):
        return True
    if not document.public:
        return False
    from motebok.meetings.enums import DocumentKind

    if document.kind in (DocumentKind.MINUTES, DocumentKind.SOURCE):
        return meeting.minutes_are_public
    return meeting.agenda_is_public


def can_see_tasks(viewer: Viewer, cooperation_id: int) -> bool:
    return viewer.is_admin or cooperation_id in viewer.cooperation_ids
