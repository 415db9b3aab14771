"""Two web nodes, one PostgreSQL, one S3 server, one Redis and a worker: nothing that one node
needs is kept in another node's memory or on its disk.

The installation is a fresh PostgreSQL database with the demo loaded; the nodes are real
``motebok serve`` processes on two loopback ports, each with its own data folder; files go to a
moto S3 server started here; sessions are cached in the Redis on 127.0.0.1:6379 under a key
prefix of this run. Two nodes need one shared database, so on SQLite the suite is skipped.
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import secrets
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
from django.conf import settings

from installation import postgresql_installation
from s3server import S3Server
from serving import Server

ON_POSTGRESQL = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
pytestmark = [
    pytest.mark.production,
    pytest.mark.skipif(
        not ON_POSTGRESQL,
        reason="two nodes share one PostgreSQL database; this run is on SQLite",
    ),
]

REDIS = "redis://127.0.0.1:6379/0"
BUCKET = "motebok-files"
PASSWORD = "motebok-demo"  # the demo's
PAPER = "Saksframlegg med unntatt vedlegg, æøå.\n".encode() * 50
WORKER_TIMEOUT = 180


@dataclass
class Cluster:
    a: Server
    b: Server
    s3: S3Server
    env: dict
    installation: object
    cache_prefix: str


def _run(installation, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    result = installation.run(*args, check=False, timeout=timeout)
    assert result.returncode == 0, result.stderr
    return result


def _redis():
    import redis

    client = redis.Redis.from_url(REDIS, socket_timeout=5, socket_connect_timeout=5)
    try:
        client.ping()
    except redis.ConnectionError as exc:
        client.close()
        pytest.fail(f"the production suite needs Redis at {REDIS}: {exc}")
    return client


def _start_nodes(nodes: list[Server]) -> None:
    """Both at once: each collects its static files, then answers /healthz."""
    with ThreadPoolExecutor(max_workers=len(nodes)) as pool:
        for started in [pool.submit(node.start, "--workers", "1") for node in nodes]:
            started.result()


def _stop_nodes(nodes: list[Server]) -> None:
    with ThreadPoolExecutor(max_workers=len(nodes)) as pool:
        list(pool.map(Server.stop, nodes))


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    folder = tmp_path_factory.mktemp("two-nodes")
    cache_prefix = f"motebok-test-{uuid.uuid4().hex[:10]}"
    redis_client = _redis()
    s3 = S3Server(log_dir=folder)
    try:
        s3.start()
        s3.create_bucket(BUCKET)
        with postgresql_installation(folder / "installation") as installation:
            env = installation.env | {
                "MOTEBOK_SECRET_KEY": secrets.token_urlsafe(40),  # the same on every node
                "MOTEBOK_STORAGE_URL": s3.storage_url(BUCKET, "files"),
                "MOTEBOK_CACHE_URL": f"{REDIS}?prefix={cache_prefix}",
                "MOTEBOK_TASK_WORKER": "1",
            }
            installation.env = env
            _run(installation, "migrate", "--no-input", "-v0")
            _run(installation, "load_demo")
            nodes = []
            for name in ("a", "b"):
                data_dir = folder / f"node-{name}"
                data_dir.mkdir()
                nodes.append(
                    Server(data_dir=data_dir, env=env | {"MOTEBOK_DATA_DIR": str(data_dir)})
                )
            try:
                _start_nodes(nodes)
                yield Cluster(nodes[0], nodes[1], s3, env, installation, cache_prefix)
            finally:
                _stop_nodes(nodes)  # before their database is dropped
    finally:
        s3.stop()
        keys = list(redis_client.scan_iter(match=f"{cache_prefix}:*", count=1000))
        if keys:
            redis_client.delete(*keys)
        redis_client.close()


class Browser:
    """Cookies in one jar for every node (cookies do not tell ports apart), no redirects
    followed, the CSRF token taken from the page the form is on."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), self._NoRedirect
        )

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.name == name), None)

    def request(self, url: str, data: bytes | None = None, headers: dict | None = None):
        request = urllib.request.Request(url, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=60) as answer:
                return answer.status, dict(answer.headers.items()), answer.read()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, dict(error.headers.items()), error.read()

    def csrf_token(self, url: str) -> str:
        status, _headers, body = self.request(url)
        assert status == 200, (url, status)
        return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()

    def post(self, url: str, fields: dict[str, str], files: dict | None = None):
        if not files:
            data = urllib.parse.urlencode(fields).encode()
            return self.request(url, data, {"Content-Type": "application/x-www-form-urlencoded"})
        boundary = uuid.uuid4().hex
        parts = []
        for key, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        for key, (filename, content, content_type) in files.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
                + content
                + b"\r\n"
            )
        data = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request(
            url, data, {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        )

    def log_in(self, node: Server, username: str) -> None:
        token = self.csrf_token(f"{node.url}/login/")
        status, headers, _body = self.post(
            f"{node.url}/login/",
            {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD},
        )
        assert (status, headers.get("Location")) == (302, "/"), status


def _planned_meeting(cluster: Cluster) -> int:
    rows = cluster.installation.query(
        "SELECT m.id FROM meetings_meeting m JOIN orgs_body b ON b.id = m.body_id "
        "JOIN orgs_organization c ON c.id = b.cooperation_id "
        "WHERE c.slug = 'osloregionen' AND m.status = 'planned' AND m.start > now() "
        "ORDER BY m.start, m.id LIMIT 1"
    )
    return rows[0][0]


def test_a_paper_uploaded_through_one_node_is_downloaded_through_the_other(cluster):
    meeting = _planned_meeting(cluster)
    secretariat = Browser()
    secretariat.log_in(cluster.a, "sekretariat")
    editor = f"{cluster.a.url}/meetings/{meeting}/agenda/"
    status, headers, _ = secretariat.post(
        f"{editor}papers/",
        {
            "csrfmiddlewaretoken": secretariat.csrf_token(editor),
            "paper-title": "Unntatt vedlegg",
            "paper-item": "",
            "paper-access": "exempt",
            "paper-legal_basis": "Offl. § 14",
        },
        files={"paper-file": ("vedlegg.txt", PAPER, "text/plain")},
    )
    assert (status, headers["Location"]) == (302, f"/meetings/{meeting}/agenda/")
    [(document, name, public, basis)] = cluster.installation.query(
        "SELECT id, file, public, legal_basis FROM meetings_document "
        f"WHERE meeting_id = {meeting} AND title = 'Unntatt vedlegg'"
    )
    assert (public, basis) == (False, "Offl. § 14")
    # The file is in the bucket under the URL's prefix, and on neither node's disk.
    stored = cluster.s3.objects(BUCKET)
    assert stored[f"files/{name}"] == PAPER
    assert [key for key in stored if not key.startswith("files/documents/")] == []
    for node in (cluster.a, cluster.b):
        assert [p for p in (node.data_dir / "files").rglob("*") if p.is_file()] == []

    download = f"{cluster.b.url}/documents/{document}/download/"
    status, headers, body = secretariat.request(download)
    assert status == 200
    assert body == PAPER
    assert headers["Content-Length"] == str(len(PAPER))
    assert headers["Content-Disposition"] == 'attachment; filename="vedlegg.txt"'
    assert headers["Cache-Control"] == "private, no-store"

    status, headers, body = Browser().request(download)  # anonymous: as if it did not exist
    assert status == 404
    assert PAPER not in body
    other = Browser()  # the secretariat of another cooperation
    other.log_in(cluster.b, "annen")
    status, _headers, body = other.request(download)
    assert status == 404
    assert PAPER not in body


def test_a_session_started_on_one_node_is_valid_on_the_other_until_logged_out(cluster):
    meeting = _planned_meeting(cluster)
    browser = Browser()
    browser.log_in(cluster.a, "sekretariat")
    session = browser.cookie("sessionid")
    editor = f"/meetings/{meeting}/agenda/"
    assert browser.request(cluster.b.url + editor)[0] == 200
    assert Browser().request(cluster.b.url + editor)[0] == 302  # without the session: log in
    # The session is in the database and cached in the shared Redis.
    assert cluster.installation.query(
        f"SELECT count(*) FROM django_session WHERE session_key = '{session}'"
    ) == [(1,)]
    client = _redis()
    try:
        key = f"{cluster.cache_prefix}:1:django.contrib.sessions.cached_db{session}"
        assert client.exists(key) == 1

        # Logged out on node B: node A, which has seen the session, no longer accepts it.
        status, headers, _ = browser.post(
            f"{cluster.b.url}/logout/",
            {"csrfmiddlewaretoken": browser.csrf_token(cluster.b.url + editor)},
        )
        assert status == 302, status
        assert client.exists(key) == 0
    finally:
        client.close()
    # The old cookie again, as a kept copy would send it.
    status, headers, _ = Browser().request(
        cluster.a.url + editor, headers={"Cookie": f"sessionid={session}"}
    )
    assert (status, headers["Location"]) == (302, f"/login/?next={editor}")


def test_a_task_enqueued_on_one_node_is_run_by_a_worker_process(cluster):
    """The secretariat sends a notice through node A: every e-mail is kept and handed to the
    queue as a deliver_mail task; a `motebok worker` process sends them."""
    meeting = _planned_meeting(cluster)
    # The demo's people have no addresses; give them some, so that the notice has recipients.
    _run(
        cluster.installation,
        "shell",
        "-v0",
        "-c",
        "from motebok.orgs.models import Person\n"
        "for p in Person.objects.all():\n"
        "    p.email = f'person{p.pk}@example.no'\n"
        "    p.save(update_fields=['email'])",
    )
    browser = Browser()
    browser.log_in(cluster.a, "sekretariat")
    send = f"{cluster.a.url}/meetings/{meeting}/agenda/send/"
    status, headers, _body = browser.post(send, {"csrfmiddlewaretoken": browser.csrf_token(send)})
    assert (status, headers["Location"]) == (302, f"/meetings/{meeting}/agenda/")
    kept = cluster.installation.query(
        "SELECT count(*), count(sent_at) FROM core_outboxmessage "
        f"WHERE dedup_key LIKE 'notice:{meeting}:%'"
    )
    [(messages, sent)] = kept
    assert messages >= 5
    assert sent == 0
    waiting = "SELECT status, count(*) FROM django_tasks_database_dbtaskresult "
    waiting += "WHERE task_path = 'motebok.core.tasks.deliver_mail' GROUP BY status"
    assert cluster.installation.query(waiting) == [("READY", messages)]

    worker = cluster.installation.start("worker", "--batch", "--interval", "0")
    try:
        _out, err = worker.communicate(timeout=WORKER_TIMEOUT)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.communicate(timeout=10)
    assert worker.returncode == 0, err
    assert cluster.installation.query(waiting) == [("SUCCESSFUL", messages)]
    assert cluster.installation.query(
        "SELECT count(*), count(sent_at) FROM core_outboxmessage "
        f"WHERE dedup_key LIKE 'notice:{meeting}:%'"
    ) == [(messages, messages)]
    assert cluster.installation.query(
        "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status <> 'SUCCESSFUL'"
    ) == [(0,)]


def test_healthz_reports_the_stopped_storage_server(cluster):
    answer = cluster.b.get("/healthz")
    assert (answer.status, json.loads(answer.body)["storage"]) == (200, True)
    cluster.s3.stop()
    started = time.monotonic()
    answer = cluster.b.get("/healthz", timeout=60)
    took = time.monotonic() - started
    assert answer.status == 503
    assert json.loads(answer.body) == {
        "status": "unavailable",
        "database": True,
        "storage": False,
        "tasks": True,
        "task_backend": "database",
        "cache": True,
        "cache_backend": "redis",
    }
    assert took < 30
