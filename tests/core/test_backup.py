"""``motebok backup`` and ``motebok restore``: an identical installation back, or nothing at all."""

import datetime as dt
import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from installation import postgresql_installation, sqlite_installation
from motebok.archive import search
from motebok.core import backup, demo
from motebok.documents import render
from motebok.meetings import queries
from motebok.meetings.models import Document, Meeting
from motebok.meetings.views_export import visibility_for
from motebok.orgs.models import Organization
from motebok.orgs.rules import ANONYMOUS, Viewer

TODAY = dt.date(2026, 11, 30)
ADMIN = Viewer(is_admin=True)


def _exports() -> dict[int, bytes]:
    """Every meeting's full JSON export: what the installation holds, as a person sees it."""
    return {
        m.pk: render.export(m, "json", visibility_for(ADMIN, m)).data
        for m in queries.meetings().order_by("pk")
    }


def _stored_files() -> dict[str, str]:
    digests = {}
    for document in Document.objects.order_by("pk"):
        with document.file.open("rb") as handle:
            digests[document.file.name] = hashlib.sha256(handle.read()).hexdigest()
    return digests


def _data(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("data.json")


def _wipe() -> None:
    """Empty the database and the file storage, as a new installation is."""
    names = list(_stored_files())
    call_command("flush", interactive=False, verbosity=0)
    for name in names:
        default_storage.delete(name)


@pytest.fixture
def loaded(transactional_db):
    demo.load(today=TODAY)


def test_restore_gives_back_an_identical_installation(loaded, tmp_path):
    exports, files = _exports(), _stored_files()
    assert len(exports) == Meeting.objects.count() > 10
    assert len(files) == Document.objects.count() >= 1
    first = tmp_path / "first.zip"
    call_command("backup", str(first), verbosity=0)

    _wipe()
    assert Meeting.objects.count() == 0

    call_command("restore", str(first), verbosity=0)
    assert _exports() == exports
    assert _stored_files() == files
    second = tmp_path / "second.zip"
    call_command("backup", str(second), verbosity=0)
    assert _data(second) == _data(first)
    # The search index is rebuilt from the restored rows.
    page = search.search(ANONYMOUS, "bioenergi")
    assert page.total == 3
    assert page.hits[0].entry.organization.name == "Hadelandsregionen IPR"


def test_manifest_counts_and_checksums(loaded, tmp_path):
    path = tmp_path / "b.zip"
    summary = backup.create(path)
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        members = sorted(i.filename for i in archive.infolist())
        for member, digest in manifest["checksums"].items():
            assert hashlib.sha256(archive.read(member)).hexdigest() == digest
    assert manifest["format"] == "motebok.backup/1"
    assert manifest["database"] == connection.vendor
    assert manifest["counts"]["meetings.meeting"] == Meeting.objects.count()
    assert manifest["counts"]["orgs.organization"] == Organization.objects.count()
    assert "archive.searchentry" not in manifest["counts"]
    assert "sessions.session" not in manifest["counts"]
    assert members == sorted(
        ["manifest.json", "data.json", *(f"files/{n}" for n in _stored_files())]
    )
    assert summary.files == Document.objects.count()
    assert summary.rows == sum(manifest["counts"].values())


def test_backup_refuses_an_existing_file(db, tmp_path):
    path = tmp_path / "b.zip"
    path.write_bytes(b"keep me")
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", str(path), verbosity=0)
    assert path.read_bytes() == b"keep me"


def test_restore_refuses_a_database_that_is_not_empty(loaded, tmp_path):
    path = tmp_path / "b.zip"
    backup.create(path)
    meetings = Meeting.objects.count()
    with pytest.raises(CommandError, match="the database is not empty"):
        call_command("restore", str(path), verbosity=0)
    assert Meeting.objects.count() == meetings


def _rewrite(source: Path, target: Path, change) -> None:
    """Copy a backup, letting ``change(name, data)`` alter members, and fix up the checksums so
    that only the change itself is wrong."""
    with zipfile.ZipFile(source) as old:
        members = {i.filename: old.read(i.filename) for i in old.infolist()}
    manifest = json.loads(members.pop("manifest.json"))
    changed = {}
    for name, data in members.items():
        result = change(name, data)
        if result is not None:
            changed.update(result)
    manifest["checksums"] = {n: hashlib.sha256(d).hexdigest() for n, d in changed.items()}
    with zipfile.ZipFile(target, "w") as new:
        for name, data in changed.items():
            new.writestr(name, data)
        new.writestr("manifest.json", json.dumps(manifest))


def _restore_fails(path: Path, message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(path), verbosity=0)
    assert Organization.objects.count() == 0
    assert Document.objects.count() == 0


def test_a_damaged_backup_changes_nothing(loaded, tmp_path):
    good, damaged = tmp_path / "good.zip", tmp_path / "damaged.zip"
    backup.create(good)
    names = list(_stored_files())
    with zipfile.ZipFile(good) as archive:
        members = {i.filename: archive.read(i.filename) for i in archive.infolist()}
    with zipfile.ZipFile(damaged, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data + b"!" if name.startswith("files/") else data)
    _wipe()
    _restore_fails(damaged, "does not match: the backup is damaged")
    assert [n for n in names if default_storage.exists(n)] == []


def test_rows_that_cannot_load_leave_no_files_behind(loaded, tmp_path):
    good, broken = tmp_path / "good.zip", tmp_path / "broken.zip"
    backup.create(good)
    names = list(_stored_files())

    def break_rows(name, data):
        if name == "data.json":
            rows = json.loads(data)
            rows.append({"model": "meetings.meeting", "pk": 1, "fields": {"body": 999_999}})
            return {name: json.dumps(rows).encode()}
        return {name: data}

    _rewrite(good, broken, break_rows)
    _wipe()
    _restore_fails(broken, "could not be loaded")
    assert [n for n in names if default_storage.exists(n)] == []


def test_a_member_name_that_leaves_the_storage_is_refused(loaded, tmp_path):
    good, evil = tmp_path / "good.zip", tmp_path / "evil.zip"
    backup.create(good)

    def traverse(name, data):
        if name.startswith("files/"):
            return {"files/../../escaped.txt": data}
        return {name: data}

    _rewrite(good, evil, traverse)
    _wipe()
    _restore_fails(evil, "unsafe name")
    assert not (tmp_path / "escaped.txt").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a zip at all", "is not a zip file"),
        (None, "has no manifest.json"),
        (b"{not json", "is not valid JSON"),
        (json.dumps({"format": "other/1"}).encode(), "is not a motebok.backup/1 backup"),
    ],
)
def test_files_that_are_not_backups_are_refused(db, tmp_path, content, message):
    path = tmp_path / "x.zip"
    if content == b"not a zip at all":
        path.write_bytes(content)
    else:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("data.json", "[]")
            if content is not None:
                archive.writestr("manifest.json", content)
    _restore_fails(path, message)


