"""Search on the demo and on the test world: stemming, prefixes, visibility, filters, safety."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.conftest import user
from factories import ContributionFactory, ItemFactory, MeetingFactory, OrganizationFactory
from motebok.archive.search import search
from motebok.meetings.enums import MeetingStatus
from motebok.orgs.models import Body, Organization
from motebok.orgs.rules import ANONYMOUS, viewer_for

BIOENERGY = {"Hadelandsregionen IPR", "Ringeriksregionen IPR", "Gjøvikregionen IPR"}
INSIDERS = {"member", "secretariat", "admin"}
ROLES = ["anonymous", "other_cooperation", "member_of_other_body", *sorted(INSIDERS)]


def orgs(page):
    return {hit.entry.organization.name for hit in page.hits}


def test_bioenergy_finds_the_three_contributions(demo_db):
    page = search(ANONYMOUS, "bioenergi")
    assert page.total == 3
    assert orgs(page) == BIOENERGY
    assert {hit.entry.kind for hit in page.hits} == {"contribution"}
    assert page.hits[0].entry.organization.name == "Hadelandsregionen IPR"  # three mentions
    ranks = [hit.rank for hit in page.hits]
    assert ranks == sorted(ranks, reverse=True)
    assert page.hits[0].snippet.startswith(
        "Statsråd Aasland på Hadelandsbesøk i forbindelse med <mark>bioenergi</mark> og biogass."
    )


def test_a_stem_finds_other_forms(demo_db):
    page = search(ANONYMOUS, "renseanlegget")
    assert orgs(page) == {"Asker og Bærum IPR", "Oslo kommune"}
    assert all("<mark>renseanlegg</mark>" in hit.snippet for hit in page.hits)
    page = search(ANONYMOUS, "KRAFTSTRATEGI")
    assert orgs(page) == {"Drammensregionen IPR"}
    assert "regional <mark>kraftstrategi</mark> med mål" in page.hits[0].snippet


def test_words_are_anded_and_stop_words_ignored(demo_db):
    assert orgs(search(ANONYMOUS, "bioenergi og biogass")) == {"Hadelandsregionen IPR"}
    assert search(ANONYMOUS, "bioenergi renseanlegg").total == 0
    assert search(ANONYMOUS, "og i det").total == 0


def test_the_draft_board_item_only_for_insiders(demo_db):
    def titles(viewer):
        return [hit.heading for hit in search(viewer, "Sluttrapport Energistasjonsprosjektet").hits]

    found = ["13. Sluttrapport Energistasjonsprosjektet fase I og oppstart fase II"]
    assert titles(ANONYMOUS) == []
    assert titles(viewer_for(user("annen"))) == []
    assert titles(viewer_for(user("medlem"))) == []  # sits in KG, not on the board
    assert titles(viewer_for(user("sekretariat"))) == found
    assert titles(viewer_for(user("admin"))) == found


def test_filters(demo_db):
    hadeland = Organization.objects.get(name="Hadelandsregionen IPR")
    kg = Body.objects.get(slug="koordineringsgruppen")
    assert orgs(search(ANONYMOUS, "bioenergi", organization=hadeland)) == {hadeland.name}
    assert orgs(search(ANONYMOUS, "bioenergi", body=kg)) == BIOENERGY
    assert search(ANONYMOUS, "bioenergi", body=Body.objects.get(slug="styret")).total == 0
    other = Organization.objects.get(slug="demoregionen")
    assert search(ANONYMOUS, "bioenergi", cooperation=other).total == 0
    assert search(ANONYMOUS, "bioenergi", cooperation=kg.cooperation).total == 3
    assert search(ANONYMOUS, "bioenergi", kind="minutes").total == 0
    assert search(ANONYMOUS, "bioenergi", kind="contribution").total == 3
    day = dt.date(2025, 1, 21)
    assert search(ANONYMOUS, "bioenergi", date_from=day, date_to=day).total == 3
    assert search(ANONYMOUS, "bioenergi", date_from=day + dt.timedelta(days=1)).total == 0
    assert search(ANONYMOUS, "bioenergi", date_to=day - dt.timedelta(days=1)).total == 0


def test_paging(demo_db):
    first = search(ANONYMOUS, "bioenergi", limit=2)
    rest = search(ANONYMOUS, "bioenergi", limit=2, offset=2)
    assert (first.total, len(first.hits), rest.total, len(rest.hits)) == (3, 2, 3, 1)
    assert orgs(first) | orgs(rest) == BIOENERGY
    assert search(ANONYMOUS, "bioenergi", offset=3).hits == []


HOSTILE = [
    '"',
    "'",
    "*",
    ":",
    "&",
    "|",
    "()",
    "!",
    "NEAR",
    "NEAR(a b, 2)",
    "AND OR NOT",
    "x:* & !y | (z <-> w)",
    "'; DROP TABLE archive_searchentry; --",
    '"unclosed',
    "^start -minus +plus {col}:word",
    "\x00\x01\x1f",
    "²³ ½ ⅷ",
    "\u0301\u0308",
    "zzz" * 300,
    "",
    "   ",
]


def test_hostile_queries_find_nothing_and_never_raise(demo_db):
    admin = viewer_for(user("admin"))
    for q in HOSTILE:
        page = search(ANONYMOUS, q)
        assert (q, page.total, page.hits) == (q, 0, [])
        assert (q, search(admin, q).total) == (q, 0)


def test_operators_are_plain_words(demo_db):
    assert orgs(search(ANONYMOUS, '"bioenergi"*')) == BIOENERGY
    assert orgs(search(ANONYMOUS, "bioenergi:*")) == BIOENERGY
    assert search(ANONYMOUS, "bioenergi OR renseanlegg").total == 0


@pytest.fixture
def texts(db):
    meeting = MeetingFactory(status=MeetingStatus.MINUTES_APPROVED)
    item = ItemFactory(meeting=meeting, title="Energi", text="", conclusion="")
    made = {}
    for key, points in {
        "capital": "Kraftstrategi for regionen",
        "definite": "Bioenergien i Innlandet",
        "eel": "Ål i Oslofjorden",
        "plain": "Mye al og aal",
        "html": "<b>bioenergi</b> & 'mer'",
    }.items():
        made[key] = ContributionFactory(
            item=item, organization=OrganizationFactory(), points=points
        )
    return made


def _found(q):
    return {hit.entry.object_id for hit in search(ANONYMOUS, q).hits}


def test_case_definite_forms_and_norwegian_letters(texts):
    assert _found("kraftstrategi") == {texts["capital"].pk}
    assert _found("bioenergi") == {texts["definite"].pk, texts["html"].pk}
    assert _found("ål") == {texts["eel"].pk}
    assert _found("ÅL") == {texts["eel"].pk}
    assert _found("al") == {texts["plain"].pk}  # å is not a


def test_snippets_are_escaped(texts):
    (hit,) = [
        h for h in search(ANONYMOUS, "bioenergi").hits if h.entry.object_id == texts["html"].pk
    ]
    assert hit.snippet == ("&lt;b&gt;<mark>bioenergi</mark>&lt;/b&gt; &amp; &#x27;mer&#x27;")


@pytest.mark.parametrize("role", ROLES)
def test_visibility_follows_status_and_viewer(world, role):
    account = world.users()[role]
    viewer = viewer_for(account)
    insider = role in INSIDERS

    def found(q):
        return sorted(hit.heading for hit in search(viewer, q).hits)

    public_items = ["1. Sak i minutes_approved", "1. Sak i minutes_draft", "1. Sak i notice_sent"]
    assert found("sak") == sorted(public_items + (["1. Sak i planned"] if insider else []))
    minutes = ["1. Sak i minutes_approved"]
    if insider:
        minutes += ["1. Sak i minutes_draft", "1. Sak i notice_sent", "1. Sak i planned"]
    assert found("konklusjon") == sorted(minutes)
    papers = ["Offentlig vedlegg"] + (["Unntatt vedlegg"] if insider else [])
    assert found("innhold") == sorted(papers)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(q=st.text(max_size=80))
def test_any_text_is_a_safe_query(texts, q):
    page = search(ANONYMOUS, q)
    assert page.total == len(page.hits) <= len(texts)
