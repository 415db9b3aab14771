"""``/api/openapi.json`` is a valid OpenAPI document that describes the whole API and its auth."""

import json

import pytest
from django.test import Client
from openapi_spec_validator import validate

OPTIONAL = [{"TokenAuth": []}, {}]
TOKEN_ONLY = [{"TokenAuth": []}]

READ = {
    "/api/v1/cooperations/": "get",
    "/api/v1/organizations/": "get",
    "/api/v1/organizations/{slug}/": "get",
    "/api/v1/memberships/": "get",
    "/api/v1/bodies/": "get",
    "/api/v1/bodies/{slug}/": "get",
    "/api/v1/seats/": "get",
    "/api/v1/people/": "get",
    "/api/v1/people/{person_id}/": "get",
    "/api/v1/items/": "get",
    "/api/v1/items/{item_id}/": "get",
    "/api/v1/documents/": "get",
    "/api/v1/documents/{document_id}/": "get",
    "/api/v1/meetings/": "get",
    "/api/v1/meetings/{meeting_id}/": "get",
    "/api/v1/search/": "get",
}
WRITE = {
    "/api/v1/tasks/{task_id}/done": "post",
    "/api/v1/bodies/{slug}/meetings/": "post",
    "/api/v1/meetings/{meeting_id}/move": "post",
    "/api/v1/meetings/{meeting_id}/cancel": "post",
}


@pytest.fixture(scope="module")
def schema():
    """Built once for the module: the document does not depend on the database."""
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_document_is_valid(schema):
    validate(schema)  # raises on any error
    assert schema["openapi"].startswith("3.1")


def test_the_bearer_scheme_is_described(schema):
    assert schema["components"]["securitySchemes"]["TokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
    }


@pytest.mark.parametrize(("path", "method"), READ.items())
def test_reading_takes_a_token_optionally(schema, path, method):
    assert schema["paths"][path][method]["security"] == OPTIONAL


@pytest.mark.parametrize(("path", "method"), WRITE.items())
def test_writing_needs_a_token(schema, path, method):
    operation = schema["paths"][path][method]
    assert operation["security"] == TOKEN_ONLY
    assert {"200", "201"} & set(operation["responses"])
    assert {"401", "403", "404", "422"} <= set(operation["responses"])


def test_the_task_list_takes_a_token_or_the_session(schema):
    assert schema["paths"]["/api/v1/tasks/"]["get"]["security"] == [
        {"TokenAuth": []},
        {"SessionAuth": []},
    ]


def test_lists_describe_their_filters(schema):
    def names(path):
        return [p["name"] for p in schema["paths"][path]["get"]["parameters"]]

    assert names("/api/v1/items/") == ["meeting", "body", "kind", "from", "to", "limit", "offset"]
    assert names("/api/v1/memberships/") == ["cooperation", "current", "limit", "offset"]
    assert names("/api/v1/seats/") == ["body", "current", "limit", "offset"]
    assert names("/api/v1/organizations/") == ["cooperation", "kind", "limit", "offset"]
