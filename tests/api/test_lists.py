"""The read lists of the API: exact JSON on the world's data, filters, pagination, query counts."""

import datetime as dt

import pytest
from django.utils import timezone

from factories import (
    BodyFactory,
    ItemFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    SeatFactory,
)
from motebok.meetings.enums import ItemKind
from motebok.orgs.enums import OrganizationKind, SeatRole


@pytest.fixture
def registry(world):
    """Members of both cooperations, one of them withdrawn, and a seat held for a member."""
    asker = OrganizationFactory(
        name="Asker kommune", slug="asker", kind=OrganizationKind.MUNICIPALITY
    )
    baerum = OrganizationFactory(
        name="Bærum kommune", slug="baerum", kind=OrganizationKind.MUNICIPALITY
    )
    viken = OrganizationFactory(name="Viken", slug="viken", kind=OrganizationKind.COUNTY)
    return {
        "asker": asker,
        "baerum": baerum,
        "viken": viken,
        "asker_member": MembershipFactory(
            organization=asker, cooperation=world.coop, start=dt.date(2020, 1, 1)
        ),
        "baerum_member": MembershipFactory(
            organization=baerum,
            cooperation=world.coop,
            start=dt.date(2018, 1, 1),
            end=dt.date(2023, 12, 31),
        ),
        "viken_member": MembershipFactory(
            organization=viken, cooperation=world.other_coop, start=dt.date(2021, 3, 1)
        ),
        "former_seat": SeatFactory(
            person=PersonFactory(name="Gammel Leder", email="leder@example.org"),
            body=world.kg,
            organization=asker,
            role=SeatRole.CHAIR,
            start=dt.date(2019, 1, 1),
            end=dt.date(2022, 12, 31),
        ),
    }


