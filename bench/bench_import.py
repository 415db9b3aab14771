"""Import throughput: seed-sized minutes parsed and written through ``apply_draft`` into SQLite.

The documents are variants of the 21 January 2025 minutes, each with its own meeting date and an
added closing line, so that every one is a new source (a different SHA-256) and a new meeting.
Every document is parsed and applied in its own transaction, as ``motebok import`` does.

Run alone (sets up a fresh temporary SQLite database and media folder):
    python -m bench.bench_import [--n 1000]
From ``bench/__main__.py``, after ``_setup()``: ``bench_import.run()`` (or ``run(n=...)``); it
imports into a cooperation of its own, so the demo data around it does not matter.
Goal: 1,000 documents in at most 60 seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "src" / "motebok" / "core" / "demo_data" / "osloregionen-kg-2025-01-21.txt"
SEED_DATE_LINE = "Tid: 21. januar 2025 kl. 10.00-13.00."
MONTHS = [
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
]
GOAL_SECONDS = 60.0
GOAL_DOCUMENTS = 1000


def variants(n: int) -> Iterator[tuple[str, bytes]]:
    """``n`` (file name, bytes) pairs: the seed minutes on ``n`` consecutive days."""
    text = SEED.read_text(encoding="utf-8")
    if SEED_DATE_LINE not in text:
        raise RuntimeError(f"the seed minutes no longer contain {SEED_DATE_LINE!r}")
    first = dt.date(2025, 1, 21)
    for i in range(n):
        day = first + dt.timedelta(days=i)
        when = f"Tid: {day.day}. {MONTHS[day.month - 1]} {day.year} kl. 10.00-13.00."
        variant = text.replace(SEED_DATE_LINE, when, 1) + f"\n(Variant {i + 1} av {n}.)\n"
        yield f"kg-{day.isoformat()}.txt", variant.encode("utf-8")


def _cooperation():
    """A cooperation of the benchmark's own, with the body the minutes name."""
    from motebok.orgs.enums import BodyKind, OrganizationKind
    from motebok.orgs.matching import unique_slug
    from motebok.orgs.models import Body, Organization

    slug = unique_slug("benchmark", lambda s: Organization.objects.filter(slug=s).exists())
    cooperation = Organization.objects.create(
        name=f"Benchmark {slug}", slug=slug, kind=OrganizationKind.COOPERATION
    )
    Body.objects.create(
        cooperation=cooperation,
        name="Administrativ koordineringsgruppe",
        slug=unique_slug(f"{slug}-kg", lambda s: Body.objects.filter(slug=s).exists()),
        kind=BodyKind.COORDINATION_GROUP,
        aliases="KG\nkoordineringsgruppen",
    )
    return cooperation


def run(n: int = GOAL_DOCUMENTS) -> dict:
    """Parse and import ``n`` documents into the configured database; figures as a dict."""
    from motebok.documents.parse import parse_bytes
    from motebok.meetings.importing import apply_draft
    from motebok.meetings.models import Meeting

    documents = list(variants(n))
    cooperation = _cooperation()
    meetings_before = Meeting.objects.count()
    parse_seconds = 0.0
    start = time.perf_counter()
    for name, data in documents:
        began = time.perf_counter()
        draft = parse_bytes(data, name)
        parse_seconds += time.perf_counter() - began
        result = apply_draft(draft, cooperation=cooperation, source=data, source_name=name)
        if result.unchanged or result.meeting.items.count() != 12:
            raise RuntimeError(f"{name} was not imported as a new meeting with 12 items")
    seconds = time.perf_counter() - start
    imported = Meeting.objects.filter(body__cooperation=cooperation).exclude(source_hash="")
    if imported.count() != n:
        raise RuntimeError(f"{imported.count()} meetings imported, expected {n}")
    return {
        "documents": n,
        "bytes_per_document": len(documents[0][1]),
        "seconds": round(seconds, 1),
        "documents_per_second": round(n / seconds, 1),
        "parse_seconds": round(parse_seconds, 1),
        "apply_seconds": round(seconds - parse_seconds, 1),
        "meetings_created": Meeting.objects.count() - meetings_before,
        "goal": f"{GOAL_DOCUMENTS} documents in ≤ {GOAL_SECONDS:g} s",
        "meets_goal": seconds * GOAL_DOCUMENTS / n <= GOAL_SECONDS,
    }


def _setup(data_dir: str) -> None:
    """Django on a fresh SQLite database and media folder under ``data_dir``."""
    os.environ["MOTEBOK_DATA_DIR"] = data_dir
    os.environ["MOTEBOK_MEDIA_ROOT"] = str(Path(data_dir) / "files")
    os.environ.pop("MOTEBOK_DATABASE_URL", None)
    os.environ.setdefault("MOTEBOK_SECRET_KEY", "bench-only")
    os.environ.setdefault("MOTEBOK_HTTPS", "0")
    os.environ.setdefault("MOTEBOK_LOG_LEVEL", "WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "motebok.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--n", "--scale", dest="n", type=int, default=GOAL_DOCUMENTS, help="documents to import"
    )
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as data_dir:
        _setup(data_dir)
        figures = run(args.n)
    for key, value in figures.items():
        print(f"{key}: {value}")
    return 0 if figures["meets_goal"] else 1


if __name__ == "__main__":
    sys.exit(main())
