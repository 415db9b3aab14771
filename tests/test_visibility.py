"""Visibility across every URL pattern, feed, export and API operation.

The patterns come from Django's resolver and the API operations from /api/openapi.json, so an
endpoint added later is found: it fails ``test_every_url_pattern_is_classified`` (or the API
twin) until it has a row in tests/visibility_table.py. Every GET route is then called for each
object of the world it can take and each role, with the exact status expected, and no response
to an outsider (anonymous, the other cooperation, a member of another body) may carry a text
that only the coordination group's insiders may read. ``test_markers_reach_*`` checks the other
way: the same texts do reach those who may read them, so the leak checks can fail.
"""

from __future__ import annotations

import html
import io
import json
import re

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

import visibility_table as table
import visibility_world as vw

pytestmark = pytest.mark.django_db

WHERE = "tests/visibility_table.py"


def url_patterns(patterns=None, namespace=None, prefix=""):
    """(qualified name, route, top namespace) of every pattern, recursively."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(n for n in (namespace, pattern.namespace) if n) or None
            yield from url_patterns(pattern.url_patterns, inner, prefix + str(pattern.pattern))
        else:
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name, prefix + str(pattern.pattern), (namespace or "").split(":")[0]


def route_keys(route: str) -> set[str]:
    return set(re.findall(r"<(?:\w+:)?(\w+)>", route))


ROUTE_OF = {name: route for name, route, _ in url_patterns()}


def text_of(response) -> str:
    """What a person or program reads in the response: PDF and DOCX text, JSON unescaped,
    iCalendar lines unfolded, HTML entities decoded and tags (search highlights) removed; white
    space collapsed."""
    data = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if kind.startswith("application/pdf"):
        from pypdf import PdfReader

        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    elif "wordprocessingml" in kind:
        import docx

        document = docx.Document(io.BytesIO(data))
        cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
        text = "\n".join([p.text for p in document.paragraphs] + cells)
    elif "json" in kind and data:
        text = json.dumps(json.loads(data), ensure_ascii=False)
    else:
        text = data.decode("utf-8", "replace").replace("\r\n ", "").replace("\n ", "")
        text = text.replace("\\,", ",").replace("\\;", ";")
    text = re.sub(r"<[^>]*>", "", html.unescape(text))
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def world_plus(world):
    vw.extend(world)
    return world


@pytest.fixture
def clients(world_plus):
    """One signed-in test client per role (anonymous has none)."""
    out = {}
    for role, user in world_plus.users().items():
        client = Client()
        if user is not None:
            client.force_login(user)
        out[role] = client
    return out


def _walk(row, url_for, clients, families) -> list[str]:
    """Call the route for every object and role; the list of what differs from the table."""
    problems = []
    for obj in families[row.objects]:
        url = url_for(obj)
        for role, status in zip(table.ROLES, row.expected(obj), strict=True):
            response = clients[role].get(url, obj.query or {})
            where = f"{url} {obj.query or ''} as {role}"
            if response.status_code != status:
                problems.append(f"{where}: status {response.status_code}, table says {status}")
            elif status == 302 and row.kind != table.AUTH:
                login = "/admin/login/" if url.startswith("/admin/") else "/login/"
                if not response["Location"].startswith(f"{login}?next="):
                    problems.append(f"{where}: redirected to {response['Location']}, not {login}")
            text = text_of(response)  # read every response, so that its file is closed
            if role in table.OUTSIDERS:
                leaks = [marker for marker in vw.SECRET_MARKERS if marker in text]
                if leaks:
                    problems.append(f"{where}: LEAKS {leaks}")
    return problems


def test_every_url_pattern_is_classified():
    patterns = [(n, r) for n, r, ns in url_patterns() if ns not in table.NAMESPACES]
    unnamed = sorted(route for name, route in patterns if not name)
    unknown = sorted(f"{name} ({route})" for name, route in patterns if name not in table.ROUTES)
    assert not unnamed, (
        f"URL patterns without a name: name them, then classify them in {WHERE}: {unnamed}"
    )
    assert not unknown, (
        f"URL patterns that the visibility test does not know: add a row for each to ROUTES in "
        f"{WHERE} (its kind, the objects that fill it, the status of each role): {unknown}"
    )


def test_table_has_no_rows_for_patterns_that_are_gone():
    assert sorted(set(table.ROUTES) - set(ROUTE_OF)) == []


def _openapi_operations(client) -> set[tuple[str, str]]:
    schema = json.loads(client.get("/api/openapi.json").content)
    return {
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in ("get", "post", "put", "patch", "delete")
    }


def test_every_api_operation_is_classified(client):
    operations = _openapi_operations(client)
    unknown = sorted(f"{m} {p}" for m, p in operations - set(table.API_ROUTES))
    assert not unknown, (
        f"API operations in /api/openapi.json that the visibility test does not know: add a row "
        f"for each to API_ROUTES in {WHERE}: {unknown}"
    )
    assert sorted(f"{m} {p}" for m, p in set(table.API_ROUTES) - operations) == []
    documented = {re.sub(r"\{(\w+)\}", r"<\1>", p) for _, p in operations}
    hidden = sorted(
        route
        for name, route, namespace in url_patterns()
        if namespace == "api"
        and name not in ("api:api-root", "api:openapi-json")
        and "/" + route not in documented
    )
    assert hidden == [], f"API routes missing from /api/openapi.json: {hidden}"


@pytest.mark.parametrize("name", sorted(table.ROUTES))
def test_route_statuses_and_no_leaks(name, world_plus, clients):
    row = table.ROUTES[name]
    keys = route_keys(ROUTE_OF[name])

    def url_for(obj):
        return reverse(name, kwargs={k: v for k, v in obj.kwargs.items() if k in keys})

    problems = _walk(row, url_for, clients, vw.families(world_plus))
    assert problems == [], f"{name} ({row.kind}), compare with its row in {WHERE}:\n" + "\n".join(
        problems
    )


@pytest.mark.parametrize("key", sorted(k for k in table.API_ROUTES if k[0] == "GET"))
def test_api_statuses_and_no_leaks(key, world_plus, clients):
    row = table.API_ROUTES[key]

    def url_for(obj):
        return re.sub(r"\{(\w+)\}", lambda m: str(obj.kwargs[m.group(1)]), key[1])

    problems = _walk(row, url_for, clients, vw.families(world_plus))
    assert problems == [], f"{key} ({row.kind}), compare with its row in {WHERE}:\n" + "\n".join(
        problems
    )


@pytest.mark.parametrize("key", sorted(k for k in table.API_ROUTES if k[0] != "GET"))
def test_api_write_operations_refuse_anonymous_callers(key, world_plus):
    row = table.API_ROUTES[key]
    obj = vw.families(world_plus)[row.objects][0]
    url = re.sub(r"\{(\w+)\}", lambda m: str(obj.kwargs[m.group(1)]), key[1])
    response = Client().generic(key[0], url, "{}", content_type="application/json")
    assert (response.status_code, response.json()) == (401, {"detail": "Unauthorized"})


def test_admin_is_for_staff_only(world_plus, clients):
    """The admin namespace as a whole: everyone but the administrator goes to its sign-in."""
    for url, for_admin in (
        ("/admin/", 200),
        ("/admin/meetings/meeting/", 200),
        (f"/admin/meetings/meeting/{vw.MISSING_PK}/change/", 302),  # back to the index
    ):
        statuses = {role: clients[role].get(url).status_code for role in table.ROLES}
        assert statuses == dict.fromkeys(table.ROLES[:-1], 302) | {"admin": for_admin}, url
        for role in table.ROLES[:-1]:
            location = clients[role].get(url)["Location"]
            assert location == f"/admin/login/?next={url}", (url, role)


DRAFT = ("Tekst i minutes_draft", "Konklusjon i minutes_draft")
PLANNED = ("Sak i planned", "Tekst i planned")
APPROVED = ("Tekst i minutes_approved", "Konklusjon i minutes_approved")

# (URL, roles, texts each of them must get): the leak checks above would pass on empty pages.
SHOWN = [
    ("/meetings/{planned}/", table.INSIDERS, (*PLANNED, "Konklusjon i planned")),
    ("/meetings/{notice_sent}/", table.ROLES, ("Sak i notice_sent",)),
    ("/meetings/{draft}/", table.INSIDERS, DRAFT),
    ("/meetings/{draft}/", table.ROLES, ("Sak i minutes_draft",)),
    ("/meetings/{approved}/", table.INSIDERS, ("Unntatt vedlegg",)),
    ("/meetings/{approved}/", table.ROLES, (*APPROVED, "Offentlig vedlegg")),
    *[(f"/meetings/{{draft}}/export/{f}/", table.INSIDERS, DRAFT) for f in ("md", "json", "pdf")],
    ("/meetings/{draft}/export/docx/", table.INSIDERS, DRAFT),
    *[
        (f"/meetings/{{approved}}/export/{f}/", table.ROLES, APPROVED)
        for f in ("md", "pdf", "docx")
    ],
    ("/meetings/{approved}/export/md/", table.INSIDERS, ("Unntatt vedlegg",)),
    ("/meetings/{planned}/export/md/", table.INSIDERS, PLANNED),
    (
        "/meetings/{notice_sent}/export/md/",
        table.ROLES,
        ("Sak i notice_sent", "Tekst i notice_sent"),
    ),
    ("/search/?q=Tekst", ("secretariat", "member"), ("Tekst i minutes_draft",)),
    ("/search/?q=Konklusjon", ("secretariat", "member"), ("Konklusjon i minutes_draft",)),
    ("/search/?q=Tekst", table.ROLES, ("Tekst i minutes_approved",)),
    ("/search/?q=Unntatt", ("secretariat", "member"), ("Unntatt vedlegg",)),
    ("/api/v1/search/?q=Unntatt", ("secretariat", "member"), ("Unntatt vedlegg",)),
    ("/api/v1/items/", table.INSIDERS, (*PLANNED, *DRAFT)),
    ("/api/v1/documents/", table.INSIDERS, ("Unntatt vedlegg",)),
    ("/api/v1/meetings/{draft}/", table.INSIDERS, DRAFT),
    ("/api/v1/search/?q=Tekst", ("secretariat", "member"), ("Tekst i minutes_draft",)),
    ("/api/v1/search/?q=Konklusjon", ("secretariat",), ("Konklusjon i minutes_draft",)),
    ("/api/v1/search/?q=Tekst", table.ROLES, ("Tekst i minutes_approved",)),
]


@pytest.mark.parametrize(("url", "roles", "texts"), SHOWN)
def test_markers_reach_those_who_may_read_them(url, roles, texts, world_plus, clients):
    w = world_plus
    url = url.format(
        planned=w.planned.pk, notice_sent=w.notice_sent.pk, draft=w.draft.pk, approved=w.approved.pk
    )
    for role in roles:
        response = clients[role].get(url)
        assert response.status_code == 200, (url, role)
        text = text_of(response)
        assert [t for t in texts if t not in text] == [], (url, role)


def test_calendars_carry_every_meeting_and_nothing_but_their_times(world_plus, clients):
    from icalendar import Calendar

    w = world_plus
    kg = {f"meeting-{m.pk}@motebok" for m in (w.planned, w.notice_sent, w.draft, w.approved)}
    for url in ("/bodies/kg/calendar.ics", f"/calendar/{w.calendar_token.token}.ics"):
        for role in table.ROLES:
            response = clients[role].get(url)
            events = Calendar.from_ical(response.content).walk("VEVENT")
            assert {str(e["uid"]) for e in events} == kg, (url, role)
            assert [m for m in (*PLANNED, *DRAFT, "Sak i") if m in text_of(response)] == []


def test_minutes_feeds_carry_approved_minutes_only(world_plus, clients):
    w = world_plus
    for url in ("/bodies/kg/minutes.atom", "/cooperations/osloregionen/minutes.atom"):
        for role in table.ROLES:
            feed = clients[role].get(url).content.decode()
            links = re.findall(
                r'<link href="http://testserver(/meetings/\d+/)" rel="alternate"/>', feed
            )
            assert links == [f"/meetings/{w.approved.pk}/"], (url, role)


def test_the_walk_reports_a_leak_and_a_wrong_status(world_plus, clients):
    """The checker itself: the secretariat's client posing as the public must be caught."""
    w = world_plus
    posing = dict(clients, anonymous=clients["secretariat"])
    row = table.Row(table.PUBLIC, "meeting", per_object={"missing": (403,) + (404,) * 5})
    problems = _walk(
        row, lambda o: reverse("meeting_detail", kwargs=o.kwargs), posing, vw.families(w)
    )
    assert problems == [
        f"/meetings/{w.planned.pk}/  as anonymous: LEAKS "
        "['Sak i planned', 'Tekst i planned', 'Konklusjon i planned']",
        f"/meetings/{w.notice_sent.pk}/  as anonymous: LEAKS ['Konklusjon i notice_sent']",
        f"/meetings/{w.draft.pk}/  as anonymous: LEAKS "
        "['Tekst i minutes_draft', 'Konklusjon i minutes_draft']",
        f"/meetings/{w.approved.pk}/  as anonymous: LEAKS ['Unntatt vedlegg']",
        f"/meetings/{vw.MISSING_PK}/  as anonymous: status 404, table says 403",
    ]
