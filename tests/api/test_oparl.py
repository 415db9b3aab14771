import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from api.opendata_validation import oparl_errors
from factories import (
    BodyFactory,
    DocumentFactory,
    ItemFactory,
    MeetingFactory,
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    SeatFactory,
)
from motebok.core import demo
from motebok.meetings.enums import DocumentKind, MeetingStatus
from motebok.meetings.models import Document
from motebok.meetings.queries import document_visible_q
from motebok.orgs import rules

BASE = "https://motebok.example"
V1 = f"{BASE}/oparl/v1"
COOP = f"{V1}/body/osloregionen"
TYPE = "https://schema.oparl.org/1.1/"


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.MOTEBOK_BASE_URL = BASE


def fetch(client, url: str, status: int = 200):
    response = client.get(url.removeprefix(BASE))
    assert response.status_code == status, (url, response.content[:300])
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return json.loads(response.content)


def crawl_list(client, url: str) -> list[dict]:
    """Every object of an external list, page after page (two per page to walk the links)."""
    rows, next_url = [], f"{url}?limit=2"
    while next_url:
        page = fetch(client, next_url)
        rows += page["data"]
        next_url = page["links"].get("next")
    return rows


def crawl(client) -> list[dict]:
    """Every object reachable from the System; each one validated and found at its own id."""
    system = fetch(client, f"{V1}/system")
    objects = [system]
    for body in crawl_list(client, system["body"]):
        objects.append(body)
        for key in (
            "organization",
            "person",
            "membership",
            "meeting",
            "agendaItem",
            "paper",
            "file",
        ):
            objects += crawl_list(client, body[key])
    for obj in objects:
        assert fetch(client, obj["id"]) == obj
    return objects


def test_system_body_and_the_list_of_bodies(client, world):
    assert fetch(client, f"{V1}/system") == {
        "id": f"{V1}/system",
        "type": f"{TYPE}System",
        "oparlVersion": TYPE,
        "body": f"{V1}/bodies",
        "name": "Møtebok",
        "website": f"{BASE}/",
        "web": f"{BASE}/",
    }
    bodies = fetch(client, f"{V1}/bodies")
    assert [b["name"] for b in bodies["data"]] == ["Annenregionen", "Osloregionen"]
    assert bodies["data"][1] == {
        "id": COOP,
        "type": f"{TYPE}Body",
        "system": f"{V1}/system",
        "name": "Osloregionen",
        "classification": "Samarbeid",
        "organization": f"{COOP}/organizations",
        "person": f"{COOP}/people",
        "membership": f"{COOP}/memberships",
        "meeting": f"{COOP}/meetings",
        "agendaItem": f"{COOP}/agenda-items",
        "paper": f"{COOP}/papers",
        "file": f"{COOP}/files",
        "legislativeTerm": [],
        "web": f"{BASE}/cooperations/osloregionen/",
    }


def test_every_object_of_the_world_validates(client, world):
    objects = crawl(client)
    assert [e for obj in objects for e in oparl_errors(obj)] == []
    kinds = [o["type"].removeprefix(TYPE) for o in objects]
    assert {k: kinds.count(k) for k in sorted(set(kinds))} == {
        "AgendaItem": 3,  # notice sent, draft minutes, approved; not the planned meeting's
        "Body": 2,
        "File": 1,
        "Meeting": 4,
        "Membership": 3,
        "Organization": 5,
        "Paper": 1,
        "Person": 3,
        "System": 1,
    }


def test_every_object_of_the_demo_validates(client, db):
    demo.load(today=dt.date(2026, 11, 30))
    objects = crawl(client)
    assert len(objects) > 100
    assert [e for obj in objects for e in oparl_errors(obj)] == []


