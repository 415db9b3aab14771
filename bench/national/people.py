"""The cooperations of the synthetic archive: member organizations, people, bodies, seats and
the two users of each cooperation (its secretariat and a member who sits in two bodies)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils.text import slugify

from bench.national.sink import Ids, Sink
from bench.national.text import PLACES, words
from motebok.orgs.enums import AccessRole, BodyKind, OrganizationKind, SeatRole
from motebok.orgs.models import Body, CooperationRole, Membership, Organization, Person, Seat

FIRST_NAMES = words(
    "Martin Dag Ola Trine Svein Ingunn Anne Bjarne Nina Eva Karoline Målfrid Oddbjørn Elise "
    "Arvid Kristoffer Bjørn Tone Tommy Solveig Marianne Merethe Sigbjørn Aasmund Inger Kari Per "
    "Lars Hilde Silje Håvard Synnøve Øystein Åse Gunnar Ragnhild"
)
LAST_NAMES = words(
    "Hafsahl Aanensen Haave Knobel Korshavn Granaasen Huse Haslund Kammerud Mosseby Karlsen "
    "Ulateig Baik Kaasa Moksnes Wold Moan Wæhre Våg Røtting Eriksen Svendsen Johansen Iversen "
    "Solberg Lilleberg Nordgård Simonsen Sørensen Rønningen Holmstrøm Næss Tryggeseth Stokholm"
)
MUNICIPALITY_FIRST = words(
    "Aur Bjør Dal Eid Fjell Grim Hol Kvin Lys Mel Nes Ny Os Ran Sel Sky Stor Sul Tys Vang Vik "
    "Ørs Skog Berg Lund Hov Sand Strand Lei Mo Rye Tot Bø Frøy Gjer Hurd"
)
MUNICIPALITY_LAST = words("dal vik nes stad land berg fjord heim øy sund bygd mark vang haug ås")
BODIES = (
    ("Styret", BodyKind.BOARD),
    ("Representantskapet", BodyKind.COUNCIL),
    ("Administrativ koordineringsgruppe", BodyKind.COORDINATION_GROUP),
    ("Politisk samferdselsutvalg", BodyKind.POLITICAL_COMMITTEE),
    ("Faggruppe for areal og transport", BodyKind.EXPERT_GROUP),
    ("Faggruppe for næring og kompetanse", BodyKind.EXPERT_GROUP),
    ("Arbeidsgruppe for klima og energi", BodyKind.WORKING_GROUP),
    ("Arbeidsgruppe for beredskap", BodyKind.WORKING_GROUP),
)
SINCE = dt.date(2007, 1, 1)
JOINED = dt.datetime(2007, 1, 1, tzinfo=dt.UTC)


@dataclass
class Cooperation:
    pk: int
    name: str
    slug: str
    members: list[tuple[int, str]] = field(default_factory=list)  # (organization id, name)
    people: dict[int, list[int]] = field(default_factory=dict)  # organization id -> person ids
    bodies: list[tuple[int, str, str]] = field(default_factory=list)  # (id, name, kind)
    seats: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # body -> (person, org)
    secretariat_user: int = 0
    member_user: int = 0


def ascii_slug(text: str) -> str:
    """A slug the URL patterns accept: Norwegian letters spelled out in ASCII first."""
    for letter, spelled in (
        ("æ", "ae"),
        ("ø", "o"),
        ("å", "a"),
        ("Æ", "Ae"),
        ("Ø", "O"),
        ("Å", "A"),
    ):
        text = text.replace(letter, spelled)
    return slugify(text)


def declare(sink: Sink) -> None:
    user = get_user_model()
    sink.table(Organization, "id name short_name slug kind aliases website")
    sink.table(Membership, "id organization_id cooperation_id start end note")
    sink.table(
        user,
        "id password last_login is_superuser username first_name last_name email is_staff "
        "is_active date_joined",
    )
    sink.table(Person, "id name email user_id")
    sink.table(Body, "id cooperation_id name short_name slug kind parent_id aliases description")
    sink.table(Seat, "id person_id body_id organization_id role start end")
    sink.table(CooperationRole, "id user_id cooperation_id role")


def municipality_names(rng: random.Random, count: int) -> list[str]:
    names = [f + last for f in MUNICIPALITY_FIRST for last in MUNICIPALITY_LAST]
    rng.shuffle(names)
    if count > len(names):
        raise ValueError(f"at most {len(names)} member municipalities")
    return [name.capitalize() for name in names[:count]]


def cooperation(
    rng: random.Random, sink: Sink, ids: Ids, index: int, municipalities: list[str]
) -> Cooperation:
    """One cooperation with its members, people, 5–8 bodies and two users."""
    name = f"{PLACES[index % len(PLACES)]}regionen" + (
        f" {index // len(PLACES) + 1}" if index >= len(PLACES) else ""
    )
    coop = Cooperation(pk=ids.take(Organization), name=name, slug=ascii_slug(f"{name}-ips"))
    sink.add(
        Organization,
        (coop.pk, name, name[:60], coop.slug, OrganizationKind.COOPERATION, "", ""),
    )
    for town in municipalities:
        org = ids.take(Organization)
        org_name = f"{town} kommune"
        sink.add(
            Organization,
            (
                org,
                org_name,
                town,
                ascii_slug(f"{town}-kommune"),
                OrganizationKind.MUNICIPALITY,
                "",
                "",
            ),
        )
        sink.add(Membership, (ids.take(Membership), org, coop.pk, SINCE, None, ""))
        coop.members.append((org, org_name))
        coop.people[org] = []
        for _ in range(2):
            person = ids.take(Person)
            full = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            sink.add(Person, (person, full, "", None))
            coop.people[org].append(person)
    user = get_user_model()
    for role in (AccessRole.SECRETARIAT, AccessRole.MEMBER):
        pk = ids.take(user)
        username = f"{'sekretariat' if role == AccessRole.SECRETARIAT else 'medlem'}-{coop.slug}"
        sink.add(user, (pk, "!", None, False, username, "", "", "", False, True, JOINED))
        sink.add(CooperationRole, (ids.take(CooperationRole), pk, coop.pk, role))
        if role == AccessRole.SECRETARIAT:
            coop.secretariat_user = pk
        else:
            coop.member_user = pk
    member_person = ids.take(Person)
    sink.add(Person, (member_person, f"Medlem av {name}", "", coop.member_user))
    chosen = rng.sample(BODIES, rng.randint(5, 8))
    for body_name, kind in chosen:
        body = ids.take(Body)
        slug = ascii_slug(f"{coop.slug}-{body_name}")
        sink.add(Body, (body, coop.pk, body_name, "", slug, kind, None, "", ""))
        coop.bodies.append((body, body_name, kind))
        seats = []
        for position, (org, _) in enumerate(coop.members):
            person = rng.choice(coop.people[org])
            role = SeatRole.CHAIR if position == 0 else SeatRole.MEMBER
            sink.add(Seat, (ids.take(Seat), person, body, org, role, SINCE, None))
            seats.append((person, org))
        coop.seats[body] = seats
    # The member user sits in the first two bodies for the first member organization.
    for body, _, _ in coop.bodies[:2]:
        org = coop.members[0][0]
        sink.add(Seat, (ids.take(Seat), member_person, body, org, SeatRole.MEMBER, SINCE, None))
    return coop
