"""GET /api/v1/search/: public hits only, unless signed in."""

import pytest

from archive.conftest import load_demo, user
from motebok.meetings.models import AgendaItem


@pytest.fixture
def demo_db(db):
    load_demo()


BIOENERGY = ["Hadelandsregionen IPR", "Ringeriksregionen IPR", "Gjøvikregionen IPR"]


def organizations(data):
    return [hit["organization"]["name"] for hit in data["items"]]


def test_bioenergy(client, demo_db):
    response = client.get("/api/v1/search/", {"q": "bioenergi"})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 3
    assert organizations(data) == BIOENERGY
    item = AgendaItem.objects.get(title="Runde rundt bordet – Hva er nytt i delregionene?")
    first = data["items"][0]
    assert first["rank"] > data["items"][1]["rank"]
    assert first["snippet"].startswith(
        "Statsråd Aasland på Hadelandsbesøk i forbindelse med <mark>bioenergi</mark> og biogass."
    )
    del first["rank"], first["snippet"]
    assert first == {
        "kind": "contribution",
        "title": "Hadelandsregionen IPR: 3. Runde rundt bordet – Hva er nytt i delregionene?",
        "url": f"/meetings/{item.meeting_id}/#item-{item.pk}",
        "date": "2025-01-21",
        "meeting": item.meeting_id,
        "body": {"slug": "koordineringsgruppen", "name": "Administrativ koordineringsgruppe"},
        "cooperation": {"slug": "osloregionen", "name": "Osloregionen"},
        "organization": {"slug": "hadelandsregionen-ipr", "name": "Hadelandsregionen IPR"},
        "item": item.pk,
    }
    assert "Gjøvikregionen IPR" in response.content.decode()  # not \\u escapes


def test_renseanlegget_finds_the_veas_points(client, demo_db):
    data = client.get("/api/v1/search/", {"q": "renseanlegget"}).json()
    assert sorted(organizations(data)) == ["Asker og Bærum IPR", "Oslo kommune"]


@pytest.mark.parametrize(
    ("username", "count"), [(None, 0), ("annen", 0), ("medlem", 0), ("sekretariat", 1)]
)
def test_drafts_only_for_insiders(client, demo_db, username, count):
    if username:
        client.force_login(user(username))
    data = client.get("/api/v1/search/", {"q": "Sluttrapport energistasjonsprosjektet"}).json()
    assert data["count"] == count
    assert [hit["kind"] for hit in data["items"]] == ["item_title"] * count


def test_filters_and_paging(client, demo_db):
    def get(**params):
        return client.get("/api/v1/search/", {"q": "bioenergi", **params}).json()

    assert organizations(get(organization="hadelandsregionen-ipr")) == ["Hadelandsregionen IPR"]
    assert get(body="styret")["count"] == 0
    assert get(body="koordineringsgruppen", cooperation="osloregionen")["count"] == 3
    assert get(cooperation="demoregionen")["count"] == 0
    assert get(body="no-such-body") == {"count": 0, "items": []}
    assert get(kind="minutes")["count"] == 0
    assert get(date_from="2025-01-21", date_to="2025-01-21")["count"] == 3
    page = get(limit=2, offset=2)
    assert (page["count"], organizations(page)) == (3, ["Gjøvikregionen IPR"])


@pytest.mark.parametrize(
    "params",
    [{"limit": 0}, {"limit": 101}, {"offset": -1}, {"kind": "everything"}, {"date_from": "21.01"}],
)
def test_bad_parameters_are_422(client, db, params):
    assert client.get("/api/v1/search/", {"q": "x", **params}).status_code == 422


@pytest.mark.parametrize("q", ['"', "NEAR(", "a:* & !b | (c", "'; --", ""])
def test_hostile_text_is_never_an_error(client, db, q):
    response = client.get("/api/v1/search/", {"q": q})
    assert (response.status_code, response.json()) == (200, {"count": 0, "items": []})


def test_a_nul_is_refused_as_bad_input(client, db):
    response = client.get("/api/v1/search/", {"q": "\x00"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "q"]


def test_query_count_is_fixed(client, demo_db, django_assert_num_queries):
    with django_assert_num_queries(2):
        assert client.get("/api/v1/search/", {"q": "bioenergi"}).json()["count"] == 3
    with django_assert_num_queries(2):
        assert client.get("/api/v1/search/", {"q": "regional"}).json()["count"] == 7
