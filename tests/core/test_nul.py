"""NUL characters in query strings and JSON bodies are refused before any query (PostgreSQL
would fail on them: a server error), with the API's own 422 shape there and a 400 elsewhere."""

from django.test import Client


def test_a_nul_in_an_api_filter_is_a_422(db):
    response = Client().get("/api/v1/search/", {"q": "bioenergi", "organization": "a\x00b"})
    assert (response.status_code, response.json()) == (
        422,
        {
            "detail": [
                {
                    "type": "value_error",
                    "loc": ["query", "organization"],
                    "msg": "Text may not contain NUL characters.",
                }
            ]
        },
    )


def test_a_nul_in_a_json_body_is_a_422(db):
    response = Client().post(
        "/api/v1/tasks/1/done", '{"comment": "ok\\u0000"}', content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body"]


def test_a_nul_in_a_page_query_is_a_400(db):
    response = Client().get("/search/", {"q": "x\x00"})
    assert (response.status_code, response.content) == (
        400,
        b"Text may not contain NUL characters.",
    )


def test_text_without_nul_passes(db):
    assert Client().get("/api/v1/search/", {"q": "bioenergi", "organization": "ab"}).json() == {
        "count": 0,
        "items": [],
    }
