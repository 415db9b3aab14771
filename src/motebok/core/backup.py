"""Backup and restore of a whole installation: the database content and the stored files.

A backup is one zip file:

- ``manifest.json``: the format, when and from which database it was made, the applied
  migrations of every app, the row count of every model and the SHA-256 of every other member;
- ``data.json``: every row, as Django's ``dumpdata`` writes it (natural keys for content types
  and permissions, so that it loads into a database whose ids for those differ);
- ``files/<name>``: every file a model refers to, under its storage name.

Left out, because they are rebuilt or worthless elsewhere: content types and permissions
(``migrate`` makes them), sessions (people sign in again), the search index (rebuilt from the
restored rows) and the page cache's generation (a restored archive is a new one). Restoring goes only into an empty, migrated database, checks every checksum
before it writes anything, and loads everything in one transaction: a broken backup changes
nothing.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import FileField, Model
from django.utils import timezone

FORMAT = "motebok.backup/1"
MANIFEST = "manifest.json"
DATA = "data.json"
FILES_PREFIX = "files/"
EXCLUDED = frozenset(
    {
        "contenttypes.contenttype",
        "auth.permission",
        "sessions.session",
        "archive.searchentry",
        "core.pagegeneration",
    }
)
CHUNK = 1 << 20

Progress = Callable[[str, int], None]


class BackupError(Exception):
    """A backup that cannot be written or restored, with a message for the person running it."""


@dataclass(frozen=True)
class Summary:
    rows: int
    files: int
    bytes: int


def _models() -> list[type[Model]]:
    return [
        model
        for model in apps.get_models()
        if model._meta.label_lower not in EXCLUDED and model._meta.managed and not model._meta.proxy
    ]


def _file_names() -> Iterator[str]:
    """Every stored file name some row refers to, once each."""
    seen: set[str] = set()
    for model in _models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, FileField):
                continue
            names = (
                model._base_manager.exclude(**{field.attname: ""})
                .values_list(field.attname, flat=True)
                .order_by(field.attname)
            )
            for name in names.iterator():
                if name and name not in seen:
                    seen.add(name)
                    yield name


def _applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def create(path: Path, *, progress: Progress | None = None) -> Summary:
    """Write a backup of the database and the stored files to ``path`` (a new zip file).

    Side effects: none but the file; it is written beside ``path`` and renamed at the end, so an
    interrupted backup leaves no half-written file under that name."""
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} exists already; give a new file name")
    if not path.parent.is_dir():
        raise BackupError(f"{path.parent} is not a folder")
    counts = {m._meta.label_lower: m._base_manager.count() for m in _models()}
    names = list(_file_names())
    checksums: dict[str, str] = {}
    total_bytes = 0
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".backup-") as work:
        data = Path(work) / DATA
        call_command(
            "dumpdata",
            *sorted(counts),
            natural_foreign=True,
            output=str(data),
            verbosity=0,
        )
        checksums[DATA] = _sha256_file(data)
        partial = Path(work) / "backup.zip"
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.write(data, DATA)
            if progress:
                progress("files", len(names))
            for name in names:
                member = FILES_PREFIX + name
                digest = hashlib.sha256()
                try:
                    source = default_storage.open(name, "rb")
                except FileNotFoundError:
                    raise BackupError(f"the stored file {name} is missing") from None
                with source, archive.open(member, "w", force_zip64=True) as target:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        target.write(chunk)
                        total_bytes += len(chunk)
                checksums[member] = digest.hexdigest()
                if progress:
                    progress("file", 1)
            manifest = {
                "format": FORMAT,
                "created": timezone.now().isoformat(),
                "database": connection.vendor,
                "migrations": _applied_migrations(),
                "counts": counts,
                "checksums": checksums,
            }
            archive.writestr(MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False))
        partial.replace(path)
    return Summary(rows=sum(counts.values()), files=len(names), bytes=total_bytes)


def read_manifest(archive: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError:
        raise BackupError("this is not a Møtebok backup: it has no manifest.json") from None
    except (ValueError, UnicodeDecodeError):
        raise BackupError("the backup's manifest.json is not valid JSON") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"this is not a {FORMAT} backup")
    checksums = manifest.get("checksums")
    if not isinstance(checksums, dict) or DATA not in checksums:
        raise BackupError("the backup's manifest lists no checksums")
    return manifest


def _safe_file_name(member: str) -> str:
    """The storage name of a ``files/`` member, refusing names that would leave the storage."""
    name = member[len(FILES_PREFIX) :]
    parts = PurePosixPath(name).parts
    if not name or name.startswith("/") or "\\" in name or ".." in parts or "" in parts:
        raise BackupError(f"the backup holds a file with an unsafe name: {member!r}")
    return name


def verify(archive: zipfile.ZipFile, manifest: dict, progress: Progress | None = None) -> None:
    """Every member is listed with its checksum, and every checksum matches."""
    members = {info.filename for info in archive.infolist() if not info.is_dir()} - {MANIFEST}
    listed = set(manifest["checksums"])
    if members != listed:
        extra = sorted(members - listed)[:3]
        missing = sorted(listed - members)[:3]
        raise BackupError(
            f"the backup's members do not match its manifest (not listed: {extra}, missing: {missing})"
        )
    if progress:
        progress("verify", len(members))
    for member in sorted(members):
        if member != DATA and not member.startswith(FILES_PREFIX):
            raise BackupError(f"the backup holds an unexpected member: {member!r}")
        if member.startswith(FILES_PREFIX):
            _safe_file_name(member)
        digest = hashlib.sha256()
        with archive.open(member) as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
        if digest.hexdigest() != manifest["checksums"][member]:
            raise BackupError(f"the checksum of {member} does not match: the backup is damaged")
        if progress:
            progress("verified", 1)


def _check_target(manifest: dict) -> None:
    here = _applied_migrations()
    newer = sorted(
        f"{app}.{name}"
        for app, names in manifest.get("migrations", {}).items()
        for name in names
        if name not in set(here.get(app, ()))
    )
    if newer:
        raise BackupError(
            "the backup comes from a newer version of Møtebok (migrations not applied here: "
            f"{', '.join(newer[:5])}); upgrade and run `motebok migrate` first"
        )
    occupied = [
        f"{m._meta.label_lower} ({n})"
        for m in _models()
        if m._meta.label_lower in manifest.get("counts", {})
        if (n := m._base_manager.count())
    ]
    if occupied:
        raise BackupError(
            "the database is not empty (rows in "
            + ", ".join(occupied[:5])
            + "); restore into an empty, migrated database"
        )


def restore(path: Path, *, progress: Progress | None = None) -> Summary:
    """Restore a backup into this (empty, migrated) database and the file storage.

    Side effects: every row of the backup written in one transaction; every file written to the
    storage (removed again if the rows cannot be loaded); the search index rebuilt."""
    from motebok.archive import index

    path = Path(path)
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise BackupError(f"{path}: no such file") from None
    except (zipfile.BadZipFile, OSError):
        raise BackupError(f"{path} is not a zip file: not a Møtebok backup") from None
    with archive:
        manifest = read_manifest(archive)
        verify(archive, manifest, progress)
        _check_target(manifest)
        written: list[str] = []
        files = sorted(m for m in manifest["checksums"] if m.startswith(FILES_PREFIX))
        try:
            with tempfile.TemporaryDirectory(prefix="motebok-restore-") as work:
                data = Path(work) / DATA
                with archive.open(DATA) as source, data.open("wb") as target:
                    shutil.copyfileobj(source, target, CHUNK)
                with transaction.atomic():
                    try:
                        call_command("loaddata", str(data), verbosity=0)
                    except (DeserializationError, DatabaseError) as exc:
                        raise BackupError(f"the backup's rows could not be loaded: {exc}") from None
                    if progress:
                        progress("files", len(files))
                    total_bytes = 0
                    for member in files:
                        name = _safe_file_name(member)
                        if default_storage.exists(name):
                            raise BackupError(f"the storage holds {name} already")
                        with archive.open(member) as source:
                            saved = default_storage.save(name, File(source, name=name))
                        written.append(saved)
                        if saved != name:
                            raise BackupError(f"the storage renamed {name} to {saved}")
                        total_bytes += archive.getinfo(member).file_size
                        if progress:
                            progress("file", 1)
                    index.rebuild()
        except BaseException:
            for name in written:
                default_storage.delete(name)
            raise
    rows = sum(manifest.get("counts", {}).values())
    return Summary(rows=rows, files=len(files), bytes=total_bytes)
