"""The read replica, with a second database of the same kind standing in for it.

The stand-in holds its own copy of the rows, differing from the primary in one meeting's title,
so every test can tell which database served it. On PostgreSQL it is a second test database on
the same server; on SQLite a second in-memory database.
"""

from __future__ import annotations

import copy
import os
import subprocess
import sys
import threading

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.core import serializers
from django.db import DEFAULT_DB_ALIAS, connections, router
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from factories import BodyFactory, CooperationFactory, ItemFactory, MeetingFactory, UserFactory
from motebok.core.replica import REPLICA_DB_ALIAS, public_read
from motebok.meetings.enums import MeetingStatus
from motebok.meetings.models import Meeting
from serving import motebok_env, run_motebok

BOTH = [DEFAULT_DB_ALIAS, REPLICA_DB_ALIAS]
PRIMARY_TITLE = "Fra primærbasen"
REPLICA_TITLE = "Fra replikaen"


@pytest.fixture(scope="module")
def replica_db(django_db_setup, django_db_blocker):
    """A ``replica`` database alias for this module only, migrated like the primary."""
    saved = django_settings.DATABASES.get(REPLICA_DB_ALIAS)
    if saved is not None:  # MOTEBOK_DATABASE_REPLICA_URL is set: its test mirror steps aside
        connections[REPLICA_DB_ALIAS].close()
        del connections[REPLICA_DB_ALIAS]
    primary = connections[DEFAULT_DB_ALIAS].settings_dict
    entry = copy.deepcopy(primary)
    # SQLite: None gives a second in-memory database; PostgreSQL: a second test database.
    test_name = None if primary["ENGINE"].endswith("sqlite3") else f"{primary['NAME']}_replica"
    entry["TEST"] = {"NAME": test_name}
    entry = connections.configure_settings(
        {DEFAULT_DB_ALIAS: copy.deepcopy(primary), REPLICA_DB_ALIAS: entry}
    )[REPLICA_DB_ALIAS]
    django_settings.DATABASES[REPLICA_DB_ALIAS] = entry
    # A physical replica has the primary's schema; here migrate builds it (the router would not).
    with django_db_blocker.unblock(), override_settings(DATABASE_ROUTERS=[]):
        old_name = connections[REPLICA_DB_ALIAS].creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False
        )
    yield
    with django_db_blocker.unblock():
        connections[REPLICA_DB_ALIAS].creation.destroy_test_db(old_name, verbosity=0)
    del connections[REPLICA_DB_ALIAS]
    # connections.settings is settings.DATABASES itself.
    del django_settings.DATABASES[REPLICA_DB_ALIAS]
    if saved is not None:
        django_settings.DATABASES[REPLICA_DB_ALIAS] = saved


def _replicate(*objects):
    """Copy rows to the stand-in as replication would: raw saves with the same primary keys."""
    for row in serializers.deserialize("python", serializers.serialize("python", objects)):
        row.save(using=REPLICA_DB_ALIAS)


@pytest.fixture
def meeting(replica_db):
    """A meeting with approved minutes on both databases; only the replica's has REPLICA_TITLE."""
    coop = CooperationFactory(name="Osloregionen", slug="osloregionen")
    body = BodyFactory(cooperation=coop, name="Koordineringsgruppen", slug="kg")
    m = MeetingFactory(body=body, title=PRIMARY_TITLE, status=MeetingStatus.MINUTES_APPROVED)
    item = ItemFactory(meeting=m, number="1", title="Budsjett", conclusion="Vedtatt.")
    _replicate(coop, body, m, item)
    Meeting.objects.using(REPLICA_DB_ALIAS).filter(pk=m.pk).update(title=REPLICA_TITLE)
    return m


@pytest.fixture
def routed(meeting, settings):
    """The router and middleware on, as ``MOTEBOK_DATABASE_REPLICA_URL`` turns them on."""
    settings.DATABASE_ROUTERS = ["motebok.core.replica.ReplicaRouter"]
    settings.MIDDLEWARE = ["motebok.core.replica.ReplicaMiddleware", *settings.MIDDLEWARE]
    return meeting