def test_a_backup_from_a_newer_version_is_refused(loaded, tmp_path):
    good, newer = tmp_path / "good.zip", tmp_path / "newer.zip"
    backup.create(good)
    with zipfile.ZipFile(good) as old, zipfile.ZipFile(newer, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "manifest.json":
                manifest = json.loads(data)
                manifest["migrations"]["meetings"].append("9999_from_the_future")
                data = json.dumps(manifest).encode()
            new.writestr(info.filename, data)
    _wipe()
    _restore_fails(newer, "newer version of Møtebok.*meetings.9999_from_the_future")


EXPORT_ALL = """
import json
from motebok.documents import render
from motebok.meetings import queries
from motebok.meetings.views_export import visibility_for
from motebok.orgs.rules import Viewer
admin = Viewer(is_admin=True)
print(json.dumps({m.pk: render.export(m, "json", visibility_for(admin, m)).data.decode()
                  for m in queries.meetings().order_by("pk")}))
"""


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="restores into a PostgreSQL database of its own; the PostgreSQL run of .ci/run does it",
)
def test_sqlite_backup_restores_into_postgresql(db, tmp_path):
    """The path for a cooperation outgrowing the embedded default: back up the SQLite demo,
    restore it into a new PostgreSQL database, and get the same exports out of both."""
    with (
        sqlite_installation(tmp_path / "lite") as lite,
        postgresql_installation(tmp_path / "pg") as pg,
    ):
        lite.run("migrate", "--no-input", "-v", "0")
        lite.run("load_demo")
        lite.run("backup", str(tmp_path / "demo.zip"))
        pg.run("migrate", "--no-input", "-v", "0")
        restored = pg.run("restore", str(tmp_path / "demo.zip"))
        assert "search index rebuilt" in restored.stdout
        before = lite.run("shell", "-v", "0", "-c", EXPORT_ALL).stdout
        after = pg.run("shell", "-v", "0", "-c", EXPORT_ALL).stdout
        exports = json.loads(before)
        assert len(exports) > 10  # the demo's planned year depends on today's date
        assert sum("Frist er mandag 27. januar" in text for text in exports.values()) == 1
        assert after == before
        pg.run("backup", str(tmp_path / "again.zip"))
        assert _data(tmp_path / "again.zip") == _data(tmp_path / "demo.zip")


def test_times_come_back_to_the_microsecond(loaded, tmp_path):
    """Django's JSON would keep milliseconds only: 10:00:00.000456 would come back as 10:00."""
    meeting = Meeting.objects.order_by("pk").first()
    exact = meeting.start.replace(microsecond=456)
    Meeting.objects.filter(pk=meeting.pk).update(start=exact)
    path = tmp_path / "b.zip"
    backup.create(path)
    _wipe()
    backup.restore(path)
    assert Meeting.objects.get(pk=meeting.pk).start == exact
