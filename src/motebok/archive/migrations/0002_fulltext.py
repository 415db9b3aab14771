"""The full-text structures of each database, which the model does not describe.

PostgreSQL: a generated ``search_vector`` (the ``norwegian`` configuration) with a GIN index.
SQLite: an FTS5 table over ``stemmed`` (stems made in Python), with triggers that keep it in step.
"""

from django.db import migrations

POSTGRESQL = (
    """
    ALTER TABLE archive_searchentry ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (to_tsvector('norwegian'::regconfig, text)) STORED
    """,
    "CREATE INDEX archive_searchentry_search_vector ON archive_searchentry USING gin (search_vector)",
)
POSTGRESQL_REVERSE = (
    "DROP INDEX IF EXISTS archive_searchentry_search_vector",
    "ALTER TABLE archive_searchentry DROP COLUMN IF EXISTS search_vector",
)

# An external-content FTS5 table: it stores only the index and reads rows from archive_searchentry.
SQLITE = (
    """
    CREATE VIRTUAL TABLE archive_fts USING fts5(
        stemmed, content='archive_searchentry', content_rowid='id',
        tokenize="unicode61 remove_diacritics 0"
    )
    """,
    """
    CREATE TRIGGER archive_fts_insert AFTER INSERT ON archive_searchentry BEGIN
        INSERT INTO archive_fts(rowid, stemmed) VALUES (new.id, new.stemmed);
    END
    """,
    """
    CREATE TRIGGER archive_fts_delete AFTER DELETE ON archive_searchentry BEGIN
        INSERT INTO archive_fts(archive_fts, rowid, stemmed) VALUES ('delete', old.id, old.stemmed);
    END
    """,
    """
    CREATE TRIGGER archive_fts_update AFTER UPDATE OF stemmed ON archive_searchentry BEGIN
        INSERT INTO archive_fts(archive_fts, rowid, stemmed) VALUES ('delete', old.id, old.stemmed);
        INSERT INTO archive_fts(rowid, stemmed) VALUES (new.id, new.stemmed);
    END
    """,
    "INSERT INTO archive_fts(archive_fts) VALUES ('rebuild')",
)
SQLITE_REVERSE = (
    "DROP TRIGGER IF EXISTS archive_fts_update",
    "DROP TRIGGER IF EXISTS archive_fts_delete",
    "DROP TRIGGER IF EXISTS archive_fts_insert",
    "DROP TABLE IF EXISTS archive_fts",
)


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, ()):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
            elidable=False,
        ),
    ]