def test_meetings_show_the_public_agenda_and_approved_conclusions_only(client, world):
    meetings = fetch(client, f"{COOP}/meetings")["data"]
    summary = [
        (
            m["start"],
            m["meetingState"],
            [(i["name"], i.get("resolutionText")) for i in m.get("agendaItem", [])],
            [f["name"] for f in m.get("auxiliaryFile", [])],
        )
        for m in meetings
    ]
    assert summary == [
        ("2025-01-06T10:00:00+01:00", "terminiert", [], []),
        ("2025-01-07T10:00:00+01:00", "eingeladen", [("Sak i notice_sent", None)], []),
        ("2025-01-08T10:00:00+01:00", "eingeladen", [("Sak i minutes_draft", None)], []),
        (
            "2025-01-09T10:00:00+01:00",
            "durchgeführt",
            [("Sak i minutes_approved", "Konklusjon i minutes_approved")],
            ["Offentlig vedlegg"],
        ),
    ]
    approved = meetings[3]
    assert approved["organization"] == [f"{COOP}/organization/body/kg"]
    assert approved["end"] == "2025-01-09T13:00:00+01:00"
    assert approved["cancelled"] is False


def test_papers_and_files_are_the_public_ones(client, world):
    doc = world.public_doc
    file = {
        "id": f"{COOP}/file/{doc.pk}",
        "type": f"{TYPE}File",
        "name": "Offentlig vedlegg",
        "fileName": doc.file.name.rsplit("/", 1)[-1],
        "size": 0,
        "date": timezone.localdate(doc.uploaded_at).isoformat(),
        "accessUrl": f"{BASE}/documents/{doc.pk}/download/",
        "downloadUrl": f"{BASE}/documents/{doc.pk}/download/",
        "meeting": [f"{COOP}/meeting/{world.approved.pk}"],
        "paper": [f"{COOP}/paper/{doc.pk}"],
    }
    assert fetch(client, f"{COOP}/files")["data"] == [file]
    assert fetch(client, f"{COOP}/papers")["data"] == [
        {
            "id": f"{COOP}/paper/{doc.pk}",
            "type": f"{TYPE}Paper",
            "body": COOP,
            "name": "Offentlig vedlegg",
            "date": file["date"],
            "paperType": "Saksframlegg",
            "mainFile": file,
            "underDirectionOf": [f"{COOP}/organization/body/kg"],
            "web": f"{BASE}/meetings/{world.approved.pk}/",
        }
    ]


@pytest.mark.parametrize(
    "who", ["anonymous", "other_cooperation", "member", "secretariat", "admin"]
)
def test_the_export_is_the_public_view_for_everyone(client, world, who):
    user = world.users()[who]
    if user is not None:
        client.force_login(user)
    items = fetch(client, f"{COOP}/agenda-items")["data"]
    assert [i["name"] for i in items] == [
        "Sak i notice_sent",
        "Sak i minutes_draft",
        "Sak i minutes_approved",
    ]
    assert [f["name"] for f in fetch(client, f"{COOP}/files")["data"]] == ["Offentlig vedlegg"]
    planned_item = world.planned.items.get()
    fetch(client, f"{COOP}/agenda-item/{planned_item.pk}", status=404)
    fetch(client, f"{COOP}/paper/{world.exempt_doc.pk}", status=404)
    fetch(client, f"{COOP}/file/{world.exempt_doc.pk}", status=404)


def test_unknown_and_foreign_ids_are_404_and_bad_parameters_400(client, world, settings):
    settings.LANGUAGE_CODE = "en"  # the messages as written in the code
    foreign = MeetingFactory(body=world.other_body)
    for url in (
        f"{V1}/body/nowhere",
        f"{V1}/body/nowhere/meetings",
        f"{V1}/body/kg",  # a body's slug is not a cooperation
        f"{COOP}/meeting/{foreign.pk}",
        f"{COOP}/meeting/999999",
        f"{COOP}/person/999999",
        f"{COOP}/membership/999999",
        f"{COOP}/organization/body/annet-styre",
        f"{COOP}/organization/org/annenregionen",
        f"{COOP}/unknown-list",
        f"{COOP}/meetings?page=2",
    ):
        assert fetch(client, url, status=404) == {"error": "Not found."}
    assert fetch(client, f"{COOP}/meetings?page=0", status=400) == {
        "error": "page must be a whole number from 1 to 1000000000."
    }
    assert fetch(client, f"{COOP}/meetings?limit=abc", status=400) == {
        "error": "limit must be a whole number from 1 to 1000."
    }
    assert client.post(f"{COOP}/meetings".removeprefix(BASE)).status_code == 405


