"""SQL of live sources: the sources themselves (with their secrets: the callers mask them),
claiming due sources, recording each collection's outcome and outages, and the reads of
source health (new posts per day from the import runs the collections made).

Claiming is a conditional update of ``next_run_at`` (the lease of a running collection), so two
collectors on one database (the service's scheduler and a ``pantau sources collect``, or many
task-queue workers) never collect the same source at the same time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date, datetime

from sqlalchemy import Connection, delete, func, insert, or_, select, update

from pantau.store.schema import import_runs, outreach_imports, source_outages, sources


def _as_datetime(value: datetime | str | None) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def _as_date(value: date | str) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def insert_source(conn: Connection, workspace_id: int, values: Mapping[str, object]) -> int:
    result = conn.execute(
        insert(sources).values(workspace_id=workspace_id, **values).returning(sources.c.id)
    )
    return int(result.scalar_one())


def source_rows(conn: Connection, workspace_id: int) -> list[dict]:
    """Every source of the workspace, secrets included (callers mask them)."""
    stmt = select(sources).where(sources.c.workspace_id == workspace_id).order_by(sources.c.id)
    return [dict(r) for r in conn.execute(stmt).mappings()]


def source_row(conn: Connection, workspace_id: int, source_id: int) -> dict | None:
    stmt = select(sources).where(sources.c.workspace_id == workspace_id, sources.c.id == source_id)
    row = conn.execute(stmt).mappings().first()
    return dict(row) if row else None


def update_source(
    conn: Connection, workspace_id: int, source_id: int, values: Mapping[str, object]
) -> None:
    conn.execute(
        update(sources)
        .where(sources.c.workspace_id == workspace_id, sources.c.id == source_id)
        .values(**values)
    )


def delete_source(conn: Connection, workspace_id: int, source_id: int) -> None:
    """The source and its outages; the posts and import runs it brought stay."""
    conn.execute(
        delete(source_outages).where(
            source_outages.c.workspace_id == workspace_id, source_outages.c.source_id == source_id
        )
    )
    conn.execute(
        delete(sources).where(sources.c.workspace_id == workspace_id, sources.c.id == source_id)
    )


# --- claiming and outcomes ------------------------------------------------------------------


def due_ids(conn: Connection, workspace_id: int, now: datetime) -> list[int]:
    """Active sources whose time has come (or that were never collected), oldest due first."""
    c = sources.c
    stmt = (
        select(c.id)
        .where(
            c.workspace_id == workspace_id,
            c.status == "active",
            or_(c.next_run_at.is_(None), c.next_run_at <= now),
        )
        .order_by(c.next_run_at.is_not(None), c.next_run_at, c.id)
    )
    return [int(i) for (i,) in conn.execute(stmt)]


def claim(
    conn: Connection,
    workspace_id: int,
    source_id: int,
    now: datetime,
    lease_until: datetime,
    *,
    force: bool = False,
) -> bool:
    """Hold the source for one collection until ``lease_until`` (or until its outcome is
    recorded). False when another collection holds it, or, unless ``force`` (a person asked
    for this source now), when it is not active or not due."""
    c = sources.c
    stmt = update(sources).where(
        c.workspace_id == workspace_id,
        c.id == source_id,
        or_(c.running_until.is_(None), c.running_until <= now),
    )
    if not force:
        stmt = stmt.where(c.status == "active", or_(c.next_run_at.is_(None), c.next_run_at <= now))
    return conn.execute(stmt.values(running_until=lease_until, last_run_at=now)).rowcount == 1


def record_success(
    conn: Connection,
    workspace_id: int,
    source_id: int,
    *,
    now: datetime,
    next_run_at: datetime,
    cursor: Mapping[str, object],
    quota: Mapping[str, object] | None,
    new_posts: int,
) -> None:
    """A collection that worked: position, schedule, health; an open outage ends now."""
    values: dict[str, object] = {
        "cursor": dict(cursor),
        "next_run_at": next_run_at,
        "running_until": None,
        "last_success_at": now,
        "health": "ok",
        "failures": 0,
        "updated_at": now,
    }
    if quota is not None:
        values["quota"] = dict(quota)
    if new_posts:
        values["last_seen_at"] = now
    update_source(conn, workspace_id, source_id, values)
    conn.execute(
        update(source_outages)
        .where(
            source_outages.c.workspace_id == workspace_id,
            source_outages.c.source_id == source_id,
            source_outages.c.ended_at.is_(None),
        )
        .values(ended_at=now)
    )


def record_failure(
    conn: Connection,
    workspace_id: int,
    source_id: int,
    *,
    now: datetime,
    next_run_at: datetime,
    failures: int,
    health: str,
    kind: str,
    error: str,
    quota: Mapping[str, object] | None,
) -> None:
    """A collection that failed (the ``failures``-th in a row): the error, the back-off, and
    the outage it opens or extends."""
    values: dict[str, object] = {
        "next_run_at": next_run_at,
        "running_until": None,
        "last_error_at": now,
        "last_error": error,
        "health": health,
        "failures": failures,
        "updated_at": now,
    }
    if quota is not None:
        values["quota"] = dict(quota)
    update_source(conn, workspace_id, source_id, values)
    o = source_outages.c
    opened = conn.execute(
        select(o.id).where(
            o.workspace_id == workspace_id, o.source_id == source_id, o.ended_at.is_(None)
        )
    ).scalar_one_or_none()
    if opened is None:
        conn.execute(
            insert(source_outages).values(
                workspace_id=workspace_id,
                source_id=source_id,
                started_at=now,
                kind=kind,
                error=error,
                attempts=1,
            )
        )
    else:
        conn.execute(
            update(source_outages)
            .where(o.id == opened)
            .values(kind=kind, error=error, attempts=o.attempts + 1)
        )


# --- health ---------------------------------------------------------------------------------


def outages_between(
    conn: Connection, workspace_id: int | None, start: datetime, end: datetime
) -> list[dict]:
    """Outages that overlap ``[start, end)``, with the source's name, oldest first: of one
    workspace, or with None of every workspace (the national report's coverage)."""
    o = source_outages.c
    stmt = (
        select(
            o.workspace_id,
            o.source_id,
            sources.c.name,
            o.started_at,
            o.ended_at,
            o.kind,
            o.error,
            o.attempts,
        )
        .join(sources, sources.c.id == o.source_id)
        .where(o.started_at < end, or_(o.ended_at.is_(None), o.ended_at > start))
        .order_by(o.started_at, o.source_id)
    )
    if workspace_id is not None:
        stmt = stmt.where(o.workspace_id == workspace_id)
    rows = []
    for r in conn.execute(stmt).mappings():
        row = dict(r)
        row["started_at"] = _as_datetime(row["started_at"])
        row["ended_at"] = _as_datetime(row["ended_at"])
        rows.append(row)
    return rows


def new_posts_since(conn: Connection, workspace_id: int, since: datetime) -> dict[int, int]:
    """New posts (or owned-channel rows) each source brought since ``since``."""
    found: dict[int, int] = defaultdict(int)
    for table in (import_runs, outreach_imports):
        stmt = (
            select(table.c.source_id, func.sum(table.c.rows_new))
            .where(
                table.c.workspace_id == workspace_id,
                table.c.source_id.is_not(None),
                table.c.started_at >= since,
            )
            .group_by(table.c.source_id)
        )
        for source_id, n in conn.execute(stmt):
            found[int(source_id)] += int(n or 0)
    return dict(found)


def new_posts_by_day(
    conn: Connection, workspace_id: int, since: datetime
) -> dict[int, dict[date, int]]:
    """New posts per source per UTC day since ``since``."""
    found: dict[int, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for table in (import_runs, outreach_imports):
        day = func.date(table.c.started_at)
        stmt = (
            select(table.c.source_id, day, func.sum(table.c.rows_new))
            .where(
                table.c.workspace_id == workspace_id,
                table.c.source_id.is_not(None),
                table.c.started_at >= since,
            )
            .group_by(table.c.source_id, day)
        )
        for source_id, when, n in conn.execute(stmt):
            found[int(source_id)][_as_date(when)] += int(n or 0)
    return {k: dict(v) for k, v in found.items()}


def runs_of(conn: Connection, workspace_id: int, source_id: int, limit: int = 20) -> list[dict]:
    """The latest collection runs of a source (post import runs and owned-channel imports)."""
    rows: list[dict] = []
    for table in (import_runs, outreach_imports):
        c = table.c
        stmt = (
            select(
                c.id,
                c.status,
                c.started_at,
                c.finished_at,
                c.rows_read,
                c.rows_new,
                c.rows_updated,
                c.rows_rejected,
                c.rejects_path,
                c.error,
            )
            .where(c.workspace_id == workspace_id, c.source_id == source_id)
            .order_by(c.started_at.desc(), c.id.desc())
            .limit(limit)
        )
        rows.extend(dict(r) for r in conn.execute(stmt).mappings())
    for row in rows:
        row["started_at"] = _as_datetime(row["started_at"])
        row["finished_at"] = _as_datetime(row["finished_at"])
    rows.sort(key=lambda r: (r["started_at"], r["id"]), reverse=True)
    return rows[:limit]


def sources_named(conn: Connection, workspace_id: int, names: Sequence[str]) -> set[str]:
    """Which of ``names`` are already sources of the workspace."""
    if not names:
        return set()
    stmt = select(sources.c.name).where(
        sources.c.workspace_id == workspace_id, sources.c.name.in_(list(names))
    )
    return {n for (n,) in conn.execute(stmt)}
