"""Meetings of the synthetic archive with their items, attendance, round-the-table
contributions, papers, tasks and calls for input, and the search entries made of them.

The search entries are built here as :mod:`motebok.archive.index` builds them (same kinds,
titles, texts and levels), so the archive is searchable without a rebuild; a test checks that a
rebuild gives the same entries.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import connection

from bench.national.people import Cooperation
from bench.national.sink import Ids, Sink
from bench.national.text import PLACES, Text
from motebok.archive import analysis
from motebok.archive.enums import EntryKind, Level
from motebok.archive.index import MAX_TEXT_CHARS
from motebok.archive.models import SearchEntry
from motebok.calls.models import Call, Criterion, Score, Submission
from motebok.followup.enums import TaskStatus
from motebok.followup.models import Task
from motebok.meetings.enums import (
    AttendanceRole,
    AttendanceStatus,
    DocumentKind,
    ItemKind,
    MeetingStatus,
)
from motebok.meetings.models import AgendaItem, Attendance, Contribution, Document, Meeting

OSLO = ZoneInfo("Europe/Oslo")
# The archive's "today": fixed, so that a seed gives the same statuses whenever it is run.
NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=OSLO)
LAST_YEAR = 2026
PAPER_POOL = 200
PAPER_DIR = "bench/papers"


def declare(sink: Sink) -> None:
    sink.table(
        Meeting,
        "id body_id kind title start end place online_url status rescheduled_from sequence "
        "notice_sent_at minutes_approved_at approved_at_meeting_id minutes_version source_hash "
        "created_at updated_at",
    )
    sink.table(
        AgendaItem,
        "id meeting_id number position kind title text conclusion proposed_conclusion "
        "approves_id version case_id",
    )
    sink.table(Attendance, "id meeting_id person_id organization_id status role position")
    sink.table(
        Contribution,
        "id item_id organization_id heading points position written_by_id updated_at version",
    )
    sink.table(
        Document,
        "id meeting_id item_id title kind file content_type size sha256 public legal_basis "
        "uploaded_at",
    )
    sink.table(
        Task,
        "id cooperation_id item_id text due responsible_person_id responsible_organization_id "
        "responsible_body_id status done_at done_comment done_by_id reminder_sent_at created_at",
    )
    sink.table(
        Call,
        "id cooperation_id title text audience_body_id opens deadline scale_min scale_max "
        "item_id extended_until reminder_days announced_at recommendation recommended_id "
        "decision_item_id",
    )
    sink.table(Criterion, "id call_id title weight position")
    sink.table(
        Submission, "id call_id organization_id text submitted_by_id submitted_at updated_at"
    )
    sink.table(Score, "id submission_id criterion_id evaluator_id value comment updated_at")
    sink.table(
        SearchEntry,
        "id kind object_id meeting_id cooperation_id body_id organization_id item_id date title "
        "text stemmed level",
    )


def paper_pool(rng: random.Random, text: Text) -> list[tuple[str, str, int, str]]:
    """The texts of the papers: (file name, text, size, sha256); documents share them."""
    pool = []
    for n in range(PAPER_POOL):
        body = "\n\n".join(
            text.paragraph("Sekretariatet", "Styret", rng.randint(3, 6))
            for _ in range(rng.randint(2, 4))
        )
        data = body.encode("utf-8")
        pool.append(
            (
                f"{PAPER_DIR}/saksframlegg-{n:03}.txt",
                body,
                len(data),
                hashlib.sha256(data).hexdigest(),
            )
        )
    return pool


def write_papers(pool, storage) -> None:
    """Put the pool's files in the media storage, where the document pages and a reindex read them."""
    from django.core.files.base import ContentFile

    for name, body, _, _ in pool:
        if not storage.exists(name):
            storage.save(name, ContentFile(body.encode("utf-8")))


def status_of(rng: random.Random, start: dt.datetime) -> str:
    if start > NOW:
        return (
            MeetingStatus.NOTICE_SENT
            if start - NOW < dt.timedelta(days=14)
            else MeetingStatus.PLANNED
        )
    if rng.random() < 0.02:
        return MeetingStatus.CANCELLED
    age = NOW - start
    if age < dt.timedelta(days=21):
        return MeetingStatus.HELD
    if age < dt.timedelta(days=45):
        return MeetingStatus.MINUTES_DRAFT
    return MeetingStatus.MINUTES_APPROVED


