"""A separate Møtebok installation for tests that run ``motebok`` in real processes (crashes,
backups across databases): its own data folder and its own database, SQLite or, when the suite
runs on PostgreSQL, a new PostgreSQL database that is dropped afterwards."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import connection


@dataclass
class Installation:
    env: dict
    url: str
    vendor: str

    def run(
        self, *args: str, check: bool = True, timeout: int = 300
    ) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "motebok", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=check,
        )

    def start(self, *args: str) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "motebok", *args],
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def query(self, sql: str) -> list[tuple]:
        """Rows of a read-only query, straight from the installation's database."""
        if self.vendor == "sqlite":
            with contextlib.closing(sqlite3.connect(self.url.removeprefix("sqlite:///"))) as db:
                return db.execute(sql).fetchall()
        import psycopg

        with psycopg.connect(self.url.replace("postgres://", "postgresql://", 1)) as db:
            return db.execute(sql).fetchall()


def _base_env(data_dir: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOTEBOK_")}
    return env | {
        "MOTEBOK_SECRET_KEY": "test-only",
        "MOTEBOK_HTTPS": "0",
        "MOTEBOK_DATA_DIR": str(data_dir),
    }


@contextlib.contextmanager
def sqlite_installation(folder: Path) -> Iterator[Installation]:
    folder.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{folder / 'motebok.sqlite3'}"
    yield Installation(_base_env(folder) | {"MOTEBOK_DATABASE_URL": url}, url, "sqlite")


@contextlib.contextmanager
def postgresql_installation(folder: Path) -> Iterator[Installation]:
    """A new database on the server the test suite uses, dropped afterwards."""
    import psycopg

    folder.mkdir(parents=True, exist_ok=True)
    settings = connection.settings_dict
    host, port, user = settings["HOST"], settings["PORT"] or 5432, settings["USER"]
    name = f"motebok_test_{uuid.uuid4().hex[:10]}"
    admin = f"host={host} port={port} user={user} dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    url = f"postgres://{user}@{host}:{port}/{name}"
    try:
        yield Installation(_base_env(folder) | {"MOTEBOK_DATABASE_URL": url}, url, "postgresql")
    finally:
        with psycopg.connect(admin, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def installation(folder: Path):
    """An installation on the kind of database the suite runs on."""
    if connection.vendor == "postgresql":
        return postgresql_installation(folder)
    return sqlite_installation(folder)
