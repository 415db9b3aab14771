"""The demo: Osloregionen with its members, bodies, seats, the minutes of 21 January 2025 (imported
through the real importer), the meetings those minutes plan and move, the 2025 action programme,
the political priorities, a planned year ahead, and a second cooperation to show tenancy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from motebok.archive.index import index_meeting
from motebok.calls import demo as calls_demo
from motebok.documents.parse import parse_text
from motebok.meetings.enums import ItemKind, MeetingStatus
from motebok.meetings.importing import apply_draft
from motebok.meetings.models import AgendaItem, Meeting
from motebok.orgs.enums import AccessRole, BodyKind, OrganizationKind, SeatRole
from motebok.orgs.models import (
    Body,
    CooperationRole,
    Membership,
    Organization,
    Person,
    Seat,
    TimingRule,
)
from motebok.programme import demo as programme_demo
from motebok.programme.enums import ActivityStatus
from motebok.programme.models import Activity, Programme, Theme

DEMO_DATA = Path(__file__).resolve().parent / "demo_data"
SEED_MINUTES = "osloregionen-kg-2025-01-21.txt"
DEMO_PASSWORD = "motebok-demo"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    description: str


LOGINS = (
    DemoLogin("sekretariat", "Osloregionens sekretariat (Målfrid Baik)"),
    DemoLogin("medlem", "Medlem av koordineringsgruppen (Ola Haave, Folloregionen IPR)"),
    DemoLogin("annen", "Sekretariatet i en annen region (Demoregionen)"),
    DemoLogin("admin", "Administrator for hele installasjonen"),
)

# name, kind, other names as written in minutes
MEMBER_REGIONS = (
    ("Asker og Bærum IPR", OrganizationKind.REGION, ""),
    ("Drammensregionen IPR", OrganizationKind.REGION, ""),
    ("Folloregionen IPR", OrganizationKind.REGION, ""),
    ("Gardermoregionen IPR", OrganizationKind.REGION, "Gardermoreregionen IPR\nGRIP"),
    ("Gjøvikregionen IPR", OrganizationKind.REGION, "Gjøvikregionen Utvikling"),
    ("Hadelandsregionen IPR", OrganizationKind.REGION, ""),
    ("Kongsvingerregionen IPR", OrganizationKind.REGION, ""),
    ("Oslo kommune", OrganizationKind.MUNICIPALITY, "Oslo kommune - Byrådsleders kontor"),
    ("Ringeriksregionen IPR", OrganizationKind.REGION, ""),
    (
        "Samarbeidsrådet for Nedre Romerike",
        OrganizationKind.REGION,
        "SNR\nSamarbeidsrådet for Nedre Romerike (SNR)",
    ),
)
WITHDRAWN = (("Bærum kommune", dt.date(2025, 12, 31)), ("Lørenskog kommune", dt.date(2025, 12, 31)))

BODIES = (
    ("Styret", "styret", BodyKind.BOARD, "styremøtet\nstyremøte\nstyret i Osloregionen"),
    ("Representantskapet", "representantskapet", BodyKind.COUNCIL, "representantskapsmøtet"),
    (
        "Administrativ koordineringsgruppe",
        "koordineringsgruppen",
        BodyKind.COORDINATION_GROUP,
        "KG\nkoordineringsgruppen\nadministrativ koordineringsgruppe",
    ),
    ("Interessepolitisk utvalg", "interessepolitisk-utvalg", BodyKind.POLITICAL_COMMITTEE, ""),
)

# The KG meetings as first planned; the minutes of 21 January move them.
KG_ORIGINAL_PLAN = (dt.date(2025, 5, 6), dt.date(2025, 9, 23), dt.date(2025, 11, 18))

ACTIVITIES = (
    (
        "Påvirkningsarbeid overfor storting, regjering og offentlige myndigheter",
        ActivityStatus.ONGOING,
        "",
    ),
    ("Samarbeide tettere med fylkeskommunene", ActivityStatus.ONGOING, ""),
    (
        "Foresight",
        ActivityStatus.DEPRIORITIZED,
        "På grunn av kapasitetsutfordringer hos sekretariatet.",
    ),
    (
        "Indeks Osloregionen",
        ActivityStatus.DEPRIORITIZED,
        "På grunn av kapasitetsutfordringer hos sekretariatet.",
    ),
    ("Gjennomføre prosjektverksted", ActivityStatus.PLANNED, ""),
    ("Osloregionens årlige utviklingskonferanse; BEST 2025", ActivityStatus.ONGOING, ""),
    (
        "Videreutvikle kommunikasjonsstrategiene til Osloregionen",
        ActivityStatus.DEPRIORITIZED,
        "Det samme gjelder videreutvikling av kommunikasjonsstrategiene (referat fra KG 21. januar 2025).",
    ),
)

THEMES = (
    (
        "Jernbane",
        "jernbane",
        "jernbane\nbane\ntog\ntogstopp\nbergensbanen\nkongsvingerbanen\nringeriksbanen",
    ),
    ("Oslofjorden", "oslofjorden", "oslofjord\noslofjorden\nrenseanlegg\ntrålfiske\nvannkvalitet"),
    (
        "Kraft og energi",
        "kraft-og-energi",
        "kraft\nenergi\nbioenergi\nkraftstrategi\nenergistrategi\nbiogass\nfjernvarme\nstrømnett",
    ),
)


def _oslo(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _slug(name: str) -> str:
    from django.utils.text import slugify

    return slugify(name)


def is_loaded() -> bool:
    return Organization.objects.filter(slug="osloregionen").exists()


@transaction.atomic
def load(today: dt.date | None = None) -> Organization:
    """Load the demo once; a second call finds it and changes nothing."""
    existing = Organization.objects.filter(slug="osloregionen").first()
    if existing is not None:
        return existing
    today = today or timezone.localdate()
    osloregionen = Organization.objects.create(
        name="Osloregionen",
        slug="osloregionen",
        kind=OrganizationKind.COOPERATION,
        aliases="Sekretariatet i Osloregionen",
        website="https://osloregionen.no/",
    )
    for name, kind, aliases in MEMBER_REGIONS:
        org = Organization.objects.create(name=name, slug=_slug(name), kind=kind, aliases=aliases)
        Membership.objects.create(
            organization=org, cooperation=osloregionen, start=dt.date(2016, 1, 1)
        )
    for name, last_day in WITHDRAWN:
        org = Organization.objects.create(
            name=name, slug=_slug(name), kind=OrganizationKind.MUNICIPALITY
        )
        Membership.objects.create(
            organization=org,
            cooperation=osloregionen,
            start=dt.date(2004, 1, 1),
            end=last_day,
            note="Utmeldt med virkning fra 1. januar 2026.",
        )
    bodies = {}
    for name, slug, kind, aliases in BODIES:
        bodies[slug] = Body.objects.create(
            cooperation=osloregionen, name=name, slug=slug, kind=kind, aliases=aliases
        )
    kg = bodies["koordineringsgruppen"]
    # The political committee gets the coordination group's approved minutes with its notices.
    bodies["interessepolitisk-utvalg"].receives_minutes_of.add(kg)
    TimingRule.objects.create(
        body=kg,
        before=bodies["styret"],
        min_days=7,
        reason="KG-referatet skal følge styrets sakspapirer.",
    )
    for day in KG_ORIGINAL_PLAN:
        Meeting.objects.create(
            body=kg, start=_oslo(day, 10), end=_oslo(day, 13), place="Oslo rådhus"
        )

    source = (DEMO_DATA / SEED_MINUTES).read_bytes()
    draft = parse_text(source.decode("utf-8"))
    result = apply_draft(
        draft,
        cooperation=osloregionen,
        body=kg,
        source=source,
        source_name=SEED_MINUTES,
        status=MeetingStatus.MINUTES_APPROVED,
    )
    seed = result.meeting
    _seats_from_attendance(seed, kg, start=dt.date(2024, 1, 1))
    _secretariat_everywhere(osloregionen, seed, start=dt.date(2024, 1, 1))
    _programme(osloregionen, seed)
    _planned_year(bodies, today)
    _users(osloregionen)
    calls_demo.load(osloregionen, seed)
    programme_demo.load(osloregionen, seed)
    _other_cooperation(today)
    return osloregionen


def _seats_from_attendance(meeting: Meeting, body: Body, *, start: dt.date) -> None:
    for attendance in meeting.attendances.select_related("organization"):
        secretariat = attendance.organization_id == body.cooperation_id
        role = {"chair": SeatRole.CHAIR, "deputy_chair": SeatRole.DEPUTY_CHAIR}.get(
            attendance.role, SeatRole.SECRETARIAT if secretariat else SeatRole.MEMBER
        )
        if not Seat.objects.filter(person=attendance.person, body=body).exists():
            Seat.objects.create(
                person=attendance.person,
                body=body,
                organization=attendance.organization,
                role=role,
                start=start,
            )


def _secretariat_everywhere(cooperation: Organization, meeting: Meeting, *, start: dt.date) -> None:
    """The secretariat serves every body of the cooperation."""
    staff = [
        a.person
        for a in meeting.attendances.filter(organization=cooperation).select_related("person")
    ]
    for body in cooperation.bodies.exclude(kind=BodyKind.COORDINATION_GROUP):
        for person in staff:
            if not Seat.objects.filter(person=person, body=body).exists():
                Seat.objects.create(
                    person=person,
                    body=body,
                    organization=cooperation,
                    role=SeatRole.SECRETARIAT,
                    start=start,
                )


def _programme(cooperation: Organization, seed: Meeting) -> None:
    programme = Programme.objects.create(
        cooperation=cooperation,
        title="Handlingsprogram 2025",
        year=2025,
        adopted_on=dt.date(2024, 12, 18),
    )
    for position, (title, status, reason) in enumerate(ACTIVITIES):
        Activity.objects.create(
            programme=programme, title=title, status=status, status_reason=reason, position=position
        )
    for name, slug, words in THEMES:
        Theme.objects.create(
            cooperation=cooperation, name=name, slug=slug, priority_year=2025, words=words
        )


def _planned_year(bodies: dict[str, Body], today: dt.date) -> None:
    """A plan for the coming twelve months: KG on Tuesdays, the board nine days later."""
    first = dt.date(today.year, today.month, 1)
    for n in range(1, 13, 2):
        month = (first.month - 1 + n) % 12 + 1
        year = first.year + (first.month - 1 + n) // 12
        kg_day = _weekday_on_or_after(dt.date(year, month, 3), 1)
        Meeting.objects.create(
            body=bodies["koordineringsgruppen"],
            start=_oslo(kg_day, 10),
            end=_oslo(kg_day, 13),
            place="Oslo rådhus, møtesenteret",
        )
        board_day = kg_day + dt.timedelta(days=9)
        board = Meeting.objects.create(
            body=bodies["styret"],
            start=_oslo(board_day, 12),
            end=_oslo(board_day, 14),
            place="Oslo rådhus, møterom 1",
        )
        if n == 1:
            _standing_items(board)
    council_day = _weekday_on_or_after(
        dt.date(first.year + 1 if first.month > 6 else first.year, 6, 10), 3
    )
    Meeting.objects.create(
        body=bodies["representantskapet"], start=_oslo(council_day, 10), end=_oslo(council_day, 15)
    )


def _weekday_on_or_after(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def _standing_items(meeting: Meeting) -> None:
    standing = (
        ("1", "Godkjenning av innkalling", ItemKind.APPROVAL_OF_NOTICE),
        ("2", "Godkjenning av referat fra forrige møte", ItemKind.APPROVAL_OF_MINUTES),
        ("3", "Runde rundt bordet", ItemKind.ROUND_TABLE),
        ("4", "Eventuelt", ItemKind.ANY_OTHER_BUSINESS),
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, number=number, title=title, kind=kind, position=n)
        for n, (number, title, kind) in enumerate(standing)
    )
    index_meeting(meeting)


def _user(username: str, *, first: str = "", last: str = "", superuser: bool = False):
    User = get_user_model()
    user = User(
        username=username,
        first_name=first,
        last_name=last,
        is_staff=superuser,
        is_superuser=superuser,
    )
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def _users(osloregionen: Organization) -> None:
    secretariat = _user("sekretariat", first="Målfrid", last="Baik")
    CooperationRole.objects.create(
        user=secretariat, cooperation=osloregionen, role=AccessRole.SECRETARIAT
    )
    Person.objects.filter(name="Målfrid Baik", user__isnull=True).update(user=secretariat)
    member = _user("medlem", first="Ola", last="Haave")
    CooperationRole.objects.create(user=member, cooperation=osloregionen, role=AccessRole.MEMBER)
    Person.objects.filter(name="Ola Haave", user__isnull=True).update(user=member)
    _user("admin", superuser=True)


def _other_cooperation(today: dt.date) -> None:
    other = Organization.objects.create(
        name="Demoregionen", slug="demoregionen", kind=OrganizationKind.COOPERATION
    )
    board = Body.objects.create(
        cooperation=other,
        name="Styret i Demoregionen",
        slug="demoregionen-styret",
        kind=BodyKind.BOARD,
    )
    day = _weekday_on_or_after(today + dt.timedelta(days=14), 2)
    meeting = Meeting.objects.create(
        body=board, start=_oslo(day, 9), end=_oslo(day, 11), place="Rådhuset"
    )
    _standing_items(meeting)
    user = _user("annen", first="Kari", last="Nordmann")
    CooperationRole.objects.create(user=user, cooperation=other, role=AccessRole.SECRETARIAT)
    person = Person.objects.create(name="Kari Nordmann", user=user)
    Seat.objects.create(
        person=person, body=board, organization=other, role=SeatRole.SECRETARIAT, start=today
    )
