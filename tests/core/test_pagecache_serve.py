"""The page cache across real processes: two ``motebok serve`` on one database, each with its
own in-memory cache, and a change made by a third process (``motebok shell``).

The servers run on an SQLite database of their own, whatever the suite runs on: the rows the
processes write are committed and must not reach the test database.
"""

from __future__ import annotations

from pathlib import Path

from serving import Server, motebok_env, run_motebok

TESTS = Path(__file__).resolve().parents[1]

MAKE = """
import datetime as dt
from django.utils import timezone
from factories import BodyFactory, CooperationFactory, ItemFactory, MeetingFactory
body = BodyFactory(cooperation=CooperationFactory(slug="coop"), slug="kg")
meeting = MeetingFactory(
    body=body, status="minutes_approved", start=timezone.make_aware(dt.datetime(2025, 1, 9, 10))
)
ItemFactory(meeting=meeting, number="1", title="Sak før endringen")
print(meeting.get_absolute_url())
"""

CHANGE = """
from motebok.meetings.models import AgendaItem
item = AgendaItem.objects.get()
item.title = "Sak etter endringen"
item.save()
"""


class NamedServer(Server):
    """A server whose logs are its own, beside another one in the same data folder."""

    name: str = ""

    @property
    def stdout_path(self) -> Path:
        return self.data_dir / f"{self.name}.stdout"

    @property
    def stderr_path(self) -> Path:
        return self.data_dir / f"{self.name}.stderr"


def test_two_servers_never_serve_a_page_older_than_another_process_s_change(tmp_path):
    env = motebok_env(
        MOTEBOK_DATA_DIR=str(tmp_path),
        MOTEBOK_SECRET_KEY="test-only-pagecache",
        MOTEBOK_HTTPS="0",
        MOTEBOK_PAGE_CACHE_SECONDS="600",
        PYTHONPATH=str(TESTS),
    )
    assert run_motebok("migrate", "--no-input", "-v0", env=env, cwd=tmp_path).returncode == 0
    made = run_motebok("shell", "-v0", "-c", MAKE, env=env, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    url = made.stdout.strip()
    servers = []
    try:
        for name in ("a", "b"):
            server = NamedServer(data_dir=tmp_path, env=env)
            server.name = name
            server.start("--workers", "1")
            servers.append(server)
        a, b = servers
        for server in (a, b):
            first, second = server.get(url), server.get(url)
            assert (first.status, first.headers["X-Page-Cache"]) == (200, "miss")
            assert (second.status, second.headers["X-Page-Cache"]) == (200, "hit")
            assert "Sak før endringen" in second.body.decode()
        changed = run_motebok("shell", "-v0", "-c", CHANGE, env=env, cwd=tmp_path)
        assert changed.returncode == 0, changed.stderr
        for server in (a, b):
            page = server.get(url)
            assert page.headers["X-Page-Cache"] == "miss"
            assert "Sak etter endringen" in page.body.decode()
            assert "Sak før endringen" not in page.body.decode()
            assert server.get(url).headers["X-Page-Cache"] == "hit"
    finally:
        for server in servers:
            server.stop()
