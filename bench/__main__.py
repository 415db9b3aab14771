"""``make bench``: throughput and page figures, written to docs/benchmarks.md.

Pages are timed in-process through the full middleware stack with Django's test client and
compared with a baseline measured in the same run: a bare view rendering a static template of
the same size as the page. Figures are medians; the ratio to the baseline is what to compare
across machines.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 60


def _setup(data_dir: str) -> None:
    os.environ["MOTEBOK_DATA_DIR"] = data_dir
    os.environ.setdefault("MOTEBOK_SECRET_KEY", "bench-only")
    os.environ.setdefault("MOTEBOK_HTTPS", "0")
    os.environ["DJANGO_SETTINGS_MODULE"] = "motebok.settings"
    import django

    django.setup()
    from django.conf import settings

    settings.ROOT_URLCONF = "bench.urls"
    settings.ALLOWED_HOSTS = ["testserver"]
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from motebok.core import demo

    demo.load()


def _time(client, url: str) -> float:
    times = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return len(ctx.captured_queries)


def _grow_archive(factor: int) -> None:
    """Copy every meeting of the demo ``factor`` times into earlier years (bulk inserts)."""
    import datetime as dt

    from motebok.meetings.models import AgendaItem, Contribution, Meeting

    originals = list(Meeting.objects.prefetch_related("items__contributions"))
    for n in range(1, factor):
        for meeting in originals:
            copy = Meeting.objects.create(
                body_id=meeting.body_id,
                start=meeting.start - dt.timedelta(days=365 * n),
                end=meeting.end - dt.timedelta(days=365 * n) if meeting.end else None,
                place=meeting.place,
                status="minutes_approved",
            )
            for item in meeting.items.all():
                new_item = AgendaItem.objects.create(
                    meeting=copy,
                    number=item.number,
                    position=item.position,
                    title=item.title,
                    text=item.text,
                )
                Contribution.objects.bulk_create(
                    Contribution(
                        item=new_item,
                        organization_id=c.organization_id,
                        points=c.points,
                        position=c.position,
                    )
                    for c in item.contributions.all()
                )


def pages() -> list[dict]:
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.test import Client, override_settings

    from bench.urls import set_baseline
    from motebok.meetings.models import Meeting

    client = Client()
    secretariat = Client()  # the same requests as a signed-in user: its pages and baselines
    secretariat.force_login(get_user_model().objects.get(username="sekretariat"))
    seed = Meeting.objects.get(start__date=dt.date(2025, 1, 21))
    urls = {
        "front page": ("/", client),
        "body page": ("/bodies/koordineringsgruppen/?year=2025", client),
        "meeting page (21 Jan 2025, 12 items)": (seed.get_absolute_url(), client),
        "task list (signed in)": ("/tasks/", secretariat),
        "API meeting list": ("/api/v1/meetings/?limit=50", client),
    }
    small = {name: _queries(who, url) for name, (url, who) in urls.items()}
    rows = []
    for name, (url, who) in urls.items():
        html = who.get(url).content.decode()
        set_baseline(name, html)
        page = _time(who, url)  # after the first request, answers from the page cache
        with override_settings(MOTEBOK_PAGE_CACHE_SECONDS=0):
            uncached = _time(who, url)
        signed_in = "signed-in/" if who is secretariat else ""
        base = _time(who, f"/__baseline__/{name}/{signed_in}")
        rows.append(
            {
                "page": name,
                "bytes": len(html),
                "median_ms": page * 1000,
                "uncached_ms": uncached * 1000,
                "baseline_ms": base * 1000,
            }
        )
    _grow_archive(10)
    for row, (url, who) in zip(rows, urls.values(), strict=True):
        row["queries"] = small[row["page"]]
        row["queries_x10"] = _queries(who, url)
    return rows


def minutes_pdf() -> dict:
    """Rendering the 21 Jan 2025 minutes as PDF/A (median of warm renders; goal < 1 s)."""
    import datetime as dt

    from motebok.documents.render import Visibility, export
    from motebok.meetings.models import Meeting

    meeting = Meeting.objects.select_related("body").get(
        start__date=dt.date(2025, 1, 21), source_hash__gt=""
    )
    visibility = Visibility(agenda=True, minutes=True)
    first = time.perf_counter()
    size = len(export(meeting, "pdf", visibility).data)
    cold = time.perf_counter() - first
    times = []
    for _ in range(9):
        start = time.perf_counter()
        export(meeting, "pdf", visibility)
        times.append(time.perf_counter() - start)
    return {
        "first render in the process (s)": round(cold, 2),
        "median warm render (s)": round(statistics.median(times), 2),
        "warm renders (s)": [round(t, 3) for t in sorted(times)],
        "bytes": size,
        "goal": "< 1 s",
    }


def parse() -> dict | None:
    try:
        from bench import bench_parse
    except ImportError:
        return None
    return bench_parse.run()


def write(
    rows: list[dict],
    parse_figures: dict | None,
    import_figures: dict | None = None,
    pdf_figures: dict | None = None,
) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"Measured by `make bench` on {time.strftime('%Y-%m-%d')}, Python {platform.python_version()}, "
        f"{platform.machine()}, {os.cpu_count()} cores, SQLite (the embedded default), demo data.",
        "",
        "## Pages",
        "",
        f"In-process through the whole middleware stack, median of {ROUNDS} requests each. The baseline is a",
        "bare Django view rendering a static template of the same size, measured in the same run.",
        "The median is of requests as served, from the page cache after the first (anonymous pages,",
        "and the task list kept for its signed-in user, the secretariat); the uncached median is the",
        "same page rendered every time (MOTEBOK_PAGE_CACHE_SECONDS=0). The task list's baseline",
        "is the same bare view behind login_required, the least a page for a signed-in user does",
        "(it reads the session and the user: two queries).",
        "Queries are counted on the demo archive and again after growing it tenfold: they must be equal.",
        "",
        "| page | size (bytes) | median (ms) | uncached (ms) | baseline (ms) | ratio | uncached ratio | goal | queries | queries ×10 archive |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |",
    ]
    for r in rows:
        ratio = r["median_ms"] / r["baseline_ms"]
        uncached = r["uncached_ms"] / r["baseline_ms"]
        lines.append(
            f"| {r['page']} | {r['bytes']} | {r['median_ms']:.2f} | {r['uncached_ms']:.2f} | "
            f"{r['baseline_ms']:.2f} | {ratio:.1f}× | {uncached:.1f}× | "
            f"≤ 2× (issue 7) | {r['queries']} | {r['queries_x10']} |"
        )
    if parse_figures:
        lines += ["", "## Parsing", ""]
        lines += [f"- {key}: {value}" for key, value in parse_figures.items()]
    if pdf_figures:
        lines += ["", "## Minutes of 21 January 2025 as PDF/A (WeasyPrint)", ""]
        lines += [f"- {key}: {value}" for key, value in pdf_figures.items()]
    if import_figures:
        lines += ["", "## Importing into SQLite (goal: 1,000 documents in ≤ 60 s)", ""]
        lines += [f"- {key}: {value}" for key, value in import_figures.items()]
    lines.append("")
    return "\n".join(lines)


def national() -> dict:
    """The search benchmark over the synthetic national archive, in its own process: it has its
    own database (PostgreSQL from MOTEBOK_BENCH_DATABASE_URL, else a small SQLite one)."""
    import json
    import subprocess

    with tempfile.TemporaryDirectory() as out_dir:
        out = Path(out_dir) / "national.json"
        subprocess.run(
            [sys.executable, "-m", "bench.bench_national", str(out)], cwd=ROOT, check=True
        )
        return json.loads(out.read_text(encoding="utf-8"))


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from bench import bench_libreoffice, bench_national, bench_serve

    national_figures = national()
    serve_figures = bench_serve.run()
    with tempfile.TemporaryDirectory() as data_dir:
        _setup(data_dir)
        pdf_figures = minutes_pdf()
        office_figures = bench_libreoffice.run(pdf_figures.pop("warm renders (s)"))
        rows = pages()
        parse_figures = parse()
        from bench import bench_import

        import_figures = bench_import.run()
    report = write(rows, parse_figures, import_figures, pdf_figures)
    report += "\n## The minutes PDF against LibreOffice\n\n"
    report += "\n".join(f"- {key}: {value}" for key, value in office_figures.items()) + "\n\n"
    report += "\n".join(bench_serve.report(serve_figures)) + "\n"
    report += "\n".join(bench_national.report(national_figures)) + "\n"
    (ROOT / "docs" / "benchmarks.md").write_text(report, encoding="utf-8")
    print(report)
    unequal = [r["page"] for r in rows if r["queries"] != r["queries_x10"]]
    if unequal:
        print(f"query counts grew with the archive: {', '.join(unequal)}", file=sys.stderr)
        return 1
    missed = bench_national.missed(national_figures) + bench_serve.missed(serve_figures)
    if parse_figures and parse_figures["missed_beyond_noise"]:
        missed.append(f"parsing {parse_figures['docs_per_second']} documents/s")
    if import_figures and not import_figures["meets_goal"]:
        missed.append(f"1,000 imports in {import_figures['seconds']} s")
    if office_figures.get("missed_beyond_noise"):
        missed.append(f"minutes PDF {office_figures['ratio']}× LibreOffice's time")
    if missed:
        print("goals missed: " + "; ".join(missed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
