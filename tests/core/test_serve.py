"""`motebok serve`: gunicorn in a real subprocess, static files through WhiteNoise, JSON logs.

One server for the module, on the database the tests run on: on PostgreSQL the test database
that pytest-django has migrated, on SQLite a fresh database in the server's own data folder.
"""

import gzip
import json
import re

import brotli
import pytest
from django.conf import settings

from motebok.core.middleware import CONTENT_SECURITY_POLICY
from serving import Server, database_url, motebok_env, run_motebok

# The mark makes pytest-django set up the test database, which the server uses on PostgreSQL.
pytestmark = pytest.mark.django_db

TEN_YEARS = "max-age=315360000, public, immutable"


@pytest.fixture(scope="module")
def server(django_db_setup, tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("serve")
    env = motebok_env(
        MOTEBOK_DATA_DIR=str(data_dir),
        MOTEBOK_SECRET_KEY="test-only-serve-secret",
        MOTEBOK_HTTPS="0",
        MOTEBOK_TASK_WORKER="1",
        MOTEBOK_LOG_FORMAT="json",
    )
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.postgresql":
        env["MOTEBOK_DATABASE_URL"] = database_url(database)
    else:
        migrated = run_motebok("migrate", "--no-input", "-v0", env=env, cwd=data_dir)
        assert migrated.returncode == 0, migrated.stderr
    served = Server(data_dir=data_dir, env=env)
    try:
        served.start("--workers", "2")
        yield served
    finally:
        served.stop()


def _manifest(server):
    return json.loads((server.data_dir / "static" / "staticfiles.json").read_text())["paths"]


def test_healthz_answers_json_with_every_part_reachable(server):
    answer = server.get("/healthz")
    assert answer.status == 200
    assert answer.headers["Content-Type"] == "application/json"
    assert (
        answer.headers["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    )
    assert json.loads(answer.body) == {
        "status": "ok",
        "database": True,
        "storage": True,
        "tasks": True,
        "task_backend": "database",
        "cache": True,
        "cache_backend": "local",
    }
    assert list((server.data_dir / "files" / "healthz").iterdir()) == []


def test_front_page_links_to_the_hashed_static_files(server):
    answer = server.get("/")
    assert answer.status == 200
    assert answer.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    manifest = _manifest(server)
    links = re.findall(r'(?:href|src)="/static/([^"]+)"', answer.body.decode())
    assert manifest["css/app.css"] in links
    assert manifest["vendor/htmx/htmx.min.js"] in links
    assert [link for link in links if link not in set(manifest.values())] == []


@pytest.mark.parametrize(
    ("encoding", "decompress"), [("gzip", gzip.decompress), ("br", brotli.decompress)]
)
def test_hashed_static_file_is_compressed_and_cached_for_ten_years(server, encoding, decompress):
    hashed = _manifest(server)["css/app.css"]
    assert re.fullmatch(r"css/app\.[0-9a-f]{12}\.css", hashed)
    answer = server.get(f"/static/{hashed}", headers={"Accept-Encoding": encoding})
    assert answer.status == 200
    assert answer.headers["Content-Encoding"] == encoding
    assert answer.headers["Cache-Control"] == TEN_YEARS
    assert answer.headers["Vary"] == "Accept-Encoding"
    assert answer.headers["Content-Type"] == 'text/css; charset="utf-8"'
    collected = (server.data_dir / "static" / hashed).read_bytes()
    assert decompress(answer.body) == collected
    assert len(answer.body) < len(collected)


def test_static_file_without_compression_when_not_asked(server):
    hashed = _manifest(server)["css/app.css"]
    answer = server.get(f"/static/{hashed}", headers={"Accept-Encoding": "identity"})
    assert answer.status == 200
    assert "Content-Encoding" not in answer.headers
    assert answer.body == (server.data_dir / "static" / hashed).read_bytes()


def test_plain_static_name_is_cached_only_briefly(server):
    answer = server.get("/static/css/app.css", headers={"Accept-Encoding": "gzip"})
    assert answer.status == 200
    assert answer.headers["Cache-Control"] == "max-age=60, public"


def test_stops_cleanly_and_logs_one_json_object_per_line(server):
    server.get("/healthz")
    assert server.stop() == 0
    lines = server.stderr_path.read_text().splitlines()
    records = [json.loads(line) for line in lines]  # every line is one JSON object
    assert {r["logger"] for r in records} >= {
        "gunicorn.error",
        "gunicorn.access",
    }
    access = [r for r in records if r["logger"] == "gunicorn.access" and r["path"] == "/healthz"]
    assert access, lines
    first = access[0]
    assert {k: first[k] for k in ("level", "method", "path", "query", "status", "message")} == {
        "level": "INFO",
        "method": "GET",
        "path": "/healthz",
        "query": None,
        "status": 200,
        "message": '"GET /healthz HTTP/1.1" 200',
    }
    assert first["remote_addr"] == "127.0.0.1"
    assert isinstance(first["duration_ms"], int)
    assert first["bytes"] == len(
        b'{"status": "ok", "database": true, "storage": true, "tasks": true, '
        b'"task_backend": "database", "cache": true, "cache_backend": "local"}'
    )
    assert [r["message"] for r in records if r["logger"] == "gunicorn.error"][-1] == (
        "Shutting down: Master"
    )


def test_refuses_a_worker_count_below_one(tmp_path):
    env = motebok_env(MOTEBOK_DATA_DIR=str(tmp_path), MOTEBOK_SECRET_KEY="s", MOTEBOK_HTTPS="0")
    result = run_motebok("serve", "--workers", "0", env=env, cwd=tmp_path, timeout=120)
    assert result.returncode == 1
    assert result.stderr == "CommandError: --workers must be at least 1.\n"
    assert not (tmp_path / "static").exists()


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("MOTEBOK_WEB_WORKERS", "many", "MOTEBOK_WEB_WORKERS='many' is not a whole number"),
        ("MOTEBOK_WEB_WORKERS", "0", "MOTEBOK_WEB_WORKERS=0 is below the minimum 1"),
        (
            "MOTEBOK_LOG_FORMAT",
            "xml",
            "MOTEBOK_LOG_FORMAT='xml' is not a log format; use text or json",
        ),
    ],
)
def test_bad_serving_settings_stop_with_one_line(tmp_path, variable, value, message):
    env = motebok_env(
        MOTEBOK_DATA_DIR=str(tmp_path),
        MOTEBOK_SECRET_KEY="s",
        MOTEBOK_HTTPS="0",
        **{variable: value},
    )
    result = run_motebok("serve", env=env, cwd=tmp_path, timeout=120)
    assert result.returncode == 2
    assert result.stderr == f"motebok: configuration error: {message}\n"
