"""The term rollups (``rollup_terms``: posts per workspace × hour × trend key), written and
read in bulk. A day of a busy workspace holds millions of rows (every key at least two posts
carried in an hour), so rows go through the database driver as plain tuples — ``COPY`` on
PostgreSQL — instead of one parameter dictionary per row."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import Connection, delete, insert, select, update

from pantau.store.schema import detector_state, rollup_terms

_IN_CHUNK = 500
# How SQLAlchemy stores a DateTime on SQLite; rows written here must compare equal to it.
_SQLITE_TIME = "%Y-%m-%d %H:%M:%S.%f"


def replace_terms(
    conn: Connection,
    workspace_id: int,
    hours: Sequence[datetime],
    rows: Iterable[tuple[datetime, str, int]],
) -> int:
    """Replace every term row of ``hours`` with ``rows`` ((hour, term, posts)); returns how
    many were written."""
    for start in range(0, len(hours), _IN_CHUNK):
        conn.execute(
            delete(rollup_terms).where(
                rollup_terms.c.workspace_id == workspace_id,
                rollup_terms.c.hour.in_(list(hours[start : start + _IN_CHUNK])),
            )
        )
    if conn.dialect.name == "postgresql":
        written = 0
        raw = conn.connection.driver_connection
        copy_sql = "COPY rollup_terms (workspace_id, hour, term, posts) FROM STDIN"
        with raw.cursor() as cur, cur.copy(copy_sql) as copy:  # type: ignore[union-attr]
            for hour, term, posts in rows:
                copy.write_row((workspace_id, hour, term, posts))
                written += 1
        return written
    stamps: dict[datetime, str] = {}
    values = []
    for hour, term, posts in rows:
        stamp = stamps.get(hour)
        if stamp is None:
            stamp = stamps[hour] = hour.strftime(_SQLITE_TIME)
        values.append((workspace_id, stamp, term, posts))
    if values:
        conn.exec_driver_sql(
            "INSERT INTO rollup_terms (workspace_id, hour, term, posts) VALUES (?, ?, ?, ?)",
            values,
        )
    return len(values)


def term_counts(
    conn: Connection, workspace_id: int, start: datetime, end: datetime
) -> dict[datetime, dict[str, int]]:
    """hour → term → posts, for hours in [start, end)."""
    if conn.dialect.name == "postgresql":
        sql = (
            "SELECT hour, term, posts FROM rollup_terms "
            "WHERE workspace_id = %s AND hour >= %s AND hour < %s"
        )
        params: tuple = (workspace_id, start, end)
    else:
        sql = (
            "SELECT hour, term, posts FROM rollup_terms "
            "WHERE workspace_id = ? AND hour >= ? AND hour < ?"
        )
        params = (workspace_id, start.strftime(_SQLITE_TIME), end.strftime(_SQLITE_TIME))
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(sql, params)
        result = cursor.fetchall()
    finally:
        cursor.close()
    found: dict[object, dict[str, int]] = {}
    for hour, term, posts in result:
        by_term = found.get(hour)
        if by_term is None:
            by_term = found[hour] = {}
        by_term[term] = posts
    return {
        (hour if isinstance(hour, datetime) else datetime.fromisoformat(str(hour))): by_term
        for hour, by_term in found.items()
    }


def detector_snapshot(conn: Connection, workspace_id: int) -> tuple[datetime, str, bytes] | None:
    """The stored detector snapshot: (hour, config, payload), or None."""
    row = conn.execute(
        select(detector_state.c.hour, detector_state.c.config, detector_state.c.payload).where(
            detector_state.c.workspace_id == workspace_id
        )
    ).first()
    if row is None:
        return None
    hour, config, payload = row
    return hour, config, bytes(payload)


def save_detector_snapshot(
    conn: Connection, workspace_id: int, hour: datetime, config: str, payload: bytes, now: datetime
) -> None:
    values = {"hour": hour, "config": config, "payload": payload, "updated_at": now}
    done = conn.execute(
        update(detector_state).where(detector_state.c.workspace_id == workspace_id).values(values)
    ).rowcount
    if not done:
        conn.execute(insert(detector_state).values(workspace_id=workspace_id, **values))
