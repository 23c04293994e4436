"""Small SQL helpers shared by the store modules."""

from __future__ import annotations

from sqlalchemy import Connection, Table


def insert_ignoring_duplicates(conn: Connection, table: Table):  # type: ignore[no-untyped-def]
    """``INSERT … ON CONFLICT DO NOTHING`` for ``table`` in the connection's dialect."""
    if conn.dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    else:
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    return dialect_insert(table).on_conflict_do_nothing()
