"""``/api/v1/documents/``: exempt papers only for insiders; public papers once their part is public.

The SQL condition is checked against :func:`motebok.orgs.rules.can_see_document` for every role
and every kind of paper in every state of a meeting.
"""

import datetime as dt

import pytest
from django.utils import timezone

from factories import DocumentFactory
from motebok.meetings.enums import DocumentKind
from motebok.meetings.models import Document
from motebok.orgs import rules

ROLES = ["anonymous", "other_cooperation", "member_of_other_body", "member", "secretariat", "admin"]
UPLOADED = timezone.make_aware(dt.datetime(2025, 1, 10, 12, 0))


@pytest.fixture
def papers(world):
    """Every kind, public and exempt, on every meeting of the world (plus its two papers)."""
    for meeting in (world.planned, world.notice_sent, world.draft, world.approved):
        for kind in (DocumentKind.PAPER, DocumentKind.MINUTES, DocumentKind.SOURCE):
            DocumentFactory(meeting=meeting, kind=kind, title=f"{kind} {meeting.status}")
            DocumentFactory(
                meeting=meeting,
                kind=kind,
                title=f"unntatt {kind} {meeting.status}",
                public=False,
                legal_basis="Offl. § 13",
            )
    Document.objects.update(uploaded_at=UPLOADED)


def titles(client, params=None) -> list[str]:
    response = client.get("/api/v1/documents/", {"limit": 100, **(params or {})})
    assert response.status_code == 200
    return [d["title"] for d in response.json()["items"]]


def test_exact_json_for_the_public(client, world):
    Document.objects.update(uploaded_at=UPLOADED)
    doc = world.public_doc
    assert client.get("/api/v1/documents/").json() == {
        "items": [
            {
                "id": doc.pk,
                "meeting": {
                    "id": world.approved.pk,
                    "url": f"/meetings/{world.approved.pk}/",
                    "body": "kg",
                    "start": "2025-01-09T09:00:00Z",
                    "status": "minutes_approved",
                },
                "item": None,
                "title": "Offentlig vedlegg",
                "kind": "paper",
                "public": True,
                "legal_basis": "",
                "content_type": "",
                "size": 0,
                "sha256": "",
                "uploaded_at": "2025-01-10T11:00:00Z",
                "url": f"/documents/{doc.pk}/download/",
            }
        ],
        "count": 1,
    }
    assert client.get(f"/api/v1/documents/{doc.pk}/").json()["title"] == "Offentlig vedlegg"
    assert client.get(f"/api/v1/documents/{world.exempt_doc.pk}/").status_code == 404


def test_insider_sees_the_exempt_paper_with_its_legal_basis(client, world):
    client.force_login(world.member)
    data = client.get("/api/v1/documents/", {"meeting": world.approved.pk}).json()
    assert [(d["title"], d["public"], d["legal_basis"]) for d in data["items"]] == [
        ("Offentlig vedlegg", True, ""),
        ("Unntatt vedlegg", False, "Offl. § 14"),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_the_list_agrees_with_the_rules(client, world, papers, role):
    user = world.users()[role]
    if user is not None:
        client.force_login(user)
    viewer = rules.viewer_for(user)
    expected = [
        d.title
        for d in Document.objects.select_related("meeting__body").order_by(
            "meeting__start", "meeting_id", "uploaded_at", "pk"
        )
        if rules.can_see_document(viewer, d)
    ]
    assert titles(client) == expected
    if role in {"member", "secretariat", "admin"}:
        assert len(expected) == 26
    else:
        assert sorted(expected) == [
            "Offentlig vedlegg",
            "minutes minutes_approved",
            "paper minutes_approved",
            "paper minutes_draft",
            "paper notice_sent",
            "source minutes_approved",
        ]


def test_outsiders_never_see_exempt_or_early_papers(client, world, papers):
    client.force_login(world.other)
    seen = titles(client)
    assert not [t for t in seen if t.startswith("unntatt") or t.endswith("planned")]
    assert "minutes minutes_draft" not in seen
    assert titles(client, {"meeting": world.planned.pk}) == []


def test_filter_by_meeting_and_bad_input(client, world, papers):
    assert titles(client, {"meeting": world.notice_sent.pk}) == ["paper notice_sent"]
    assert client.get("/api/v1/documents/", {"meeting": "første"}).status_code == 422


def test_query_count_is_fixed(client, world, django_assert_num_queries):
    client.force_login(world.secretariat)
    for n in (2, 30):
        while Document.objects.count() < n:
            DocumentFactory(meeting=world.draft, public=False, legal_basis="Offl. § 13")
        with django_assert_num_queries(6):
            assert len(titles(client)) == n
