"""Import runs: the provenance of every file brought in (name, checksum, counts, rejects)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, select, update

from pantau.records import WriteCounts
from pantau.store.schema import import_runs
from pantau.store.sql import inserted_id


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(frozen=True)
class ImportRun:
    id: int
    file_name: str
    checksum: str
    format: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    rows_read: int
    rows_new: int
    rows_updated: int
    rows_duplicate: int
    rows_rejected: int
    rejects_path: str | None
    software_version: str
    repairs_run_id: int | None
    profile: str | None  # the mapping profile used, if any
    mapping: dict | None  # the column mapping used; None for canonical files


def start_run(
    engine: Engine,
    workspace_id: int,
    *,
    file_name: str,
    file_path: str,
    file_size: int,
    checksum: str,
    fmt: str,
    encoding: str | None,
    software_version: str,
    source_id: int | None = None,
    started_at: datetime | None = None,
    profile: str | None = None,
    mapping: dict | None = None,
) -> tuple[int, int | None]:
    """Record a new running import (``started_at``: naive UTC, default the clock); returns its
    id and the id of an unfinished earlier run of the same file, which this run repairs (that
    run is marked interrupted)."""
    with engine.begin() as conn:
        unfinished = (
            conn.execute(
                select(import_runs.c.id)
                .where(
                    import_runs.c.workspace_id == workspace_id,
                    import_runs.c.checksum == checksum,
                    import_runs.c.status == "running",
                )
                .order_by(import_runs.c.id.desc())
            )
            .scalars()
            .all()
        )
        if unfinished:
            conn.execute(
                update(import_runs)
                .where(import_runs.c.id.in_(unfinished))
                .values(status="interrupted")
            )
        repairs = unfinished[0] if unfinished else None
        result = conn.execute(
            import_runs.insert().values(
                workspace_id=workspace_id,
                file_name=file_name,
                file_path=file_path,
                file_size=file_size,
                checksum=checksum,
                format=fmt,
                encoding=encoding,
                status="running",
                started_at=started_at or _now(),
                software_version=software_version,
                repairs_run_id=repairs,
                source_id=source_id,
                profile=profile,
                mapping=mapping,
            )
        )
        return inserted_id(result), repairs


def add_progress(
    conn: Connection, run_id: int, read: int, rejected: int, counts: WriteCounts
) -> None:
    """Add a committed batch's counts, inside the batch's own transaction."""
    c = import_runs.c
    conn.execute(
        update(import_runs)
        .where(c.id == run_id)
        .values(
            rows_read=c.rows_read + read,
            rows_rejected=c.rows_rejected + rejected,
            rows_new=c.rows_new + counts.new,
            rows_updated=c.rows_updated + counts.updated,
            rows_duplicate=c.rows_duplicate + counts.duplicate,
        )
    )


def finish_run(
    engine: Engine,
    run_id: int,
    status: str,
    rejects_path: str | None = None,
    error: str | None = None,
) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(import_runs)
            .where(import_runs.c.id == run_id)
            .values(status=status, finished_at=_now(), rejects_path=rejects_path, error=error)
        )


def list_runs(
    engine: Engine, workspace_id: int, limit: int = 50, run_id: int | None = None
) -> list[ImportRun]:
    """The workspace's import runs, newest first (only run ``run_id`` when given)."""
    c = import_runs.c
    stmt = (
        select(
            c.id,
            c.file_name,
            c.checksum,
            c.format,
            c.status,
            c.started_at,
            c.finished_at,
            c.rows_read,
            c.rows_new,
            c.rows_updated,
            c.rows_duplicate,
            c.rows_rejected,
            c.rejects_path,
            c.software_version,
            c.repairs_run_id,
            c.profile,
            c.mapping,
        )
        .where(c.workspace_id == workspace_id)
        .order_by(c.id.desc())
        .limit(limit)
    )
    if run_id is not None:
        stmt = stmt.where(c.id == run_id)
    with engine.connect() as conn:
        return [ImportRun(**r._mapping) for r in conn.execute(stmt)]
