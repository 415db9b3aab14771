"""Both catalogues are complete for every string the interface has."""

import subprocess
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[1] / "src/motebok/locale"


@pytest.mark.parametrize("language", ["nb", "en"])
def test_catalogue_is_complete_and_compiled(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    result = subprocess.run(
        ["msgfmt", "--statistics", "-c", "-o", "/dev/null", str(po)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr
    assert "fuzzy" not in result.stderr
    assert mo.stat().st_mtime >= po.stat().st_mtime - 1, (
        "run `make messages` to compile the catalogue"
    )


def test_every_source_string_is_in_the_catalogue(tmp_path):
    """makemessages over the sources finds no msgid that the committed catalogue lacks."""
    import shutil

    src = Path(__file__).resolve().parents[1] / "src/motebok"
    work = tmp_path / "motebok"
    shutil.copytree(src, work, ignore=shutil.ignore_patterns("__pycache__", "parse", "static"))
    from django.core.management import call_command

    cwd = Path.cwd()
    try:
        import os

        os.chdir(work)
        call_command("makemessages", locale=["nb"], no_location=True, no_obsolete=True, verbosity=0)
    finally:
        os.chdir(cwd)
    fresh = _msgids(work / "locale/nb/LC_MESSAGES/django.po")
    committed = _msgids(LOCALE / "nb/LC_MESSAGES/django.po")
    assert sorted(fresh - committed) == []


def _msgids(po: Path) -> set[str]:
    ids, current = set(), None
    for line in po.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgid "):
            current = [line[6:].strip('"')]
        elif current is not None and line.startswith('"'):
            current.append(line.strip('"'))
        elif current is not None:
            ids.add("".join(current))
            current = None
    ids.discard("")
    return ids
