import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command

from api.opendata_validation import popolo_errors
from factories import (
    BodyFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    SeatFactory,
)
from motebok.core import demo

SINGULAR = {"persons": "person", "organizations": "organization", "memberships": "membership"}


def fetch(client, slug: str, status: int = 200):
    response = client.get(f"/cooperations/{slug}/popolo.json")
    assert response.status_code == status
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


def schema_errors(data: dict) -> list[str]:
    assert sorted(data) == ["memberships", "organizations", "persons"]
    return [
        e for key, rows in data.items() for row in rows for e in popolo_errors(row, SINGULAR[key])
    ]


def test_the_world_exactly(client, world):
    region = OrganizationFactory(name="Follo IPR", slug="follo", website="https://follo.no/")
    member = MembershipFactory(
        organization=region, cooperation=world.coop, start=dt.date(2016, 1, 1)
    )
    group = BodyFactory(
        cooperation=world.coop,
        parent=world.kg,
        name="Arbeidsgruppe",
        slug="ag",
        kind="working_group",
    )
    person = PersonFactory(name="Åse Ødegård", email="ase@example.org")
    seat = SeatFactory(
        person=person, body=group, organization=region, role="chair", start=dt.date(2025, 1, 21)
    )
    medlem = world.member.person
    styremedlem = world.board_member.person
    data = fetch(client, "osloregionen")
    assert schema_errors(data) == []
    assert data["persons"] == [
        {"id": f"person/{medlem.pk}", "name": "Medlem"},
        {"id": f"person/{styremedlem.pk}", "name": "Styremedlem"},
        {"id": f"person/{person.pk}", "name": "Åse Ødegård"},
    ]
    assert data["organizations"] == [
        {"id": "organization/osloregionen", "name": "Osloregionen", "classification": "cooperation"},
        {"id": "organization/follo", "name": "Follo IPR", "classification": "region", "links": [{"url": "https://follo.no/"}]},
        {"id": "body/ag", "name": "Arbeidsgruppe", "classification": "working_group", "parent_id": "body/kg"},
        {"id": "body/kg", "name": "Koordineringsgruppen", "classification": "board", "parent_id": "organization/osloregionen"},
        {"id": "body/styret", "name": "Styret", "classification": "board", "parent_id": "organization/osloregionen"},
    ]  # fmt: skip
    kg_seat = medlem.seats.get()
    board_seat = styremedlem.seats.get()
    assert data["memberships"] == [
        {
            "id": f"membership/{member.pk}",
            "member": {"@type": "Organization", "id": "organization/follo"},
            "organization_id": "organization/osloregionen",
            "role": "member",
            "start_date": "2016-01-01",
        },
        {
            "id": f"seat/{seat.pk}",
            "person_id": f"person/{person.pk}",
            "organization_id": "body/ag",
            "on_behalf_of_id": "organization/follo",
            "role": "chair",
            "label": "Leder",
            "start_date": "2025-01-21",
        },
        {"id": f"seat/{kg_seat.pk}", "person_id": f"person/{medlem.pk}", "organization_id": "body/kg",
         "role": "member", "label": "Medlem", "start_date": "2020-01-01"},
        {"id": f"seat/{board_seat.pk}", "person_id": f"person/{styremedlem.pk}", "organization_id": "body/styret",
         "role": "member", "label": "Medlem", "start_date": "2020-01-01"},
    ]  # fmt: skip
    assert b"example.org" not in client.get("/cooperations/osloregionen/popolo.json").content


def test_the_demo_validates_and_keeps_former_members_with_their_end_date(client, db):
    demo.load(today=dt.date(2026, 11, 30))
    data = fetch(client, "osloregionen")
    assert schema_errors(data) == []
    orgs = {o["id"]: o["name"] for o in data["organizations"]}
    former = [
        (orgs[m["member"]["id"]], m["start_date"], m["end_date"])
        for m in data["memberships"]
        if "member" in m and "end_date" in m
    ]
    assert former == [
        ("Bærum kommune", "2004-01-01", "2025-12-31"),
        ("Lørenskog kommune", "2004-01-01", "2025-12-31"),
    ]
    current = [
        orgs[m["member"]["id"]]
        for m in data["memberships"]
        if "member" in m and "end_date" not in m
    ]
    assert len(current) == 10 and "Folloregionen IPR" in current
    people = {p["id"]: p["name"] for p in data["persons"]}
    ola = [
        (m["organization_id"], m["on_behalf_of_id"], m["role"])
        for m in data["memberships"]
        if people.get(m.get("person_id")) == "Ola Haave"
        and m["organization_id"] == "body/koordineringsgruppen"
    ]
    assert ola == [("body/koordineringsgruppen", "organization/folloregionen-ipr", "member")]
    # every organization a membership points to is in the document
    pointed = {
        m.get(k) for m in data["memberships"] for k in ("organization_id", "on_behalf_of_id")
    }
    assert pointed - {None} <= set(orgs)
    assert {m["person_id"] for m in data["memberships"] if "person_id" in m} == set(people)


@pytest.mark.parametrize("who", ["anonymous", "other_cooperation", "secretariat", "admin"])
def test_same_document_for_everyone_and_404_for_unknown(client, world, who):
    anonymous = fetch(client, "osloregionen")
    user = world.users()[who]
    if user is not None:
        client.force_login(user)
    assert fetch(client, "osloregionen") == anonymous
    fetch(client, "nowhere", status=404)
    fetch(client, "kg", status=404)  # a body, not a cooperation


def test_fixed_number_of_queries(client, world, django_assert_num_queries):
    for extra in (0, 8):
        for _ in range(extra):
            region = OrganizationFactory()
            MembershipFactory(
                organization=region, cooperation=world.coop, end=dt.date(2025, 12, 31)
            )
            SeatFactory(
                body=BodyFactory(cooperation=world.coop, parent=world.board), organization=region
            )
        with django_assert_num_queries(5):
            data = fetch(client, "osloregionen")
        assert len(data["memberships"]) == 2 + 2 * extra


def test_command_writes_the_document(client, world, tmp_path):
    out = tmp_path / "popolo.json"
    call_command("export_opendata", "--cooperation", "osloregionen", "--format", "popolo", str(out))
    assert json.loads(out.read_text(encoding="utf-8")) == fetch(client, "osloregionen")
    with pytest.raises(CommandError, match="is a folder; give a file name"):
        call_command(
            "export_opendata", "--cooperation", "osloregionen", "--format", "popolo", str(tmp_path)
        )
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(CommandError, match="Cannot write"):
        call_command(
            "export_opendata", "--cooperation", "osloregionen", "--format", "popolo",
            str(blocker / "popolo.json"),
        )  # fmt: skip


def test_the_validator_follows_the_popoloproject_refs():
    person = {
        "id": "person/1",
        "name": "Kari",
        "memberships": [{"id": "seat/1", "start_date": "1. januar"}],
    }
    errors = popolo_errors(person, "person")
    assert len(errors) == 1 and "does not match" in errors[0] and "'1. januar'" in errors[0]
    assert popolo_errors(
        {"id": "organization/x", "identifiers": [{"scheme": "orgnr"}]}, "organization"
    ) == ["organization/x: 'identifier' is a required property"]
