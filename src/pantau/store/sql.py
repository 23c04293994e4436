"""Small SQL helpers shared by the store modules."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Connection, CursorResult, Insert, Table
from sqlalchemy.dialects import postgresql, sqlite


def insert_ignoring_duplicates(conn: Connection, table: Table) -> Insert:
    """``INSERT … ON CONFLICT DO NOTHING`` for ``table`` in the connection's dialect."""
    if conn.dialect.name == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing()
    return postgresql.insert(table).on_conflict_do_nothing()


def inserted_id(result: CursorResult[Any]) -> int:
    """The primary key of the one row an ``INSERT`` wrote."""
    key = result.inserted_primary_key
    if key is None:
        raise RuntimeError("the statement inserted no row")
    return int(key[0])


def same_workspace(table: Table, workspace_id: int) -> ColumnElement[bool]:
    """``table.workspace_id = workspace_id`` written so that no index serves it: for lookups
    by primary key (``id IN (…)``). Without statistics SQLite would otherwise pick the
    ``(workspace_id, …)`` index and scan every row of the workspace (150 ms instead of 2 ms
    for 250 posts of a million)."""
    return (table.c.workspace_id + 0) == workspace_id
