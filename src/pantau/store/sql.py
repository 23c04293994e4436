"""Small SQL helpers shared by the store modules."""

from __future__ import annotations

from sqlalchemy import ColumnElement, Connection, Table


def insert_ignoring_duplicates(conn: Connection, table: Table):  # type: ignore[no-untyped-def]
    """``INSERT … ON CONFLICT DO NOTHING`` for ``table`` in the connection's dialect."""
    if conn.dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    else:
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    return dialect_insert(table).on_conflict_do_nothing()


def same_workspace(table: Table, workspace_id: int) -> ColumnElement[bool]:
    """``table.workspace_id = workspace_id`` written so that no index serves it: for lookups
    by primary key (``id IN (…)``). Without statistics SQLite would otherwise pick the
    ``(workspace_id, …)`` index and scan every row of the workspace (150 ms instead of 2 ms
    for 250 posts of a million)."""
    return (table.c.workspace_id + 0) == workspace_id