class Queries:
    """The SQL each database ran inside the block."""

    def __enter__(self):
        self._contexts = {alias: CaptureQueriesContext(connections[alias]) for alias in BOTH}
        for context in self._contexts.values():
            context.__enter__()
        return self

    def __exit__(self, *exc):
        for context in self._contexts.values():
            context.__exit__(*exc)

    @property
    def counts(self) -> dict[str, int]:
        return {alias: len(context.captured_queries) for alias, context in self._contexts.items()}


def _h1(response) -> str:
    html = response.content.decode()
    start = html.index('<h1 class="ds-heading" data-size="xl">') + len(
        '<h1 class="ds-heading" data-size="xl">'
    )
    return html[start : html.index("</h1>", start)]


@pytest.mark.django_db(databases=BOTH)
def test_anonymous_public_page_reads_only_the_replica(client, routed):
    with Queries() as q:
        response = client.get(routed.get_absolute_url())
    assert response.status_code == 200
    assert _h1(response) == REPLICA_TITLE
    assert q.counts == {DEFAULT_DB_ALIAS: 0, REPLICA_DB_ALIAS: 8}
    _replicate(*(ItemFactory(meeting=routed, number=str(n)) for n in range(2, 12)))
    with Queries() as q:
        html = client.get(routed.get_absolute_url()).content.decode()
    assert html.count('class="item__number"') == 11
    assert q.counts == {DEFAULT_DB_ALIAS: 0, REPLICA_DB_ALIAS: 8}


@pytest.mark.django_db(databases=BOTH)
def test_anonymous_head_reads_the_replica(client, routed):
    with Queries() as q:
        assert client.head(routed.get_absolute_url()).status_code == 200
    assert q.counts == {DEFAULT_DB_ALIAS: 0, REPLICA_DB_ALIAS: 8}


@pytest.mark.django_db(databases=BOTH)
def test_signed_in_user_reads_the_primary(client, routed):
    client.force_login(UserFactory(username="medlem"))
    with Queries() as q:
        response = client.get(routed.get_absolute_url())
    assert response.status_code == 200
    assert _h1(response) == PRIMARY_TITLE
    assert q.counts == {DEFAULT_DB_ALIAS: 12, REPLICA_DB_ALIAS: 0}


@pytest.mark.django_db(databases=BOTH)
def test_a_session_cookie_alone_keeps_the_request_on_the_primary(client, routed):
    """Someone who just posted may carry a session without being signed in: no replica lag."""
    client.cookies[django_settings.SESSION_COOKIE_NAME] = "no-such-session"
    with Queries() as q:
        response = client.get(routed.get_absolute_url())
    assert _h1(response) == PRIMARY_TITLE
    assert q.counts == {DEFAULT_DB_ALIAS: 9, REPLICA_DB_ALIAS: 0}


@pytest.mark.django_db(databases=BOTH)
def test_a_page_off_the_list_reads_the_primary(client, routed):
    """A personal calendar feed is not public: a token made moments ago must be found."""
    from motebok.meetings.personal_calendar import issue_token

    token = issue_token(UserFactory(username="medlem"))
    with Queries() as q:
        response = client.get(reverse("personal_calendar_feed", args=[token.token]))
    assert response.status_code == 200
    assert q.counts == {DEFAULT_DB_ALIAS: 2, REPLICA_DB_ALIAS: 0}


@pytest.mark.django_db(databases=BOTH)
def test_public_api_list_reads_the_replica(client, routed):
    with Queries() as q:
        response = client.get("/api/v1/meetings/")
    assert response.status_code == 200
    assert [m["title"] for m in response.json()["items"]] == [REPLICA_TITLE]
    assert q.counts == {DEFAULT_DB_ALIAS: 0, REPLICA_DB_ALIAS: 2}


