"""Generating the synthetic national archive into the configured database.

At scale 1: 60 cooperations × 20 years, 5–8 bodies each meeting 6–10 times a year (about
62,000 meetings) with 12–20 items each (about 1 million items), and what goes with them. A
smaller ``scale`` keeps fewer cooperations (and, below one cooperation, fewer years). One
transaction per cooperation. On PostgreSQL the secondary indexes of the big tables (the
full-text GIN index among them) are dropped for the load and built once at the end.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field

from django.core.files.storage import default_storage
from django.db import connection, transaction

from bench.national import meetings, people
from bench.national.sink import Ids, Sink
from bench.national.text import Text
from motebok.archive.models import SearchEntry
from motebok.meetings.models import AgendaItem, Attendance, Contribution, Document

FULL_COOPERATIONS = 60
FULL_YEARS = 20
# The tables whose secondary indexes are built after the load rather than during it.
BIG_TABLES = (SearchEntry, AgendaItem, Contribution, Attendance, Document)


@dataclass(frozen=True)
class Size:
    cooperations: int
    years: int

    @classmethod
    def of(cls, scale: float) -> Size:
        if not 0 < scale <= 1:
            raise ValueError("the scale is a fraction of the full archive: 0 < scale ≤ 1")
        coops = FULL_COOPERATIONS * scale
        if coops >= 1:
            return cls(cooperations=round(coops), years=FULL_YEARS)
        return cls(cooperations=1, years=max(1, round(FULL_YEARS * coops)))


@dataclass
class Result:
    scale: float
    seed: int
    size: Size
    seconds: float = 0.0
    index_seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)
    cooperation_ids: list[int] = field(default_factory=list)
    secretariat_users: list[int] = field(default_factory=list)
    member_users: list[int] = field(default_factory=list)


def generate(
    scale: float = 1.0, *, seed: int = 1, progress=None, index_after: bool = True
) -> Result:
    """Write the archive; ``progress(done, total, seconds)`` hears of every cooperation.

    The database must not hold an archive made with the same seed (slugs would clash)."""
    size = Size.of(scale)
    result = Result(scale=scale, seed=seed, size=size)
    started = time.perf_counter()
    rng = random.Random(seed)
    text = Text(random.Random(seed + 1))
    pool = meetings.paper_pool(random.Random(seed + 2), text)
    meetings.write_papers(pool, default_storage)
    member_counts = [rng.randint(5, 8) for _ in range(size.cooperations)]
    names = people.municipality_names(rng, sum(member_counts))
    years = range(meetings.LAST_YEAR - size.years + 1, meetings.LAST_YEAR + 1)
    sink, ids = Sink(), Ids()
    people.declare(sink)
    meetings.declare(sink)
    postgres = connection.vendor == "postgresql"
    dropped = _drop_indexes() if postgres and index_after else []
    unchecked = postgres and _skip_triggers(True)
    try:
        offset = 0
        for index in range(size.cooperations):
            coop_rng = random.Random(f"{seed}:{index}")
            text.rng = coop_rng
            with transaction.atomic():
                mine = names[offset : offset + member_counts[index]]
                offset += member_counts[index]
                coop = people.cooperation(coop_rng, sink, ids, index, mine)
                writer = meetings.MeetingWriter(coop_rng, sink, ids, text, pool, coop)
                for body, body_name, _ in coop.bodies:
                    writer.body(body, body_name, years)
                writer.calls(years)
                sink.flush()
            result.cooperation_ids.append(coop.pk)
            result.secretariat_users.append(coop.secretariat_user)
            result.member_users.append(coop.member_user)
            if progress is not None:
                progress(index + 1, size.cooperations, time.perf_counter() - started)
    finally:
        if unchecked:
            _skip_triggers(False)
        if dropped:
            index_started = time.perf_counter()
            _create_indexes(dropped)
            result.index_seconds = time.perf_counter() - index_started
    with transaction.atomic():
        sink.finish()
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    result.seconds = time.perf_counter() - started
    result.counts = dict(sink.counts)
    return result


def _skip_triggers(skip: bool) -> bool:
    """Skip the row-by-row foreign-key checks of PostgreSQL (its triggers) for the load, where the
    superuser may: the generator only writes keys it has just written. True if skipped."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if not cursor.fetchone()[0]:
            return False
        cursor.execute(f"SET session_replication_role = {'replica' if skip else 'DEFAULT'}")
    return True


def _drop_indexes() -> list[str]:
    """Drop the secondary indexes of the big tables when the search table is empty (a fresh
    load), returning the statements that build them again: one pass over the loaded rows is
    much faster than keeping a dozen indexes (the full-text one above all) up to date row by
    row. Primary keys and the indexes behind unique constraints stay."""
    tables = [m._meta.db_table for m in BIG_TABLES]
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM archive_searchentry)")
        if cursor.fetchone()[0]:
            return []
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i"
            " WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s)"
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint c"
            " WHERE c.conname = i.indexname AND c.contype IN ('p', 'u'))",
            [tables],
        )
        found = cursor.fetchall()
        for name, _ in found:
            cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _, definition in found]


def _create_indexes(definitions: list[str]) -> None:
    """Build the dropped indexes again, with enough memory to sort in one pass."""
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        for definition in definitions:
            cursor.execute(definition.replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", 1))
        cursor.execute("RESET maintenance_work_mem")