def test_pagination_links(client, world):
    page = fetch(client, f"{COOP}/meetings?page=2&limit=3")
    assert [m["start"][:10] for m in page["data"]] == ["2025-01-09"]
    assert page["pagination"] == {
        "totalElements": 4,
        "elementsPerPage": 3,
        "currentPage": 2,
        "totalPages": 2,
    }
    assert page["links"] == {
        "first": f"{COOP}/meetings?page=1&limit=3",
        "last": f"{COOP}/meetings?page=2&limit=3",
        "prev": f"{COOP}/meetings?page=1&limit=3",
    }


def test_people_carry_their_public_role_only(client, world):
    region = OrganizationFactory(name="Follo IPR", slug="follo")
    person = PersonFactory(name="Åse Ødegård", email="ase@example.org")
    seat = SeatFactory(
        person=person, body=world.board, organization=region, role="chair",
        start=dt.date(2024, 1, 1), end=dt.date(2025, 6, 30),
    )  # fmt: skip
    membership = {
        "id": f"{COOP}/membership/{seat.pk}",
        "type": f"{TYPE}Membership",
        "person": f"{COOP}/person/{person.pk}",
        "organization": f"{COOP}/organization/body/styret",
        "role": "Leder",
        "startDate": "2024-01-01",
        "endDate": "2025-06-30",
        "onBehalfOf": f"{COOP}/organization/org/follo",
    }
    assert fetch(client, f"{COOP}/person/{person.pk}") == {
        "id": f"{COOP}/person/{person.pk}",
        "type": f"{TYPE}Person",
        "body": COOP,
        "name": "Åse Ødegård",
        "membership": [membership],
    }
    assert fetch(client, membership["id"]) == membership
    response = client.get(f"{COOP}/people".removeprefix(BASE))
    assert b"example.org" not in response.content
    assert "Åse Ødegård".encode() in response.content  # not \\u escapes
    names = [p["name"] for p in json.loads(response.content)["data"]]
    assert names == ["Medlem", "Styremedlem", "Åse Ødegård"]  # not the other cooperation's


def test_demo_seats_are_on_behalf_of_their_region_and_former_members_end(client, db):
    demo.load(today=dt.date(2026, 11, 30))
    people = fetch(client, f"{COOP}/people?limit=1000")["data"]
    ola = next(p for p in people if p["name"] == "Ola Haave")
    assert [(m["organization"], m["onBehalfOf"], m["role"], m["startDate"]) for m in ola["membership"]] == [
        (f"{COOP}/organization/body/koordineringsgruppen", f"{COOP}/organization/org/folloregionen-ipr", "Medlem", "2024-01-01"),
        (f"{COOP}/organization/body/osloregionen-arbeidsgruppe-arendalsuken-og-best", f"{COOP}/organization/org/folloregionen-ipr", "Medlem", "2025-01-21"),
        (f"{COOP}/organization/body/osloregionen-arbeidsgruppe-politiske-temaer-til-diskusjon-i-politiske-", f"{COOP}/organization/org/folloregionen-ipr", "Medlem", "2025-01-21"),
        (f"{COOP}/organization/body/osloregionen-programkomite-for-best-konferansen", f"{COOP}/organization/org/folloregionen-ipr", "Medlem", "2025-01-21"),
    ]  # fmt: skip
    orgs = {o["name"]: o for o in fetch(client, f"{COOP}/organizations")["data"]}
    assert (orgs["Bærum kommune"]["startDate"], orgs["Bærum kommune"]["endDate"]) == (
        "2004-01-01",
        "2025-12-31",
    )
    assert orgs["Lørenskog kommune"]["endDate"] == "2025-12-31"
    assert "endDate" not in orgs["Folloregionen IPR"]
    assert orgs["Folloregionen IPR"]["startDate"] == "2016-01-01"


