"""``motebok migrate`` on a live system: no migration builds an index on a big table in a way that
blocks its writes, unless it is one of the reviewed ones listed (and described in docs/deploy.md).

A plain ``CREATE INDEX`` holds a lock that stops every write to the table until the index is
built (about 0.7 s per million rows on the test machine); the big tables grow with every
meeting. New indexes on them use ``motebok.core.migration_ops.AddIndexConcurrently``.
RunPython and RunSQL are not read here (bar RunSQL's ``CREATE INDEX``): they are reviewed by hand.
"""

from __future__ import annotations

import pytest
from django.contrib.postgres.operations import AddIndexConcurrently as PostgresConcurrently
from django.db import NotSupportedError, connection, migrations, models, transaction
from django.db.migrations.loader import MigrationLoader

from motebok.core.migration_ops import AddIndexConcurrently, RemoveIndexConcurrently

BIG_TABLES = {"archive": {"searchentry"}, "meetings": {"agendaitem", "contribution"}}

# Shipped before this rule, on tables that were empty or small everywhere then; docs/deploy.md
# ("Upgrading") lists what each does to a table that is not.
REVIEWED = [
    "meetings.0002_agendaitem_approves_agendaitem_proposed_conclusion_and_more: "
    "AddField agendaitem.approves (index)",
    "meetings.0002_agendaitem_approves_agendaitem_proposed_conclusion_and_more: "
    "AddField contribution.written_by (index)",
]


def _indexed(field) -> bool:
    return (field.db_index or field.unique) and not field.primary_key


def _sql_text(sql) -> str:
    if isinstance(sql, str):
        return sql
    return " ".join(s if isinstance(s, str) else s[0] for s in sql)


def review(app_label: str, name: str, operations, state, *, atomic: bool = True) -> list[str]:
    """What in ``operations`` (a migration of ``app_label``) blocks writes to a big table."""
    found = []
    created = set()
    big = BIG_TABLES.get(app_label, set())
    for op in operations:
        where = f"{app_label}.{name}: {type(op).__name__}"
        if isinstance(op, PostgresConcurrently | RemoveIndexConcurrently) and atomic:
            found.append(f"{where} {op.model_name_lower} needs atomic = False")
        if isinstance(op, migrations.CreateModel):
            created.add(op.name_lower)
        model = getattr(op, "model_name_lower", None)
        if model in big and model not in created:
            found += _blocking(where, op, state.models[app_label, model])
        if isinstance(op, migrations.RunSQL):
            sql = " ".join(_sql_text(op.sql).lower().split())
            tables = {f"{app_label}_{m}" for m in big}
            if (
                "create index" in sql or "create unique index" in sql
            ) and "concurrently" not in sql:
                found += [f"{where} CREATE INDEX on {t}" for t in sorted(tables) if t in sql]
        op.state_forwards(app_label, state)
    return found


def _blocking(where: str, op, model_state) -> list[str]:
    model = op.model_name_lower
    if isinstance(op, PostgresConcurrently):
        return []
    if isinstance(op, migrations.AddIndex):
        return [f"{where} {model}.{op.index.name}"]
    if isinstance(op, migrations.AddField) and _indexed(op.field):
        return [f"{where} {model}.{op.name} (index)"]
    if isinstance(op, migrations.AlterField):
        old = model_state.fields[op.name]
        if _indexed(op.field) and not (_indexed(old) and old.unique == op.field.unique):
            return [f"{where} {model}.{op.name} (index)"]
    if isinstance(op, migrations.AddConstraint) and isinstance(
        op.constraint, models.UniqueConstraint
    ):
        return [f"{where} {model}.{op.constraint.name} (unique index)"]
    if isinstance(op, migrations.AlterUniqueTogether):
        old = {tuple(t) for t in model_state.options.get("unique_together", ())}
        if {tuple(t) for t in op.option_value or ()} - old:
            return [f"{where} {model} (unique index)"]
    return []


def review_tree() -> list[str]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    found = []
    for (app_label, name), migration in sorted(loader.disk_migrations.items()):
        if not type(migration).__module__.startswith("motebok."):
            continue
        state = loader.project_state((app_label, name), at_end=False)
        found += review(app_label, name, migration.operations, state, atomic=migration.atomic)
    return found


def test_no_migration_blocks_writes_to_a_big_table_beyond_the_reviewed_ones():
    assert review_tree() == REVIEWED


@pytest.fixture(scope="module")
def now_state():
    return MigrationLoader(None, ignore_no_migrations=True).project_state()


def _review(ops, state, *, atomic=True):
    return review("meetings", "0099_new", ops, state.clone(), atomic=atomic)


