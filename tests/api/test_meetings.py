import json

import pytest

ALL_ROLES = [
    "anonymous",
    "other_cooperation",
    "member_of_other_body",
    "member",
    "secretariat",
    "admin",
]
INSIDERS = {"member", "secretariat", "admin"}


def test_list_filters_by_body_and_date(client, world):
    response = client.get("/api/v1/meetings/", {"body": "kg", "date": "2025-01-08"})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    assert [m["id"] for m in data["items"]] == [world.draft.pk]
    meeting = data["items"][0]
    assert meeting["body"] == {
        "slug": "kg",
        "name": "Koordineringsgruppen",
        "cooperation": "Osloregionen",
    }
    assert meeting["status"] == "minutes_draft"
    assert meeting["url"] == f"/meetings/{world.draft.pk}/"
    assert meeting["start"] == "2025-01-08T09:00:00Z"


def test_list_is_paginated_and_ordered(client, world):
    data = client.get("/api/v1/meetings/", {"body": "kg", "limit": 2, "offset": 1}).json()
    assert data["count"] == 4
    assert [m["id"] for m in data["items"]] == [world.notice_sent.pk, world.draft.pk]


def test_list_rejects_bad_date(client, db):
    response = client.get("/api/v1/meetings/", {"date": "21.01.2025"})
    assert response.status_code == 422


def test_json_keeps_norwegian_letters(client, world):
    world.kg.name = "Koordineringsgruppen for Østlandet"
    world.kg.save()
    raw = client.get("/api/v1/meetings/", {"body": "kg"}).content.decode()
    assert "Koordineringsgruppen for Østlandet" in raw


@pytest.mark.parametrize("role", ALL_ROLES)
def test_detail_applies_visibility(client, world, role):
    user = world.users()[role]
    if user is not None:
        client.force_login(user)
    planned = client.get(f"/api/v1/meetings/{world.planned.pk}/").json()
    assert planned["agenda_visible"] is (role in INSIDERS)
    assert [i["title"] for i in planned["items"]] == (["Sak i planned"] if role in INSIDERS else [])
    draft = client.get(f"/api/v1/meetings/{world.draft.pk}/").json()
    assert draft["items"][0]["title"] == "Sak i minutes_draft"
    assert draft["items"][0]["conclusion"] == (
        "Konklusjon i minutes_draft" if role in INSIDERS else None
    )
    approved = client.get(f"/api/v1/meetings/{world.approved.pk}/").json()
    assert approved["items"][0]["conclusion"] == "Konklusjon i minutes_approved"


def test_detail_of_unknown_meeting_is_404(client, db):
    response = client.get("/api/v1/meetings/424242/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_detail_query_count_is_fixed(client, world, django_assert_num_queries):
    with django_assert_num_queries(6):
        assert client.get(f"/api/v1/meetings/{world.approved.pk}/").status_code == 200


def test_openapi_lists_the_meeting_endpoints(client, db):
    schema = json.loads(client.get("/api/openapi.json").content)
    assert schema["info"]["title"] == "Møtebok API"
    assert sorted(schema["paths"]) == [
        "/api/v1/bodies/",
        "/api/v1/bodies/{slug}/",
        "/api/v1/bodies/{slug}/meetings/",
        "/api/v1/cooperations/",
        "/api/v1/documents/",
        "/api/v1/documents/{document_id}/",
        "/api/v1/items/",
        "/api/v1/items/{item_id}/",
        "/api/v1/meetings/",
        "/api/v1/meetings/{meeting_id}/",
        "/api/v1/meetings/{meeting_id}/cancel",
        "/api/v1/meetings/{meeting_id}/move",
        "/api/v1/memberships/",
        "/api/v1/organizations/",
        "/api/v1/organizations/{slug}/",
        "/api/v1/people/",
        "/api/v1/people/{person_id}/",
        "/api/v1/search/",
        "/api/v1/seats/",
        "/api/v1/tasks/",
        "/api/v1/tasks/{task_id}/done",
    ]
