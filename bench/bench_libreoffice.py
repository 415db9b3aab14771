"""Minutes PDF time against LibreOffice: our WeasyPrint render of the 21 Jan 2025 minutes, and
``libreoffice --headless --convert-to pdf`` of our own DOCX export of the same minutes (a warm
office process is not possible from the command line, so each conversion starts one, as a
person or script converting a file does). Goal: ours ≤ 0.5× LibreOffice's. LibreOffice is
installed from Debian's packages for the benchmark only (libreoffice-writer-nogui)."""

from __future__ import annotations

import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

GOAL_RATIO = 0.5
ROUNDS = 5


def _office() -> str | None:
    found = shutil.which("libreoffice") or shutil.which("soffice")
    if found:
        return found
    try:
        subprocess.run(
            [
                "apt-get",
                "install",
                "-y",
                "-qq",
                "--no-install-recommends",
                "libreoffice-writer-nogui",
            ],
            check=True,
            capture_output=True,
            timeout=900,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return shutil.which("libreoffice") or shutil.which("soffice")


def _spread(times: list[float]) -> float:
    """Half the distance between the quartiles: the noise of one median."""
    low, _, high = statistics.quantiles(times, n=4)
    return (high - low) / 2


def run(warm_pdf_times: list[float]) -> dict:
    """Compare the warm WeasyPrint times (measured by the caller) with LibreOffice's conversion
    of the DOCX export of the same meeting (in the configured database). The goal counts as
    missed only when the ratio exceeds it by more than the noise measured: the spread of both
    sets of times, carried into the ratio."""
    import datetime as dt

    from motebok.documents.render import Visibility, export
    from motebok.meetings.models import Meeting

    office = _office()
    if office is None:
        return {"skipped": "LibreOffice could not be installed here"}
    meeting = Meeting.objects.select_related("body").get(
        start__date=dt.date(2025, 1, 21), source_hash__gt=""
    )
    docx = export(meeting, "docx", Visibility(agenda=True, minutes=True)).data
    times = []
    with tempfile.TemporaryDirectory(prefix="motebok-lo-") as folder:
        source = Path(folder) / "minutes.docx"
        source.write_bytes(docx)
        profile = Path(folder) / "profile"
        for _ in range(ROUNDS):
            start = time.perf_counter()
            subprocess.run(
                [
                    office,
                    f"-env:UserInstallation=file://{profile}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    folder,
                    str(source),
                ],
                check=True,
                capture_output=True,
                timeout=300,
            )
            times.append(time.perf_counter() - start)
        size = (Path(folder) / "minutes.pdf").stat().st_size
    office_seconds = statistics.median(times)
    ours = statistics.median(warm_pdf_times)
    ratio = ours / office_seconds
    noise = ratio * (_spread(warm_pdf_times) / ours + _spread(times) / office_seconds)
    return {
        "libreoffice median (s)": round(office_seconds, 2),
        "libreoffice runs (s)": [round(t, 2) for t in sorted(times)],
        "libreoffice pdf bytes": size,
        "weasyprint warm median (s)": round(ours, 2),
        "weasyprint warm runs (s)": [round(t, 2) for t in sorted(warm_pdf_times)],
        "ratio": round(ratio, 2),
        "noise (±)": round(noise, 2),
        "goal": f"≤ {GOAL_RATIO}×",
        "meets_goal": ratio <= GOAL_RATIO,
        "missed_beyond_noise": ratio > GOAL_RATIO + noise,
    }
