"""The write half of the permission matrix: every URL pattern that can change data, POSTed for
every object of the world it takes by every role that may not change it, is refused (sent to
sign in, 403, 404 or 405) — never a 200 form, a 400 or a redirect onward, which would mean the
request reached the form or the service. The patterns and objects come from the visibility
table (tests/visibility_table.py), so a new pattern is covered once it is classified there."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

import visibility_table as table
import visibility_world as vw
from test_visibility import ROUTE_OF, route_keys

pytestmark = pytest.mark.django_db

# Who may not write, by the kind of pattern (objects of the coordination group's cooperation).
REFUSED = {
    table.SIGNED_IN: ("anonymous",),
    table.OWNER: ("anonymous",),
    table.COOPERATION: ("anonymous", "other_cooperation"),
    table.INSIDER: table.OUTSIDERS,
    table.SECRETARIAT: (*table.OUTSIDERS, "member"),
    table.WRITE_ONLY: (*table.OUTSIDERS, "member"),
}
# Objects another cooperation runs: its own secretariat may write there.
OTHER_COOPERATION = {"annet-styre", "annenregionen"}


def _refusal(response) -> str | None:
    """What is wrong with the answer to a refused write, or None."""
    status = response.status_code
    if status in (403, 404, 405):
        return None
    if status == 302 and response["Location"].startswith("/login/?next="):
        return None
    return f"status {status}" + (f" to {response['Location']}" if status == 302 else "")


WRITABLE = sorted(name for name, row in table.ROUTES.items() if row.kind in REFUSED)


def test_every_kind_that_writes_is_covered():
    assert {row.kind for row in table.ROUTES.values()} - set(REFUSED) == {
        table.PUBLIC,
        table.TOKEN,
        table.AUTH,
        table.OPERATIONS,
    }


@pytest.mark.parametrize("name", WRITABLE)
def test_writes_are_refused_to_who_may_not_write(name, world):
    vw.extend(world)
    row = table.ROUTES[name]
    keys = route_keys(ROUTE_OF[name])
    clients = {}
    for role, user in world.users().items():
        clients[role] = Client()
        if user is not None:
            clients[role].force_login(user)
    problems = []
    for obj in vw.families(world)[row.objects]:
        if obj.label in OTHER_COOPERATION:
            continue
        url = reverse(name, kwargs={k: v for k, v in obj.kwargs.items() if k in keys})
        for role in REFUSED[row.kind]:
            if role == "other_cooperation" and obj.label == "-":
                continue  # a page of the user's own cooperation: theirs to use
            response = clients[role].post(url, {"text": "x", "title": "x"})
            problem = _refusal(response)
            if problem:
                problems.append(f"POST {url} as {role}: {problem}")
    assert problems == []
