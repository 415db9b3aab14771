"""Migration operations that keep a live PostgreSQL database serving while ``migrate`` runs.

Django's own ``AddIndexConcurrently`` speaks PostgreSQL only; Møtebok also runs on SQLite, so these
use ``CREATE INDEX CONCURRENTLY`` (and ``DROP INDEX CONCURRENTLY``) on PostgreSQL and a plain
statement elsewhere. A migration using them sets ``atomic = False``: PostgreSQL refuses a
concurrent index build inside a transaction. makemigrations writes ``AddIndex``; replace it by
hand (docs/deploy.md, "Upgrading", says when).
"""

from __future__ import annotations

from django.contrib.postgres import operations as postgres
from django.db.migrations.operations import AddIndex, RemoveIndex


def _on_postgresql(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


class AddIndexConcurrently(postgres.AddIndexConcurrently):
    """Build an index without blocking writes on PostgreSQL; a plain ``CREATE INDEX`` elsewhere."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if _on_postgresql(schema_editor):
            super().database_forwards(app_label, schema_editor, from_state, to_state)
        else:
            AddIndex.database_forwards(self, app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if _on_postgresql(schema_editor):
            super().database_backwards(app_label, schema_editor, from_state, to_state)
        else:
            AddIndex.database_backwards(self, app_label, schema_editor, from_state, to_state)


class RemoveIndexConcurrently(postgres.RemoveIndexConcurrently):
    """Drop an index without blocking reads and writes on PostgreSQL; a plain ``DROP INDEX`` elsewhere."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if _on_postgresql(schema_editor):
            super().database_forwards(app_label, schema_editor, from_state, to_state)
        else:
            RemoveIndex.database_forwards(self, app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if _on_postgresql(schema_editor):
            super().database_backwards(app_label, schema_editor, from_state, to_state)
        else:
            RemoveIndex.database_backwards(self, app_label, schema_editor, from_state, to_state)
