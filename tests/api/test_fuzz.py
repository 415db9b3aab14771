"""schemathesis against /api/openapi.json, in-process: no 5xx, and every answer matches the
schema. Bounded: a few examples per operation and no shrinking, so it stays quick in CI."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from motebok.api import services
from motebok.wsgi import application

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
BOUNDED = settings(
    max_examples=15,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    database=None,
)


@pytest.fixture
def keep_connection():
    """Called straight through WSGI, Django would close the database connection at the end of
    each request, and with it the test's transaction; its own test client does this too."""
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    yield
    for signal in signals:
        signal.connect(close_old_connections)


def _operations():
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("who", ["anonymous", "secretariat"])
def test_api_answers_match_the_schema_and_never_fail(world, who, keep_connection):
    """Every operation, as the public and with the secretariat's token (so that the writes run
    their services with generated input, on the world's data)."""
    headers = {}
    if who == "secretariat":
        headers["Authorization"] = f"Bearer {services.create_token(world.secretariat, 'fuzz')[1]}"
    operations = _operations()
    assert len(operations) >= 20
    for operation in operations:

        @BOUNDED
        @given(case=operation.as_strategy())
        def fuzz(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        fuzz()
