"""Bulk writing of generated rows: PostgreSQL ``COPY`` through psycopg 3, batched
``executemany`` elsewhere (SQLite, where the FTS5 triggers follow every insert).

Rows are tuples in the order of the columns given when a table is first used. Primary keys are
chosen by the generator (from the table's current maximum), so the archive is the same on every
database; :meth:`Sink.finish` moves PostgreSQL's sequences past them.
"""

from __future__ import annotations

from collections import defaultdict

from django.core.management.color import no_style
from django.db import connection, models

BATCH_ROWS = 20_000


class Ids:
    """The next free primary key of each table, counted from what the database holds."""

    def __init__(self) -> None:
        self._next: dict[type[models.Model], int] = {}

    def take(self, model: type[models.Model]) -> int:
        if model not in self._next:
            top = model.objects.aggregate(top=models.Max("pk"))["top"] or 0
            self._next[model] = top + 1
        pk = self._next[model]
        self._next[model] = pk + 1
        return pk


class Sink:
    """Buffers rows per table and writes them in dependency order on :meth:`flush`."""

    def __init__(self) -> None:
        self.columns: dict[type[models.Model], tuple[str, ...]] = {}
        self.rows: dict[type[models.Model], list[tuple]] = defaultdict(list)
        self.counts: dict[str, int] = defaultdict(int)
        self.postgres = connection.vendor == "postgresql"
        self._adapters: dict[type[models.Model], list] = {}

    def table(self, model: type[models.Model], columns: str) -> None:
        """Declare the columns (space-separated attribute names) the rows of ``model`` carry."""
        names = tuple(columns.split())
        known = {f.attname for f in model._meta.concrete_fields}
        unknown = [n for n in names if n not in known]
        if unknown:
            raise ValueError(f"{model.__name__} has no column {', '.join(unknown)}")
        self.columns[model] = names
        fields = {f.attname: f for f in model._meta.concrete_fields}
        self._adapters[model] = [self._adapter(fields[n]) for n in names]

    @staticmethod
    def _adapter(field):
        """How a Python value goes to the database outside the ORM (SQLite only: psycopg adapts
        dates, times and booleans itself)."""
        ops = connection.ops
        if isinstance(field, models.DateTimeField):
            return ops.adapt_datetimefield_value
        if isinstance(field, models.DateField):
            return ops.adapt_datefield_value
        if isinstance(field, models.DecimalField):
            return str
        return None

    def add(self, model: type[models.Model], row: tuple) -> None:
        self.rows[model].append(row)

    def flush(self) -> None:
        for model in list(self.columns):
            rows = self.rows.pop(model, [])
            for start in range(0, len(rows), BATCH_ROWS):
                self._write(model, rows[start : start + BATCH_ROWS])
            self.counts[model._meta.label] += len(rows)

    def _write(self, model: type[models.Model], rows: list[tuple]) -> None:
        table = connection.ops.quote_name(model._meta.db_table)
        names = self.columns[model]
        quoted = ", ".join(connection.ops.quote_name(_column(model, n)) for n in names)
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                return
            adapters = self._adapters[model]
            if any(adapters):
                rows = [
                    tuple(
                        v if a is None or v is None else a(v)
                        for a, v in zip(adapters, row, strict=True)
                    )
                    for row in rows
                ]
            marks = ", ".join(["%s"] * len(names))
            cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({marks})", rows)

    def finish(self) -> None:
        """Move PostgreSQL's id sequences past the ids the generator chose."""
        if not self.postgres:
            return
        statements = connection.ops.sequence_reset_sql(no_style(), list(self.columns))
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _column(model: type[models.Model], attname: str) -> str:
    for field in model._meta.concrete_fields:
        if field.attname == attname:
            return field.column
    raise ValueError(attname)
