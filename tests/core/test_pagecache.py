"""Whole public pages from the cache for visitors not signed in (motebok.core.pagecache);
the pages kept per signed-in user are tested in test_pagecache_signed_in.py.

These tests commit (``transaction=True``): the generation is replaced when a transaction commits,
and a connection holding uncommitted archive writes never uses the cache (the last test).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from factories import ItemFactory, MeetingFactory
from motebok.core.models import PageGeneration
from motebok.meetings import agenda
from motebok.meetings.enums import MeetingStatus
from motebok.meetings.models import AgendaItem

committing = pytest.mark.django_db(transaction=True)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')


def _locmem(location: str) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": location,
        }
    }


@pytest.fixture
def fresh_cache(settings, request):
    """An empty cache of this process's own (as in a web worker with no MOTEBOK_CACHE_URL)."""
    settings.CACHES = _locmem(f"pagecache-{request.node.name}")
    settings.MOTEBOK_PAGE_CACHE_SECONDS = 60


def _page(client, url, **extra):
    response = client.get(url, **extra)
    return response, response.headers.get("X-Page-Cache")


def _cached(client, url) -> str:
    """Asks for ``url`` twice: rendered and kept, then from the cache; the first page's HTML."""
    page, state = _page(client, url)
    assert (page.status_code, state) == (200, "miss")
    assert _page(client, url)[1] == "hit"
    return page.content.decode()


def _rendered(client, url) -> str:
    """Asks for ``url`` once more, expecting it rendered anew (not from the cache); its HTML."""
    page, state = _page(client, url)
    assert (page.status_code, state) == (200, "miss")
    return page.content.decode()


@committing
def test_a_cached_page_is_served_with_only_the_generation_query(
    world, fresh_cache, django_assert_num_queries
):
    client = Client()
    first, state = _page(client, "/")
    assert (first.status_code, state) == (200, "miss")
    with django_assert_num_queries(1):  # the generation; the page itself comes from the cache
        second, state = _page(client, "/")
    assert (second.status_code, state) == (200, "hit")
    assert TOKEN.sub("", second.content.decode()) == TOKEN.sub("", first.content.decode())
    # Twice the bodies and meetings: still the one query.
    for day in range(1, 6):
        MeetingFactory(
            body=world.board,
            status=MeetingStatus.MINUTES_APPROVED,
            start=timezone.make_aware(dt.datetime(2024, 3, day, 10)),
        )
    assert _page(client, "/")[1] == "miss"
    with django_assert_num_queries(1):
        assert _page(client, "/")[1] == "hit"


@committing
def test_a_hit_keeps_the_security_headers_and_the_language_headers(world, fresh_cache):
    client = Client()
    miss, _ = _page(client, "/bodies/kg/")
    hit, state = _page(client, "/bodies/kg/")
    assert state == "hit"
    for header in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Content-Language",
        "Content-Type",
    ):
        assert hit.headers[header] == miss.headers[header], header
    assert set(hit.headers["Vary"].replace(" ", "").split(",")) == {"Accept-Language", "Cookie"}
    assert hit.headers["X-Frame-Options"] == "DENY"


@committing
def test_every_visitor_served_from_the_cache_gets_a_csrf_token_of_their_own(world, fresh_cache):
    Client().get("/")  # rendered and cached
    tokens = []
    for _ in range(2):
        visitor = Client(enforce_csrf_checks=True)
        page, state = _page(visitor, "/")
        assert state == "hit"
        token = TOKEN.search(page.content.decode()).group(1)
        assert settings.CSRF_COOKIE_NAME in page.cookies  # set for this visitor
        tokens.append(token)
        # The language form of the cached page works for this visitor.
        answer = visitor.post(
            "/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token}
        )
        assert (answer.status_code, answer.headers["Location"]) == (302, "/")
    assert tokens[0] != tokens[1]
    # A token taken from another visitor's page is refused, as without the cache.
    stranger = Client(enforce_csrf_checks=True)
    stranger.get("/")
    refused = stranger.post("/i18n/setlang/", {"language": "en", "csrfmiddlewaretoken": "x" * 64})
    assert refused.status_code == 403


@committing
def test_a_saved_item_shows_at_the_next_anonymous_request(world, fresh_cache):
    client = Client()
    url = world.approved.get_absolute_url()
    assert "Tekst i minutes_approved" in _cached(client, url)
    item = world.approved.items.get()
    item.text = "Ny tekst etter endring"
    item.save()
    html = _rendered(client, url)
    assert "Ny tekst etter endring" in html
    assert "Tekst i minutes_approved" not in html


@committing
def test_an_item_changed_through_the_service_shows_at_the_next_request(world, fresh_cache):
    """``update_item`` writes with ``QuerySet.update``, which sends no signal."""
    client = Client()
    url = world.notice_sent.get_absolute_url()
    assert "Sak i notice_sent" in _cached(client, url)
    item = world.notice_sent.items.get()
    agenda.update_item(item, title="Endret gjennom tjenesten", kind=item.kind, text=item.text)
    assert "Endret gjennom tjenesten" in _rendered(client, url)