@pytest.mark.django_db(databases=BOTH)
def test_api_request_with_a_token_reads_the_primary(client, routed):
    """The token exists only on the primary: read from the replica, it would be refused."""
    from motebok.api.services import create_token

    _, token = create_token(UserFactory(username="skript"), "skript")
    with Queries() as q:
        response = client.get("/api/v1/meetings/", headers={"authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert [m["title"] for m in response.json()["items"]] == [PRIMARY_TITLE]
    assert q.counts == {DEFAULT_DB_ALIAS: 4, REPLICA_DB_ALIAS: 0}


@pytest.mark.django_db(databases=BOTH)
def test_anonymous_search_reads_the_replica(client, routed):
    """The search entries exist only on the replica: the public finds them, a member does not."""
    from motebok.archive import index
    from motebok.archive.models import SearchEntry

    index.index_meeting(routed)
    _replicate(*SearchEntry.objects.using(DEFAULT_DB_ALIAS).order_by("pk"))
    SearchEntry.objects.using(DEFAULT_DB_ALIAS).all().delete()
    with Queries() as q:
        found = client.get("/api/v1/search/", {"q": "budsjett"}).json()
    assert [(hit["kind"], hit["title"]) for hit in found["items"]] == [
        ("item_title", "1. Budsjett")
    ]
    assert q.counts == {DEFAULT_DB_ALIAS: 0, REPLICA_DB_ALIAS: 2}
    client.force_login(UserFactory(username="medlem"))
    assert client.get("/api/v1/search/", {"q": "budsjett"}).json() == {"count": 0, "items": []}


@pytest.mark.django_db(databases=BOTH)
def test_sign_in_post_reads_and_writes_only_the_primary(client, routed):
    """The user exists only on the primary: a sign-in that read the replica would fail."""
    user = UserFactory(username="ny")
    user.set_password("et-langt-passord")
    user.save()
    with Queries() as q:
        response = client.post(reverse("login"), {"username": "ny", "password": "et-langt-passord"})
    assert response.status_code == 302
    assert q.counts[REPLICA_DB_ALIAS] == 0
    assert Session.objects.using(DEFAULT_DB_ALIAS).count() == 1
    assert Session.objects.using(REPLICA_DB_ALIAS).count() == 0
    user.refresh_from_db(using=DEFAULT_DB_ALIAS)
    assert user.last_login is not None


@pytest.mark.django_db(databases=BOTH)
def test_a_read_after_a_write_in_the_same_request_reads_the_primary(routed):
    with public_read(), Queries() as q:
        assert Meeting.objects.get(pk=routed.pk).title == REPLICA_TITLE
        Meeting.objects.filter(pk=routed.pk).update(place="Bergen")
        assert Meeting.objects.get(pk=routed.pk).title == PRIMARY_TITLE
    assert q.counts == {DEFAULT_DB_ALIAS: 2, REPLICA_DB_ALIAS: 1}
    assert Meeting.objects.using(REPLICA_DB_ALIAS).get(pk=routed.pk).place == "Oslo rådhus"


@pytest.mark.django_db(databases=BOTH)
def test_a_model_read_from_the_replica_is_saved_to_the_primary(routed):
    with public_read():
        m = Meeting.objects.get(pk=routed.pk)
        m.place = "Tromsø"
        m.save(update_fields=["place"])
    assert Meeting.objects.using(DEFAULT_DB_ALIAS).get(pk=routed.pk).place == "Tromsø"
    assert Meeting.objects.using(REPLICA_DB_ALIAS).get(pk=routed.pk).place == "Oslo rådhus"


@pytest.mark.django_db(databases=BOTH)
def test_an_object_read_from_the_replica_can_be_related_to_a_new_one(routed):
    from motebok.orgs.models import Body

    with public_read():
        body = Body.objects.get(pk=routed.body_id)
    assert body._state.db == REPLICA_DB_ALIAS
    new = Meeting.objects.create(body=body, start=routed.start, title="Ny")
    assert new._state.db == DEFAULT_DB_ALIAS
    assert Meeting.objects.using(DEFAULT_DB_ALIAS).get(pk=new.pk).body_id == body.pk
    assert not Meeting.objects.using(REPLICA_DB_ALIAS).filter(pk=new.pk).exists()


@pytest.mark.django_db(databases=BOTH)
def test_reads_outside_a_marked_request_use_the_primary(routed):
    """Management commands and background tasks are never marked."""
    assert Meeting.objects.get(pk=routed.pk).title == PRIMARY_TITLE


@pytest.mark.django_db(databases=BOTH, transaction=True)
def test_the_mark_does_not_leak_into_another_thread(routed):
    seen = []

    def read():
        seen.append(Meeting.objects.get(pk=routed.pk).title)
        connections.close_all()

    with public_read():
        thread = threading.Thread(target=read)
        thread.start()
        thread.join()
        seen.append(Meeting.objects.get(pk=routed.pk).title)
    assert seen == [PRIMARY_TITLE, REPLICA_TITLE]


def test_migrations_run_only_on_the_primary():
    from motebok.core.replica import ReplicaRouter

    r = ReplicaRouter()
    assert r.allow_migrate(DEFAULT_DB_ALIAS, "meetings", "meeting") is True
    assert r.allow_migrate(REPLICA_DB_ALIAS, "meetings", "meeting") is False
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "meetings") is True


def _settings_in(**environ) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith("MOTEBOK_")}
    base.update(MOTEBOK_SECRET_KEY="s", DJANGO_SETTINGS_MODULE="motebok.settings", **environ)
    code = (
        "from django.conf import settings as s; "
        "r = s.DATABASES.get('replica'); "
        "print(sorted(s.DATABASES), s.DATABASE_ROUTERS, s.MIDDLEWARE[0]); "
        "print(r and (r['ENGINE'], r['NAME'], r['HOST'], r['CONN_MAX_AGE'], "
        "r['CONN_HEALTH_CHECKS'], r['TEST']))"
    )
    return subprocess.run(
        [sys.executable, "-c", code], env=base, capture_output=True, text=True, timeout=60
    )