def test_the_document_filter_is_the_rule_of_the_pages(world):
    """document_visible_q for the public says in SQL what rules.can_see_document says for the public."""
    docs = []
    for status in MeetingStatus:
        meeting = MeetingFactory(body=world.board, status=status)
        for kind in DocumentKind:
            for public in (True, False):
                docs.append(
                    DocumentFactory(
                        meeting=meeting, kind=kind, public=public,
                        legal_basis="" if public else "Offl. § 14",
                    )
                )  # fmt: skip
    in_sql = set(
        Document.objects.filter(document_visible_q(rules.ANONYMOUS)).values_list("pk", flat=True)
    )
    by_rule = {d.pk for d in docs + [world.public_doc, world.exempt_doc]
               if rules.can_see_document(rules.ANONYMOUS, d)}  # fmt: skip
    assert in_sql == by_rule
    assert len(by_rule) == 1 + 4 * 3 + 1 * 2  # agenda kinds in 4 states, minutes kinds in 1


def _grow(world, n: int) -> None:
    """More of everything every list shows."""
    for _ in range(n):
        region = OrganizationFactory()
        MembershipFactory(organization=region, cooperation=world.coop)
        body = BodyFactory(cooperation=world.coop, parent=world.kg)
        SeatFactory(body=body, organization=region)
        meeting = MeetingFactory(body=body, status=MeetingStatus.MINUTES_APPROVED)
        item = ItemFactory(meeting=meeting)
        DocumentFactory(meeting=meeting, item=item)
        DocumentFactory(meeting=meeting, kind=DocumentKind.MINUTES)


@pytest.mark.parametrize(
    ("name", "queries"),
    [
        ("organizations", 5),
        ("people", 4),
        ("memberships", 3),
        ("meetings", 6),
        ("agenda-items", 4),
        ("papers", 3),
        ("files", 3),
    ],
)
def test_each_list_runs_a_fixed_number_of_queries(
    client, world, django_assert_num_queries, name, queries
):
    for extra in (0, 6):
        _grow(world, extra)
        with django_assert_num_queries(queries):
            page = fetch(client, f"{COOP}/{name}")
        assert page["pagination"]["totalElements"] > 0


def test_command_writes_the_same_objects(client, world, tmp_path):
    out = tmp_path / "oparl"
    call_command("export_opendata", "--cooperation", "osloregionen", "--format", "oparl", str(out))
    assert sorted(p.name for p in out.iterdir()) == [
        "agenda-items.json", "body.json", "files.json", "meetings.json", "memberships.json",
        "organizations.json", "papers.json", "people.json", "system.json",
    ]  # fmt: skip
    read = lambda name: json.loads((out / f"{name}.json").read_text(encoding="utf-8"))  # noqa: E731
    assert read("body") == fetch(client, COOP)
    assert read("meetings") == fetch(client, f"{COOP}/meetings")["data"]
    assert read("organizations") == fetch(client, f"{COOP}/organizations")["data"]
    assert "Møtebok" in (out / "system.json").read_text(encoding="utf-8")
    with pytest.raises(CommandError, match="No cooperation with the slug “nowhere”"):
        call_command("export_opendata", "--cooperation", "nowhere", "--format", "oparl", str(out))
    with pytest.raises(CommandError, match="is a file; give a folder"):
        call_command(
            "export_opendata", "--cooperation", "osloregionen", "--format", "oparl",
            str(out / "body.json"),
        )  # fmt: skip


def test_the_validator_finds_errors_in_embedded_objects():
    meeting = {
        "id": f"{COOP}/meeting/1",
        "type": f"{TYPE}Meeting",
        "start": "2025-01-09T10:00:00+01:00",
        "agendaItem": [{"id": "not a url", "type": f"{TYPE}AgendaItem"}],
        "invitation": {"id": f"{COOP}/file/1", "type": f"{TYPE}File"},
    }
    assert sorted(oparl_errors(meeting)) == [
        f"{COOP}/file/1: 'accessUrl' is a required property",
        "not a url: 'not a url' is not a 'url'",
        "not a url: 'order' is a required property",
    ]
