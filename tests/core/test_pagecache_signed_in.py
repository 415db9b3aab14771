"""Pages kept per signed-in user (motebok.core.pagecache.SignedInPageCacheMiddleware).

These tests commit (``transaction=True``): the generations are replaced when a transaction
commits, and a connection holding uncommitted writes never uses the cache.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.utils import timezone

from motebok.api.services import create_token
from motebok.core.models import PageGeneration
from motebok.followup.models import Task

committing = pytest.mark.django_db(transaction=True)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')
TASKS = "/tasks/"


@pytest.fixture
def fresh_cache(settings, request):
    """An empty cache of this process's own (as in a web worker with no MOTEBOK_CACHE_URL)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"signed-in-{request.node.name}",
        }
    }
    settings.MOTEBOK_PAGE_CACHE_SECONDS = 60


@pytest.fixture
def task(world):
    return Task.objects.create(
        cooperation=world.coop,
        text="Sende innspill til fylket",
        due=timezone.localdate() + dt.timedelta(days=7),
        responsible_person=world.member.person,
    )


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _kept(user) -> Client:
    """A client of ``user`` whose task list is in the cache."""
    client = _signed_in(user)
    assert _page(client, TASKS)[1] == "miss"
    assert _page(client, TASKS)[1] == "hit"
    return client


def _page(client, url):
    response = client.get(url)
    return response, response.headers.get("X-Page-Cache")


def _text(response) -> str:
    return TOKEN.sub("", response.content.decode())


@committing
def test_the_task_list_is_kept_for_its_user_and_served_with_three_queries(
    world, task, fresh_cache, django_assert_num_queries
):
    client = _signed_in(world.member)
    first, state = _page(client, TASKS)
    assert (first.status_code, state) == (200, "miss")
    assert "Sende innspill til fylket" in first.content.decode()
    with django_assert_num_queries(3):  # the session, the user, the generation
        second, state = _page(client, TASKS)
    assert (second.status_code, state) == (200, "hit")
    assert _text(second) == _text(first)
    assert TOKEN.search(second.content.decode()).group(1) != TOKEN.search(
        first.content.decode()
    ).group(1)
    assert "Cookie" in second.headers["Vary"]
    assert second.headers["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in second.headers


@committing
def test_one_users_page_is_never_served_to_another(world, task, fresh_cache):
    member, secretariat = _signed_in(world.member), _signed_in(world.secretariat)
    assert _page(member, TASKS)[1] == "miss"
    assert _page(member, TASKS)[1] == "hit"
    page, state = _page(secretariat, TASKS)
    assert state == "miss"
    assert "Logget inn som sekretariat" in page.content.decode()
    assert "Logget inn som medlem" not in page.content.decode()
    page, state = _page(member, TASKS)
    assert state == "hit"
    assert "Logget inn som medlem" in page.content.decode()
    anonymous, state = _page(Client(), TASKS)
    assert (anonymous.status_code, state) == (302, None)  # to the login page, nothing kept


@committing
def test_a_changed_task_shows_at_the_next_request(world, task, fresh_cache):
    client = _kept(world.member)
    task.text = "Sende innspill til Statens vegvesen"
    task.save()
    page, state = _page(client, TASKS)
    assert state == "miss"
    assert "Sende innspill til Statens vegvesen" in page.content.decode()
    assert "Sende innspill til fylket" not in page.content.decode()


@committing
def test_a_changed_account_shows_at_once_and_a_new_password_signs_out(world, task, fresh_cache):
    client = _kept(world.member)
    world.member.first_name, world.member.last_name = "Mona", "Medlem"
    world.member.save()
    page, state = _page(client, TASKS)
    assert state == "miss"
    assert "Logget inn som Mona Medlem" in page.content.decode()
    assert _page(client, TASKS)[1] == "hit"
    world.member.set_password("et-helt-nytt-passord")
    world.member.save()
    page, state = _page(client, TASKS)
    assert (page.status_code, state) == (302, None)
    assert page.headers["Location"].startswith("/login/")


@committing
def test_a_waiting_message_is_shown_by_a_rendered_page(world, task, fresh_cache):
    client = _kept(world.member)
    carrier = HttpResponse()
    CookieStorage(RequestFactory().get(TASKS))._store(
        [Message(constants.SUCCESS, "Oppgaven er lagret")], carrier
    )
    client.cookies[CookieStorage.cookie_name] = carrier.cookies[CookieStorage.cookie_name].value
    page, state = _page(client, TASKS)
    assert state is None
    assert "Oppgaven er lagret" in page.content.decode()
    page, state = _page(client, TASKS)  # the message was shown once; the kept page is current
    assert state == "hit"
    assert "Oppgaven er lagret" not in page.content.decode()


@committing
def test_signing_out_ends_the_kept_pages(world, task, fresh_cache):
    client = _kept(world.member)
    client.post("/logout/")
    page, state = _page(client, TASKS)
    assert (page.status_code, state) == (302, None)


@committing
def test_pages_outside_the_list_are_rendered_every_time(world, fresh_cache):
    client = _signed_in(world.secretariat)
    for _ in range(2):
        page, state = _page(client, "/api-tokens/")
        assert (page.status_code, state) == (200, None)


@committing
def test_a_login_keeps_the_public_pages_and_an_account_change_only_the_signed_in_ones(
    world, fresh_cache
):
    anonymous = Client()
    _page(anonymous, "/")
    assert _page(anonymous, "/")[1] == "hit"
    public = PageGeneration.objects.get(pk=1).value
    signed_in = Client()
    assert signed_in.login(username="sekretariat", password="pw")  # last_login, a session
    assert _page(anonymous, "/")[1] == "hit"
    _page(signed_in, "/")
    assert _page(signed_in, "/")[1] == "hit"
    before = PageGeneration.objects.get(pk=2).value
    world.other.first_name = "Annen"  # another user's account: shown in the secretariat's lists
    world.other.save()
    assert PageGeneration.objects.get(pk=1).value == public
    assert PageGeneration.objects.get(pk=2).value != before
    assert _page(signed_in, "/")[1] == "miss"
    assert _page(anonymous, "/")[1] == "hit"


@committing
def test_api_calls_with_a_token_keep_every_page(world, fresh_cache):
    signed_in = _kept(world.member)
    _, secret = create_token(world.secretariat, "Integrasjon")
    generations = list(PageGeneration.objects.order_by("pk").values_list("value", flat=True))
    api = Client(headers={"Authorization": f"Bearer {secret}"})
    assert api.get("/api/v1/meetings/").status_code == 200  # records the token's last use
    assert list(PageGeneration.objects.order_by("pk").values_list("value", flat=True)) == (
        generations
    )
    assert _page(signed_in, TASKS)[1] == "hit"