class MeetingWriter:
    """Writes the meetings of one cooperation, body by body, year by year."""

    def __init__(self, rng, sink: Sink, ids: Ids, text: Text, pool, coop: Cooperation) -> None:
        self.rng, self.sink, self.ids, self.text, self.pool, self.coop = (
            rng,
            sink,
            ids,
            text,
            pool,
            coop,
        )
        self.sqlite_stems = connection.vendor == "sqlite"

    def entry(self, kind, object_id, meeting, body, date, title, text, level, item=None, org=None):
        text = analysis.normalize(text)[:MAX_TEXT_CHARS]
        stemmed = analysis.stemmed(text) if self.sqlite_stems else ""
        self.sink.add(
            SearchEntry,
            (
                self.ids.take(SearchEntry),
                kind,
                object_id,
                meeting,
                self.coop.pk,
                body,
                org,
                item,
                date,
                title[:500],
                text,
                stemmed,
                level,
            ),
        )

    def body(self, body: int, body_name: str, years: range) -> None:
        rng = self.rng
        plan = []
        for year in years:
            count = rng.randint(6, 10)
            days = sorted(rng.sample(range(5, 355), count))
            for day in days:
                date = dt.date(year, 1, 1) + dt.timedelta(days=day)
                start = dt.datetime(
                    date.year, date.month, date.day, rng.choice((9, 10, 12, 13)), tzinfo=OSLO
                )
                plan.append((start, status_of(rng, start)))
        pks = [self.ids.take(Meeting) for _ in plan]
        previous = None
        for n, (pk, (start, status)) in enumerate(zip(pks, plan, strict=True)):
            following = pks[n + 1] if n + 1 < len(pks) else None
            self.meeting(pk, body, body_name, start, status, previous, following)
            if status != MeetingStatus.CANCELLED:
                previous = pk

    def meeting(self, pk, body, body_name, start, status, previous, following) -> None:
        rng, sink, text, coop = self.rng, self.sink, self.text, self.coop
        held = status in (
            MeetingStatus.HELD,
            MeetingStatus.MINUTES_DRAFT,
            MeetingStatus.MINUTES_APPROVED,
        )
        approved = status == MeetingStatus.MINUTES_APPROVED
        noticed = held or status == MeetingStatus.NOTICE_SENT
        date = start.date()
        created = start - dt.timedelta(days=30)
        place = f"{rng.choice(PLACES)} rådhus, møterom {rng.randint(1, 6)}"
        sink.add(
            Meeting,
            (
                pk,
                body,
                "meeting",
                "",
                start,
                start + dt.timedelta(hours=3),
                place,
                "",
                status,
                None,
                0,
                start - dt.timedelta(days=10) if noticed else None,
                start + dt.timedelta(days=40) if approved else None,
                following if approved else None,
                1,
                "",
                created,
                created,
            ),
        )
        if held:
            self.attendance(pk, body)
        count = rng.randint(12, 20)
        titles = [
            "Godkjenning av innkalling",
            "Godkjenning av referat fra forrige møte",
            "Runde rundt bordet",
        ]
        titles += [text.item_title() for _ in range(count - 4)] + ["Eventuelt"]
        kinds = [ItemKind.APPROVAL_OF_NOTICE, ItemKind.APPROVAL_OF_MINUTES, ItemKind.ROUND_TABLE]
        kinds += [
            rng.choice((ItemKind.ORIENTATION, ItemKind.DECISION, ItemKind.OTHER))
            for _ in range(count - 4)
        ]
        kinds.append(ItemKind.ANY_OTHER_BUSINESS)
        item_ids = []
        for position, (title, kind) in enumerate(zip(titles, kinds, strict=True)):
            item = self.ids.take(AgendaItem)
            item_ids.append(item)
            org_name = rng.choice(coop.members)[1]
            if kind in (ItemKind.ORIENTATION, ItemKind.DECISION, ItemKind.OTHER):
                body_text = text.paragraph(org_name, body_name, rng.randint(1, 3))
                conclusion = text.conclusion(body_name) if held else ""
            else:
                body_text = ""
                conclusion = (
                    ("Godkjennes." if kind != ItemKind.ANY_OTHER_BUSINESS else "Ingen saker.")
                    if held
                    else ""
                )
            approves = previous if kind == ItemKind.APPROVAL_OF_MINUTES else None
            sink.add(
                AgendaItem,
                (
                    item,
                    pk,
                    str(position + 1),
                    position,
                    kind,
                    title,
                    body_text,
                    conclusion,
                    "",
                    approves,
                    1,
                    None,
                ),
            )
            self.entry(
                EntryKind.ITEM_TITLE, item, pk, body, date, title, title, Level.AGENDA, item=item
            )
            minutes = "\n\n".join(part for part in (body_text, conclusion) if part.strip())
            if minutes:
                self.entry(
                    EntryKind.MINUTES,
                    item,
                    pk,
                    body,
                    date,
                    title,
                    minutes,
                    Level.MINUTES,
                    item=item,
                )
            if kind == ItemKind.ROUND_TABLE and held:
                self.contributions(item, pk, body, body_name, date, start)
            if kind == ItemKind.DECISION and held and rng.random() < 0.25:
                self.task(item, body, start, title)
        self.documents(pk, body, body_name, date, start, item_ids, titles, noticed, approved)

    def attendance(self, meeting: int, body: int) -> None:
        for position, (person, org) in enumerate(self.coop.seats[body]):
            status = (
                AttendanceStatus.ABSENT if self.rng.random() < 0.12 else AttendanceStatus.PRESENT
            )
            role = AttendanceRole.CHAIR if position == 0 else AttendanceRole.MEMBER
            self.sink.add(
                Attendance,
                (self.ids.take(Attendance), meeting, person, org, status, role, position),
            )

    def contributions(self, item, meeting, body, body_name, date, start) -> None:
        members = self.coop.members
        chosen = self.rng.sample(members, min(len(members), self.rng.randint(4, 8)))
        for position, (org, org_name) in enumerate(chosen):
            pk = self.ids.take(Contribution)
            points = self.text.points(org_name, body_name)
            self.sink.add(Contribution, (pk, item, org, org_name, points, position, None, start, 1))
            self.entry(
                EntryKind.CONTRIBUTION,
                pk,
                meeting,
                body,
                date,
                org_name,
                points,
                Level.MINUTES,
                item=item,
                org=org,
            )

    def task(self, item, body, start, title) -> None:
        rng = self.rng
        due = (start + dt.timedelta(days=rng.randint(30, 120))).date()
        done = due < NOW.date() - dt.timedelta(days=30) and rng.random() < 0.9
        org = rng.choice(self.coop.members)[0]
        self.sink.add(
            Task,
            (
                self.ids.take(Task),
                self.coop.pk,
                item,
                f"Følge opp: {title}",
                due,
                None,
                org,
                body,
                TaskStatus.DONE if done else TaskStatus.OPEN,
                dt.datetime.combine(due, dt.time(12), OSLO) if done else None,
                "",
                None,
                None,
                start,
            ),
        )

    def documents(
        self, meeting, body, body_name, date, start, item_ids, titles, noticed, approved
    ) -> None:
        rng = self.rng
        papers = []
        if noticed:
            papers.append(
                (
                    None,
                    f"Innkalling til møte i {body_name.lower()} {date:%d.%m.%Y}",
                    DocumentKind.NOTICE,
                    True,
                )
            )
            for _ in range(rng.randint(0, 2)):
                n = rng.randrange(3, len(item_ids) - 1)
                exempt = rng.random() < 0.06
                papers.append(
                    (item_ids[n], f"Saksframlegg: {titles[n]}", DocumentKind.PAPER, not exempt)
                )
        if approved:
            papers.append(
                (
                    None,
                    f"Referat fra møte i {body_name.lower()} {date:%d.%m.%Y}",
                    DocumentKind.MINUTES,
                    True,
                )
            )
        for item, title, kind, public in papers:
            name, body_text, size, sha = rng.choice(self.pool)
            pk = self.ids.take(Document)
            self.sink.add(
                Document,
                (
                    pk,
                    meeting,
                    item,
                    title,
                    kind,
                    name,
                    "text/plain",
                    size,
                    sha,
                    public,
                    "" if public else "Offl. § 14",
                    start - dt.timedelta(days=7),
                ),
            )
            level = (
                Level.EXEMPT
                if not public
                else Level.MINUTES
                if kind == DocumentKind.MINUTES
                else Level.AGENDA
            )
            self.entry(
                EntryKind.DOCUMENT,
                pk,
                meeting,
                body,
                date,
                title,
                f"{title}\n\n{body_text}",
                level,
                item=item,
            )

    def calls(self, years: range) -> None:
        """One or two calls for input a year, answered by some members and scored by the secretariat."""
        rng, sink, coop = self.rng, self.sink, self.coop
        for year in years:
            for _ in range(rng.randint(1, 2)):
                opens = dt.datetime(year, rng.randint(1, 11), rng.randint(1, 28), 9, tzinfo=OSLO)
                deadline = opens + dt.timedelta(days=21)
                topic = self.text.topic()
                call = self.ids.take(Call)
                sink.add(
                    Call,
                    (
                        call,
                        coop.pk,
                        f"Innspill til {topic[1]}",
                        self.text.paragraph("Sekretariatet", "Styret", 2),
                        None,
                        opens,
                        deadline,
                        1,
                        5,
                        None,
                        None,
                        3,
                        opens,
                        "",
                        None,
                        None,
                    ),
                )
                criteria = []
                for position, title in enumerate(("Regional nytte", "Gjennomførbarhet", "Kostnad")):
                    pk = self.ids.take(Criterion)
                    sink.add(Criterion, (pk, call, title, Decimal("1.00"), position))
                    criteria.append(pk)
                closed = deadline < NOW
                for org, org_name in rng.sample(
                    coop.members, min(len(coop.members), rng.randint(3, 6))
                ):
                    sub = self.ids.take(Submission)
                    sink.add(
                        Submission,
                        (
                            sub,
                            call,
                            org,
                            self.text.paragraph(org_name, "Styret", 2),
                            None,
                            opens + dt.timedelta(days=7),
                            opens + dt.timedelta(days=7),
                        ),
                    )
                    if closed:
                        for criterion in criteria:
                            sink.add(
                                Score,
                                (
                                    self.ids.take(Score),
                                    sub,
                                    criterion,
                                    coop.secretariat_user,
                                    rng.randint(1, 5),
                                    "",
                                    deadline,
                                ),
                            )