@committing
def test_one_transaction_replaces_the_generation_once_on_commit(world, fresh_cache):
    before = PageGeneration.objects.get(pk=1).value
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        ItemFactory(meeting=world.approved, number="2", title="To")
        AgendaItem.objects.filter(meeting=world.approved).update(conclusion="Samlet")
        assert PageGeneration.objects.get(pk=1).value == before  # not before the commit
    bumps = [q["sql"] for q in queries.captured_queries if "core_pagegeneration" in q["sql"]]
    assert len(bumps) == 2  # the read inside the block, and the one update after the commit
    assert bumps[1].startswith("UPDATE")
    assert PageGeneration.objects.get(pk=1).value != before


@committing
def test_a_rolled_back_transaction_keeps_the_generation(world, fresh_cache):
    before = PageGeneration.objects.get(pk=1).value
    with pytest.raises(RuntimeError), transaction.atomic():
        ItemFactory(meeting=world.approved, number="2", title="To")
        raise RuntimeError
    assert PageGeneration.objects.get(pk=1).value == before


@committing
def test_a_signed_in_user_never_gets_nor_makes_the_anonymous_page(world, fresh_cache):
    member = Client()
    member.force_login(world.member)
    page, state = _page(member, "/bodies/kg/")
    assert state == "miss"  # the member's own entry (motebok.core.pagecache, signed in)
    assert "Logget inn som" in page.content.decode()
    anonymous = Client()
    page, state = _page(anonymous, "/bodies/kg/")
    assert state == "miss"  # the member's visit cached nothing for the public
    assert "Logget inn som" not in page.content.decode()
    assert _page(anonymous, "/bodies/kg/")[1] == "hit"
    page, state = _page(member, "/bodies/kg/")
    assert state == "hit"
    assert "Logget inn som" in page.content.decode()


@committing
def test_an_api_token_bypasses_the_cache(world, fresh_cache):
    anonymous = Client()
    _cached(anonymous, "/api/v1/meetings/")
    response = anonymous.get("/api/v1/meetings/", headers={"Authorization": "Bearer wrong"})
    assert response.status_code == 401


@committing
def test_english_and_bokmal_are_cached_apart(world, fresh_cache):
    nb, en = Client(), Client()
    en.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for _ in range(2):
        nb_page, nb_state = _page(nb, "/")
        en_page, en_state = _page(en, "/")
        assert 'lang="nb"' in nb_page.content.decode()
        assert "Logg inn" in nb_page.content.decode()
        assert 'lang="en"' in en_page.content.decode()
        assert "Sign in" in en_page.content.decode()
        assert (nb_page.headers["Content-Language"], en_page.headers["Content-Language"]) == (
            "nb",
            "en",
        )
    assert (nb_state, en_state) == ("hit", "hit")
    by_header, state = _page(Client(), "/", headers={"Accept-Language": "en"})
    assert (state, by_header.headers["Content-Language"]) == ("hit", "en")


@committing
def test_draft_minutes_never_appear_and_error_pages_are_never_cached(world, fresh_cache):
    client = Client()
    for expected in ("miss", "hit"):  # the public view of a meeting whose minutes are a draft
        draft, state = _page(client, world.draft.get_absolute_url())
        assert "Konklusjon i minutes_draft" not in draft.content.decode()
        assert state == expected
    for _ in range(2):
        missing, state = _page(client, "/meetings/999999/")
        assert (missing.status_code, state) == (404, None)
    assert "Konklusjon i minutes_draft" not in _cached(client, "/bodies/kg/")


@committing
def test_two_processes_with_their_own_caches_never_serve_a_stale_page(world, settings):
    url = world.approved.get_absolute_url()
    client = Client()
    settings.CACHES = _locmem("process-a")
    _cached(client, url)
    settings.CACHES = _locmem("process-b")
    _rendered(client, url)
    item = world.approved.items.get()
    item.title = "Endret i prosess B"
    item.save()
    assert "Endret i prosess B" in _rendered(client, url)
    settings.CACHES = _locmem("process-a")  # its copy predates the change
    assert "Endret i prosess B" in _rendered(client, url)


@committing
def test_a_shared_cache_holds_the_generation_and_needs_no_query(
    world, settings, tmp_path, django_assert_num_queries
):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    client = Client()
    url = world.approved.get_absolute_url()
    assert _page(client, url)[1] == "miss"
    with django_assert_num_queries(0):
        assert _page(client, url)[1] == "hit"
    item = world.approved.items.get()
    item.title = "Endret med delt mellomlager"
    item.save()
    assert "Endret med delt mellomlager" in _rendered(client, url)


@committing
def test_zero_seconds_switches_the_cache_off(world, fresh_cache, settings):
    settings.MOTEBOK_PAGE_CACHE_SECONDS = 0
    client = Client()
    for _ in range(2):
        assert _page(client, "/")[1] is None


def test_uncommitted_archive_writes_bypass_the_cache(world, fresh_cache, django_assert_num_queries):
    """Inside a transaction that wrote to the archive (here: the test's), the connection sees
    rows no other process sees yet: it neither reads nor fills the cache."""
    client = Client()
    for _ in range(2):
        with django_assert_num_queries(2):  # the front page's own queries, no generation query
            assert _page(client, "/")[1] is None


@committing
def test_a_write_outside_a_transaction_makes_the_missing_generation_row(world):
    """The first write to a fresh database, in autocommit: the row is made while SQLite may still
    hold the writing statement open, and the write itself is kept."""
    PageGeneration.objects.all().delete()
    item = ItemFactory(meeting=world.approved, number="2", title="Første etter tømming")
    assert AgendaItem.objects.get(pk=item.pk).title == "Første etter tømming"
    assert len(PageGeneration.objects.get(pk=1).value) == 16