def get(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200, response.content
    return response.json()


def named(obj) -> dict:
    return {"slug": obj.slug, "name": obj.name}


def test_cooperations(client, world):
    assert get(client, "/api/v1/cooperations/") == {
        "items": [
            {
                "slug": "annenregionen",
                "name": "Annenregionen",
                "short_name": "",
                "kind": "cooperation",
                "website": "",
                "url": "/cooperations/annenregionen/",
            },
            {
                "slug": "osloregionen",
                "name": "Osloregionen",
                "short_name": "",
                "kind": "cooperation",
                "website": "",
                "url": "/cooperations/osloregionen/",
            },
        ],
        "count": 2,
    }


def test_organizations_filter_by_cooperation_and_kind(client, world, registry):
    data = get(client, "/api/v1/organizations/", {"cooperation": "osloregionen"})
    assert data == {
        "items": [
            {
                "slug": "asker",
                "name": "Asker kommune",
                "short_name": "",
                "kind": "municipality",
                "website": "",
                "url": None,
            },
            {
                "slug": "baerum",
                "name": "Bærum kommune",
                "short_name": "",
                "kind": "municipality",
                "website": "",
                "url": None,
            },
        ],
        "count": 2,
    }
    slugs = [o["slug"] for o in get(client, "/api/v1/organizations/", {"kind": "county"})["items"]]
    assert slugs == ["viken"]
    everything = get(client, "/api/v1/organizations/")
    assert [o["slug"] for o in everything["items"]] == [
        "annenregionen",
        "asker",
        "baerum",
        "osloregionen",
        "viken",
    ]
    assert get(client, "/api/v1/organizations/viken/")["kind"] == "county"
    assert client.get("/api/v1/organizations/ukjent/").status_code == 404
    assert client.get("/api/v1/organizations/", {"kind": "planet"}).status_code == 422


def test_memberships_show_withdrawals_and_filter_current(client, world, registry):
    data = get(client, "/api/v1/memberships/", {"cooperation": "osloregionen"})
    assert data == {
        "items": [
            {
                "id": registry["asker_member"].pk,
                "organization": {"slug": "asker", "name": "Asker kommune"},
                "cooperation": {"slug": "osloregionen", "name": "Osloregionen"},
                "start": "2020-01-01",
                "end": None,
            },
            {
                "id": registry["baerum_member"].pk,
                "organization": {"slug": "baerum", "name": "Bærum kommune"},
                "cooperation": {"slug": "osloregionen", "name": "Osloregionen"},
                "start": "2018-01-01",
                "end": "2023-12-31",
            },
        ],
        "count": 2,
    }

    def ids(params):
        return [m["id"] for m in get(client, "/api/v1/memberships/", params)["items"]]

    assert ids({"cooperation": "osloregionen", "current": "true"}) == [registry["asker_member"].pk]
    assert ids({"current": "false"}) == [registry["baerum_member"].pk]
    assert ids({}) == [registry[k].pk for k in ("viken_member", "asker_member", "baerum_member")]


def test_bodies(client, world):
    data = get(client, "/api/v1/bodies/", {"cooperation": "osloregionen"})
    assert data == {
        "items": [
            {
                "slug": "kg",
                "name": "Koordineringsgruppen",
                "short_name": "",
                "kind": "board",
                "cooperation": {"slug": "osloregionen", "name": "Osloregionen"},
                "parent": None,
                "description": "",
                "url": "/bodies/kg/",
            },
            {
                "slug": "styret",
                "name": "Styret",
                "short_name": "",
                "kind": "board",
                "cooperation": {"slug": "osloregionen", "name": "Osloregionen"},
                "parent": None,
                "description": "",
                "url": "/bodies/styret/",
            },
        ],
        "count": 2,
    }
    world.kg.parent = world.board
    world.kg.save()
    assert get(client, "/api/v1/bodies/kg/")["parent"] == "styret"
    assert get(client, "/api/v1/bodies/")["count"] == 3
    assert client.get("/api/v1/bodies/ukjent/").status_code == 404


def test_seats_filter_by_body_and_current(client, world, registry):
    member_seat = world.member.person.seats.get()
    former = registry["former_seat"]
    data = get(client, "/api/v1/seats/", {"body": "kg"})
    assert data == {
        "items": [
            {
                "id": former.pk,
                "person": "Gammel Leder",
                "person_id": former.person_id,
                "body": {"slug": "kg", "name": "Koordineringsgruppen"},
                "organization": {"slug": "asker", "name": "Asker kommune"},
                "role": "chair",
                "start": "2019-01-01",
                "end": "2022-12-31",
            },
            {
                "id": member_seat.pk,
                "person": "Medlem",
                "person_id": world.member.person.pk,
                "body": {"slug": "kg", "name": "Koordineringsgruppen"},
                "organization": None,
                "role": "member",
                "start": "2020-01-01",
                "end": None,
            },
        ],
        "count": 2,
    }
    current = get(client, "/api/v1/seats/", {"body": "kg", "current": "true"})
    assert [s["id"] for s in current["items"]] == [member_seat.pk]
    former_only = get(client, "/api/v1/seats/", {"current": "false"})
    assert [s["id"] for s in former_only["items"]] == [former.pk]
    assert get(client, "/api/v1/seats/")["count"] == 4


def test_people_show_public_roles_only(client, world, registry):
    data = get(client, "/api/v1/people/", {"body": "kg"})
    assert data == {
        "items": [
            {
                "id": registry["former_seat"].person_id,
                "name": "Gammel Leder",
                "seats": [
                    {
                        "body": {"slug": "kg", "name": "Koordineringsgruppen"},
                        "organization": {"slug": "asker", "name": "Asker kommune"},
                        "role": "chair",
                        "start": "2019-01-01",
                        "end": "2022-12-31",
                    }
                ],
            },
            {
                "id": world.member.person.pk,
                "name": "Medlem",
                "seats": [
                    {
                        "body": {"slug": "kg", "name": "Koordineringsgruppen"},
                        "organization": None,
                        "role": "member",
                        "start": "2020-01-01",
                        "end": None,
                    }
                ],
            },
        ],
        "count": 2,
    }
    raw = client.get("/api/v1/people/").content.decode()
    assert "@" not in raw  # no e-mail address, of the person or of the user account
    everyone = get(client, "/api/v1/people/")
    assert [p["name"] for p in everyone["items"]] == [
        "Annen",
        "Gammel Leder",
        "Medlem",
        "Styremedlem",
    ]
    assert get(client, f"/api/v1/people/{world.member.person.pk}/")["name"] == "Medlem"
    unseated = PersonFactory(name="Uten verv")
    assert client.get(f"/api/v1/people/{unseated.pk}/").status_code == 404
    assert "Uten verv" not in client.get("/api/v1/people/").content.decode()


def item_json(item, *, minutes: bool) -> dict:
    meeting = item.meeting
    return {
        "id": item.pk,
        "meeting": {
            "id": meeting.pk,
            "url": f"/meetings/{meeting.pk}/",
            "body": "kg",
            "start": meeting.start.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "status": meeting.status,
        },
        "number": item.number,
        "position": item.position,
        "kind": item.kind,
        "title": item.title,
        "minutes_visible": minutes,
        "text": item.text if minutes else None,
        "conclusion": item.conclusion if minutes else None,
        "url": f"/meetings/{meeting.pk}/#item-{item.pk}",
    }


def test_items_exact_json_for_the_public(client, world):
    notice, draft, approved = (
        m.items.get() for m in (world.notice_sent, world.draft, world.approved)
    )
    assert get(client, "/api/v1/items/") == {
        "items": [
            item_json(notice, minutes=False),
            item_json(draft, minutes=False),
            item_json(approved, minutes=True),
        ],
        "count": 3,
    }
    assert item_json(approved, minutes=True)["meeting"]["start"] == "2025-01-09T09:00:00Z"
    assert get(client, f"/api/v1/items/{approved.pk}/") == item_json(approved, minutes=True)
    planned = world.planned.items.get()
    assert client.get(f"/api/v1/items/{planned.pk}/").status_code == 404


def test_items_filters(client, world):
    decision = ItemFactory(
        meeting=world.approved, number="2", kind=ItemKind.DECISION, title="Vedtak"
    )

    def titles(params):
        return [i["title"] for i in get(client, "/api/v1/items/", params)["items"]]

    assert titles({"meeting": world.approved.pk}) == ["Sak i minutes_approved", "Vedtak"]
    assert titles({"kind": "decision"}) == ["Vedtak"]
    assert titles({"from": "2025-01-08", "to": "2025-01-08"}) == ["Sak i minutes_draft"]
    assert titles({"from": "2025-01-09"}) == ["Sak i minutes_approved", "Vedtak"]
    assert titles({"to": "2025-01-07"}) == ["Sak i notice_sent"]
    assert titles({"body": "styret"}) == []
    assert titles({"meeting": world.planned.pk}) == []
    assert decision.pk in [i["id"] for i in get(client, "/api/v1/items/", {"body": "kg"})["items"]]
    assert client.get("/api/v1/items/", {"from": "9. januar"}).status_code == 422
    assert client.get("/api/v1/items/", {"kind": "vote"}).status_code == 422


def test_items_pagination_is_stable(client, world):
    data = get(client, "/api/v1/items/", {"limit": 1, "offset": 1})
    assert data["count"] == 3
    assert [i["title"] for i in data["items"]] == ["Sak i minutes_draft"]


INSIDERS = {"member", "secretariat", "admin"}


@pytest.mark.parametrize(
    "role",
    ["anonymous", "other_cooperation", "member_of_other_body", "member", "secretariat", "admin"],
)
def test_items_visibility_per_role(client, world, role):
    user = world.users()[role]
    if user is not None:
        client.force_login(user)
    rows = get(client, "/api/v1/items/")["items"]
    by_title = {r["title"]: r for r in rows}
    states = ["planned", "notice_sent", "minutes_draft", "minutes_approved"]
    expected = states if role in INSIDERS else states[1:]
    assert list(by_title) == [f"Sak i {s}" for s in expected]
    for state in expected:
        row = by_title[f"Sak i {state}"]
        shows_minutes = role in INSIDERS or state == "minutes_approved"
        assert row["minutes_visible"] is shows_minutes
        assert row["conclusion"] == (f"Konklusjon i {state}" if shows_minutes else None)
        assert row["text"] == (f"Tekst i {state}" if shows_minutes else None)


def test_items_query_count_is_fixed(client, world, django_assert_num_queries):
    client.force_login(world.member)
    for n in (4, 30):
        while world.approved.items.count() + 3 < n:
            ItemFactory(meeting=world.approved)
        # session, user, the viewer's two, count, page
        with django_assert_num_queries(6):
            data = get(client, "/api/v1/items/", {"limit": 100})
        assert len(data["items"]) == n


@pytest.mark.parametrize(
    ("url", "make", "queries"),
    [
        ("/api/v1/cooperations/", "cooperation", 2),
        ("/api/v1/organizations/?cooperation=osloregionen", "member", 2),
        ("/api/v1/memberships/?cooperation=osloregionen", "member", 2),
        ("/api/v1/bodies/?cooperation=osloregionen", "body", 2),
        ("/api/v1/seats/?body=kg", "seat", 2),
        ("/api/v1/people/?body=kg", "seat", 3),
    ],
)
def test_registry_query_counts_are_fixed(
    client, world, django_assert_num_queries, url, make, queries
):
    counts = []
    for n in (1, 25):
        for _ in range(n):
            if make == "cooperation":
                OrganizationFactory(kind=OrganizationKind.COOPERATION)
            elif make == "member":
                MembershipFactory(cooperation=world.coop)
            elif make == "body":
                BodyFactory(cooperation=world.coop)
            else:
                SeatFactory(body=world.kg, organization=OrganizationFactory())
        with django_assert_num_queries(queries):
            data = get(client, f"{url}&limit=100" if "?" in url else f"{url}?limit=100")
        counts.append(data["count"])
    assert counts[1] - counts[0] == 25


def test_dates_use_oslo_time(client, world):
    """A meeting at 00:30 Oslo time on the 10th is on the 10th, though it is the 9th in UTC."""
    late = world.approved
    late.start = timezone.make_aware(dt.datetime(2025, 1, 10, 0, 30))
    late.end = None
    late.save()
    titles = [i["title"] for i in get(client, "/api/v1/items/", {"from": "2025-01-10"})["items"]]
    assert titles == ["Sak i minutes_approved"]
