"""`GET /healthz`: the database, the file storage, the task queue and the cache, as JSON."""

import logging

import pytest
import redis
from django.utils.crypto import get_random_string
from django_tasks_db.models import DBTaskResult

from motebok.core.env_urls import cache_from_url
from motebok.followup.tasks import send_due_reminders

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
NO_CACHE = "max-age=0, no-cache, no-store, must-revalidate, private"
REDIS_DB = 11  # a database of the machine's Redis that no other test uses


def _report(**changes) -> dict:
    """The answer of a healthy installation with the in-process task backend and the local
    cache, with ``changes``."""
    return {
        "status": "ok",
        "database": True,
        "storage": True,
        "tasks": True,
        "task_backend": "immediate",
        "cache": True,
        "cache_backend": "local",
    } | changes


@pytest.fixture
def immediate(settings):
    settings.TASKS = IMMEDIATE


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DATABASE_QUEUE


def test_healthy_with_the_in_process_task_backend(client, db, immediate, settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == NO_CACHE
    assert response.json() == _report()
    # The probe file was deleted again.
    assert list((settings.MEDIA_ROOT / "healthz").iterdir()) == []


def test_healthy_with_the_database_queue(client, db, database_queue):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == _report(task_backend="database")


def test_anonymous_and_logged_in_get_the_same_answer(client, world, immediate):
    anonymous = client.get("/healthz").json()
    client.force_login(world.secretariat)
    assert client.get("/healthz").json() == anonymous


def test_storage_that_cannot_be_written_gives_503(
    client, db, immediate, settings, tmp_path, caplog
):
    blocker = tmp_path / "a-file-not-a-folder"
    blocker.write_text("x")
    settings.MEDIA_ROOT = blocker / "media"
    with caplog.at_level(logging.WARNING, logger="motebok.core.health"):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == NO_CACHE
    assert response.json() == _report(status="unavailable", storage=False)
    # Why goes to the log, never into the answer.
    assert [r.getMessage() for r in caplog.records if r.name == "motebok.core.health"] == [
        "Health check: the file storage cannot be written"
    ]
    assert str(blocker) not in response.content.decode()


def test_a_task_backend_that_never_runs_tasks_gives_503(client, db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == _report(
        status="unavailable", tasks=False, task_backend="DummyBackend"
    )


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_only_get_and_head(client, db, immediate, method):
    response = getattr(client, method)("/healthz")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_head_answers_without_a_body(client, db, immediate):
    response = client.head("/healthz")
    assert response.status_code == 200
    assert response.content == b""


def test_in_process_backend_costs_one_query(client, db, immediate, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize("waiting", [0, 30])
def test_database_queue_costs_two_queries_whatever_its_size(
    client, db, database_queue, django_assert_num_queries, waiting
):
    for _ in range(waiting):
        send_due_reminders.enqueue()
    assert DBTaskResult.objects.count() == waiting
    with django_assert_num_queries(2):
        assert client.get("/healthz").status_code == 200


@pytest.fixture
def redis_prefix():
    """A key prefix of this test's own in the test Redis database; its keys are removed after."""
    prefix = f"motebok-health-test-{get_random_string(8)}"
    client = redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB)
    yield prefix, lambda: sorted(client.scan_iter(match=f"{prefix}:*"))
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)
    client.close()


def test_healthy_with_a_shared_redis_cache(
    client, db, immediate, settings, redis_prefix, django_assert_num_queries
):
    prefix, keys = redis_prefix
    settings.CACHES = {
        "default": cache_from_url(
            "MOTEBOK_CACHE_URL", f"redis://127.0.0.1:6379/{REDIS_DB}?prefix={prefix}"
        )
    }
    with django_assert_num_queries(1):  # the cache costs no SQL query
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == _report(cache_backend="redis")
    assert keys() == []  # the probe key was deleted again


def test_a_shared_cache_that_does_not_answer_gives_503(client, db, immediate, settings, caplog):
    settings.CACHES = {"default": cache_from_url("MOTEBOK_CACHE_URL", "redis://127.0.0.1:1/0")}
    with caplog.at_level(logging.WARNING, logger="motebok.core.health"):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response["Cache-Control"] == NO_CACHE
    assert response.json() == _report(status="unavailable", cache=False, cache_backend="redis")
    assert [r.getMessage() for r in caplog.records if r.name == "motebok.core.health"] == [
        "Health check: the shared cache does not answer"
    ]
    assert "127.0.0.1:1" not in response.content.decode()