def test_review_refuses_a_plain_index_on_a_big_table(now_state):
    index = models.Index(fields=["heading"], name="contribution_heading")
    assert _review([migrations.AddIndex("contribution", index)], now_state) == [
        "meetings.0099_new: AddIndex contribution.contribution_heading"
    ]
    assert _review([AddIndexConcurrently("contribution", index)], now_state, atomic=False) == []
    assert _review([AddIndexConcurrently("contribution", index)], now_state) == [
        "meetings.0099_new: AddIndexConcurrently contribution needs atomic = False"
    ]


def test_review_refuses_indexed_fields_and_unique_constraints(now_state):
    ops = [
        migrations.AddField(
            "agendaitem",
            "follows",
            models.ForeignKey("meetings.meeting", models.SET_NULL, null=True, related_name="+"),
        ),
        migrations.AddField("agendaitem", "note", models.TextField(blank=True)),
        migrations.AlterField(
            "contribution", "heading", models.CharField(max_length=200, db_index=True)
        ),
        migrations.AddConstraint(
            "contribution",
            models.UniqueConstraint(fields=["item", "heading"], name="contribution_unique_heading"),
        ),
        migrations.RunSQL("CREATE INDEX x ON meetings_agendaitem (title)"),
        migrations.RunSQL("CREATE INDEX CONCURRENTLY y ON meetings_agendaitem (title)"),
    ]
    assert _review(ops, now_state) == [
        "meetings.0099_new: AddField agendaitem.follows (index)",
        "meetings.0099_new: AlterField contribution.heading (index)",
        "meetings.0099_new: AddConstraint contribution.contribution_unique_heading (unique index)",
        "meetings.0099_new: RunSQL CREATE INDEX on meetings_agendaitem",
    ]


def test_review_leaves_small_and_new_tables_alone(now_state):
    ops = [
        migrations.AddIndex("meeting", models.Index(fields=["title"], name="meeting_title")),
        migrations.CreateModel(
            "Contribution2",
            [
                ("id", models.BigAutoField(primary_key=True)),
                ("heading", models.CharField(max_length=9)),
            ],
        ),
        migrations.AlterField(
            "agendaitem", "title", models.CharField(max_length=500, verbose_name="tittel")
        ),
    ]
    assert _review(ops, now_state) == []


def _apply(operation, *, backwards=False, collect=False):
    loader = MigrationLoader(connection)
    before = loader.project_state()
    after = before.clone()
    operation.state_forwards("meetings", after)
    with connection.schema_editor(atomic=False, collect_sql=collect) as editor:
        if backwards:
            operation.database_backwards("meetings", editor, after, before)
        else:
            operation.database_forwards("meetings", editor, before, after)
    return editor.collected_sql if collect else None


def _indexes_of_contribution() -> set[str]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "meetings_contribution")
    return {name for name, c in constraints.items() if c["index"] and not c["unique"]}


INDEX = models.Index(fields=["heading"], name="contribution_heading_live")


@pytest.mark.django_db(transaction=True)
def test_concurrent_index_is_concurrent_on_postgresql_and_plain_elsewhere():
    concurrently = " CONCURRENTLY" if connection.vendor == "postgresql" else ""
    assert _apply(AddIndexConcurrently("contribution", INDEX), collect=True) == [
        f'CREATE INDEX{concurrently} "contribution_heading_live" ON "meetings_contribution" '
        '("heading");'
    ]
    _apply(AddIndexConcurrently("contribution", INDEX))
    assert "contribution_heading_live" in _indexes_of_contribution()
    _apply(AddIndexConcurrently("contribution", INDEX), backwards=True)
    assert "contribution_heading_live" not in _indexes_of_contribution()


@pytest.mark.django_db(transaction=True)
def test_concurrent_removal_drops_and_restores_the_index():
    _apply(AddIndexConcurrently("contribution", INDEX))
    remove = RemoveIndexConcurrently("contribution", "contribution_heading_live")
    loader = MigrationLoader(connection)
    with_index = loader.project_state()
    AddIndexConcurrently("contribution", INDEX).state_forwards("meetings", with_index)
    without = with_index.clone()
    remove.state_forwards("meetings", without)
    with connection.schema_editor(atomic=False) as editor:
        remove.database_forwards("meetings", editor, with_index, without)
    assert "contribution_heading_live" not in _indexes_of_contribution()
    with connection.schema_editor(atomic=False) as editor:
        remove.database_backwards("meetings", editor, without, with_index)
    assert "contribution_heading_live" in _indexes_of_contribution()
    _apply(AddIndexConcurrently("contribution", INDEX), backwards=True)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="only PostgreSQL refuses it in a transaction"
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_index_inside_a_transaction_is_refused_on_postgresql():
    with pytest.raises(NotSupportedError) as refused, transaction.atomic():
        _apply(AddIndexConcurrently("contribution", INDEX))
    assert str(refused.value) == (
        "The AddIndexConcurrently operation cannot be executed inside a transaction "
        "(set atomic = False on the migration)."
    )
    assert "contribution_heading_live" not in _indexes_of_contribution()