def test_without_a_replica_url_there_is_no_replica(tmp_path):
    result = _settings_in(MOTEBOK_DATA_DIR=str(tmp_path))
    assert result.stderr == ""
    assert result.stdout == ("['default'] [] django.middleware.security.SecurityMiddleware\nNone\n")


def test_the_replica_url_adds_the_database_router_and_middleware(tmp_path):
    result = _settings_in(
        MOTEBOK_DATA_DIR=str(tmp_path),
        MOTEBOK_DATABASE_URL="postgres://motebok@db1:5432/motebok",
        MOTEBOK_DATABASE_REPLICA_URL="postgres://motebok@db2:5432/motebok",
    )
    assert result.stderr == ""
    assert result.stdout == (
        "['default', 'replica'] ['motebok.core.replica.ReplicaRouter'] "
        "motebok.core.replica.ReplicaMiddleware\n"
        "('django.db.backends.postgresql', 'motebok', 'db2', 60, True, {'MIRROR': 'default'})\n"
    )


def test_a_bad_replica_url_stops_with_one_line(tmp_path):
    env = motebok_env(
        MOTEBOK_SECRET_KEY="s",
        MOTEBOK_DATA_DIR=str(tmp_path),
        MOTEBOK_DATABASE_REPLICA_URL="mysql://root@db2/motebok",
    )
    result = run_motebok("check", env=env, timeout=120)
    assert result.returncode == 2
    assert result.stderr == (
        "motebok: configuration error: MOTEBOK_DATABASE_REPLICA_URL: unknown database scheme "
        "'mysql'; use sqlite:///PATH or postgres://USER@HOST:PORT/NAME\n"
    )
