from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect, text

from pantau.errors import NotFoundError, PantauError
from pantau.store import open_database, upgrade_schema
from pantau.store.search import SEARCH_TABLES
from pantau.store.task_runs import QUEUE_TABLE_PREFIX
from pantau.store.workspaces import create_workspace, list_workspaces, resolve_workspace


def test_schema_has_the_tables_and_keys_lead_with_workspace(engine: Engine) -> None:
    insp = inspect(engine)
    tables = set(insp.get_table_names())
    assert {"workspaces", "sources", "authors", "posts", "import_runs"} <= tables
    # The full-text index: FTS5 keeps the workspace as a column of the index itself (SQLite);
    # post_search is keyed by (workspace_id, post_id) but searched through a GIN index on doc.
    search = {"post_fts", "post_search"} & tables
    assert len(search) == 1
    # the task library's own tables (PostgreSQL) hold jobs of every workspace
    ours = {t for t in tables if not t.startswith(QUEUE_TABLE_PREFIX)}
    for table in ours - {"workspaces", "alembic_version"} - SEARCH_TABLES:
        for ix in insp.get_indexes(table) + insp.get_unique_constraints(table):
            assert ix["column_names"][0] == "workspace_id", (table, ix)
    assert insp.get_pk_constraint("authors")["constrained_columns"][0] == "workspace_id"


def test_upgrade_is_idempotent_and_keeps_data(engine: Engine) -> None:
    create_workspace(engine, "satu", "Satu", "lembaga", "Asia/Makassar")
    upgrade_schema(engine)
    upgrade_schema(engine)
    assert [w.slug for w in list_workspaces(engine)] == ["satu"]


def test_database_from_a_newer_version_is_refused(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff_future'"))
    with pytest.raises(PantauError, match="lebih baru"):
        upgrade_schema(engine)


def test_sqlite_uses_wal(tmp_path: Path) -> None:
    eng = open_database(f"sqlite:///{tmp_path / 'x' / 'p.db'}")
    with eng.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_workspace_validation_and_resolution(engine: Engine) -> None:
    with pytest.raises(NotFoundError):
        resolve_workspace(engine, None)
    with pytest.raises(PantauError, match="slug"):
        create_workspace(engine, "Bad Slug", "x", "pemda", "Asia/Jakarta")
    with pytest.raises(PantauError, match="zona waktu"):
        create_workspace(engine, "ok", "x", "pemda", "Mars/Olympus")
    with pytest.raises(PantauError, match="jenis"):
        create_workspace(engine, "ok", "x", "partai", "Asia/Jakarta")
    a = create_workspace(engine, "a", "A", "pemda", "Asia/Jayapura")
    assert resolve_workspace(engine, None) == a
    create_workspace(engine, "b", "B", "kementerian", "Asia/Jakarta")
    with pytest.raises(PantauError, match="beberapa workspace"):
        resolve_workspace(engine, None)
    with pytest.raises(PantauError, match="sudah ada"):
        create_workspace(engine, "a", "A", "pemda", "Asia/Jakarta")


def test_migrations_produce_exactly_the_declared_schema(engine: Engine) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from pantau.store.schema import metadata

    def declared(obj, name, type_, reflected, compare_to) -> bool:  # type: ignore[no-untyped-def]
        return not (
            type_ == "table" and (name in SEARCH_TABLES or name.startswith(QUEUE_TABLE_PREFIX))
        )

    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": declared})
        diff = compare_metadata(context, metadata)
    assert diff == []
