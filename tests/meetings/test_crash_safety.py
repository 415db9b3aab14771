"""A bulk import killed with SIGKILL halfway leaves no partial meeting, and running it again
completes it without duplicates. Runs ``motebok import`` as a real process on an installation
of its own (SQLite, or PostgreSQL when the suite runs there)."""

import datetime as dt
import signal
import time
from pathlib import Path

import pytest

from installation import installation

SEED = (
    Path(__file__).resolve().parents[2]
    / "src/motebok/core/demo_data/osloregionen-kg-2025-01-21.txt"
)
SEED_DATE_LINE = "Tid: 21. januar 2025 kl. 10.00-13.00."
MONTHS = "januar februar mars april mai juni juli august september oktober november desember"
FILES = 40

IMPORTED = "SELECT count(*) FROM meetings_meeting WHERE source_hash <> ''"
PER_MEETING = """
SELECT m.id,
       (SELECT count(*) FROM meetings_agendaitem i WHERE i.meeting_id = m.id),
       (SELECT count(*) FROM meetings_attendance a WHERE a.meeting_id = m.id),
       (SELECT count(*) FROM meetings_document d WHERE d.meeting_id = m.id AND d.kind = 'source'),
       (SELECT count(*) FROM meetings_contribution c
          JOIN meetings_agendaitem i ON i.id = c.item_id WHERE i.meeting_id = m.id)
FROM meetings_meeting m WHERE m.source_hash <> '' ORDER BY m.id
"""
COMPLETE = (12, 13, 1, 10)  # items, attendance, source document, contributions of the seed


def _variants(folder: Path) -> list[Path]:
    """The seed minutes on ``FILES`` consecutive days: each a new source and a new meeting."""
    text = SEED.read_text(encoding="utf-8")
    assert SEED_DATE_LINE in text
    months = MONTHS.split()
    paths = []
    for i in range(FILES):
        day = dt.date(2025, 3, 1) + dt.timedelta(days=i)
        when = f"Tid: {day.day}. {months[day.month - 1]} {day.year} kl. 10.00-13.00."
        path = folder / f"kg-{day.isoformat()}.txt"
        path.write_text(text.replace(SEED_DATE_LINE, when, 1), encoding="utf-8")
        paths.append(path)
    return paths


def _complete(site) -> None:
    rows = site.query(PER_MEETING)
    partial = [row for row in rows if tuple(row[1:]) != COMPLETE]
    assert partial == [], "meetings left half-written (id, items, attendance, source, points)"
    return len(rows)


@pytest.mark.django_db
def test_an_import_killed_halfway_leaves_no_partial_meeting(tmp_path):
    files = _variants(tmp_path)
    with installation(tmp_path / "site") as site:
        site.run("migrate", "--no-input", "-v", "0")
        site.run("load_demo")
        before = site.query(IMPORTED)[0][0]
        args = ("import", *map(str, files), "--cooperation", "osloregionen")
        process = site.start(*args)
        deadline = time.monotonic() + 120
        while site.query(IMPORTED)[0][0] < before + 3:
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the import wrote nothing in two minutes"
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.communicate()
        assert process.returncode == -signal.SIGKILL
        killed_at = site.query(IMPORTED)[0][0] - before
        assert 3 <= killed_at < FILES, "the kill came after the import had finished"
        assert _complete(site) == before + killed_at

        again = site.run(*args)
        assert again.stdout.count("unchanged") == killed_at
        assert _complete(site) == before + FILES
        dates = site.query(
            "SELECT count(DISTINCT source_hash), count(*) FROM meetings_meeting "
            "WHERE source_hash <> ''"
        )
        assert dates == [(before + FILES, before + FILES)]


class SlowMailServer:
    """A real SMTP server on loopback that records every (recipient, Message-ID) it takes and
    answers each message slowly, so that a sender can be killed in the middle of a mailing —
    also after the server has taken a message but before the sender heard so."""

    def __init__(self) -> None:
        self.received: list[tuple[str, str]] = []

    async def handle_DATA(self, server, session, envelope):
        import asyncio
        import email

        message = email.message_from_bytes(envelope.content)
        self.received.extend((r, message["Message-ID"]) for r in envelope.rcpt_tos)
        await asyncio.sleep(0.25)
        return "250 OK"


SET_UP_NOTICE = """
import json
from motebok.meetings.enums import MeetingStatus
from motebok.meetings.models import Meeting
from motebok.meetings.notice import recipients
from motebok.orgs.models import Person
for person in Person.objects.all():
    person.email = f"person{person.pk}@example.no"
    person.save(update_fields=["email"])
meeting = Meeting.objects.filter(
    body__slug="koordineringsgruppen", status=MeetingStatus.PLANNED
).order_by("start").first()
print(json.dumps({"meeting": meeting.pk, "to": sorted(p.email for p in recipients(meeting))}))
"""
SEND_NOTICE = """
import os
from django.db import transaction
from motebok.meetings.models import Meeting
from motebok.meetings.notice import send_notice
with transaction.atomic():
    send_notice(Meeting.objects.get(pk=int(os.environ["MEETING"])))
"""


@pytest.mark.django_db
def test_a_notice_killed_while_mailing_reaches_everyone_once(tmp_path):
    import json
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = SlowMailServer()
    controller = Controller(server, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with installation(tmp_path / "site") as site:
            site.env |= {
                "MOTEBOK_EMAIL_HOST": "127.0.0.1",
                "MOTEBOK_EMAIL_PORT": str(port),
                "MOTEBOK_EMAIL_TLS": "0",
            }
            site.run("migrate", "--no-input", "-v", "0")
            site.run("load_demo")
            plan = json.loads(site.run("shell", "-v", "0", "-c", SET_UP_NOTICE).stdout)
            site.env["MEETING"] = str(plan["meeting"])
            assert len(plan["to"]) >= 8

            process = site.start("shell", "-v", "0", "-c", SEND_NOTICE)
            deadline = time.monotonic() + 120
            while len(server.received) < 3:
                assert process.poll() is None, process.communicate()
                assert time.monotonic() < deadline, "no notice reached the mail server"
                time.sleep(0.01)
            process.send_signal(signal.SIGKILL)
            process.communicate()
            reached = {to for to, _ in server.received}
            assert 3 <= len(reached) < len(plan["to"]), "the kill came after the mailing ended"

            # The secretariat sends the notice again: the rest are reached, nobody twice.
            site.run("shell", "-v", "0", "-c", SEND_NOTICE)
            ids: dict[str, set[str]] = {}
            for to, message_id in server.received:
                ids.setdefault(to, set()).add(message_id)
            assert sorted(ids) == plan["to"]
            assert {to: len(found) for to, found in ids.items()} == dict.fromkeys(plan["to"], 1)
            unsent = site.query(
                "SELECT count(*) FROM core_outboxmessage WHERE sent_at IS NULL "
                f"AND dedup_key LIKE 'notice:{plan['meeting']}:%'"
            )
            assert unsent == [(0,)]
    finally:
        controller.stop()
