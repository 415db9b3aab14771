import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from factories import BodyFactory, CooperationFactory
from motebok.meetings.models import Meeting

SEED = (
    Path(__file__).resolve().parents[2]
    / "src/motebok/core/demo_data/osloregionen-kg-2025-01-21.txt"
)


@pytest.fixture
def kg(db):
    cooperation = CooperationFactory(name="Osloregionen", slug="osloregionen")
    return BodyFactory(
        cooperation=cooperation,
        name="Administrativ koordineringsgruppe",
        slug="koordineringsgruppen",
        aliases="KG",
    )


def test_dry_run_json_prints_the_draft_and_writes_nothing(kg, capsys):
    call_command("import", str(SEED), "--dry-run", "--json")
    draft = json.loads(capsys.readouterr().out)
    assert draft["schema"] == "motebok.minutes/1"
    assert (draft["date"], draft["start"], draft["end"]) == ("2025-01-21", "10:00", "13:00")
    assert len(draft["items"]) == 12
    assert Meeting.objects.count() == 0


def test_dry_run_json_of_several_files_is_an_array(kg, capsys, tmp_path):
    copy = tmp_path / "kopi.txt"
    copy.write_bytes(SEED.read_bytes())
    call_command("import", str(SEED), str(copy), "--dry-run", "--json")
    drafts = json.loads(capsys.readouterr().out)
    assert [d["date"] for d in drafts] == ["2025-01-21", "2025-01-21"]


def test_import_twice_changes_nothing_the_second_time(kg, capsys):
    call_command("import", str(SEED))
    first = capsys.readouterr().out
    assert "imported" in first
    counts = Meeting.objects.count()
    call_command("import", str(SEED))
    assert "unchanged" in capsys.readouterr().out
    assert Meeting.objects.count() == counts
    seed = Meeting.objects.get(start__date="2025-01-21")
    assert seed.body == kg
    assert seed.items.count() == 12


def test_replace_imports_again_on_purpose(kg, capsys):
    call_command("import", str(SEED))
    old = Meeting.objects.get(start__date="2025-01-21").pk
    call_command("import", str(SEED), "--replace")
    new = Meeting.objects.get(start__date="2025-01-21")
    assert new.pk != old
    assert new.items.count() == 12


def test_a_bad_file_fails_alone_and_the_batch_goes_on(kg, tmp_path, capsys):
    junk = tmp_path / "junk.docx"
    junk.write_bytes(b"this is not a zip file")
    with pytest.raises(CommandError, match="1 of 2 files failed"):
        call_command("import", str(junk), str(SEED))
    out = capsys.readouterr().out
    assert "failed" in out and "imported" in out
    assert Meeting.objects.filter(start__date="2025-01-21").count() == 1


def test_cli_exit_status_is_non_zero_on_failure(tmp_path):
    empty = tmp_path / "tom.txt"
    empty.write_bytes(b"")
    result = subprocess.run(
        [sys.executable, "-m", "motebok", "import", str(empty), "--dry-run"],
        capture_output=True,
        text=True,
        timeout=120,
        env={"MOTEBOK_SECRET_KEY": "x", "MOTEBOK_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 1
    assert "1 of 1 files failed" in result.stderr


def test_a_100_mb_file_is_refused_before_it_is_read(kg, tmp_path, capsys):
    big = tmp_path / "stor.txt"
    with big.open("wb") as handle:  # sparse: takes no disk space
        handle.truncate(100 * 1024 * 1024)
    with pytest.raises(CommandError, match="1 of 1 files failed"):
        call_command("import", str(big))
    out = capsys.readouterr().out
    assert "the limit of 20 MB" in out  # the reason, in the summary table
    assert Meeting.objects.count() == 0
