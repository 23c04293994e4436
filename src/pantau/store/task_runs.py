"""Runs of a workspace's tasks (``task_runs``): the pipeline, a source's collection, the daily
report, the alert pass — started, finished or failed, by the service's own scheduler or by a
worker; what operators read in `pantau worker status` and on the Sistem page."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from sqlalchemy import Engine, delete, func, insert, select, update

from pantau.store.schema import task_runs, workspaces

QUEUE_TABLE_PREFIX = "procrastinate_"  # the task library's own tables (PostgreSQL only)


def start_run(
    engine: Engine,
    workspace_id: int,
    task: str,
    now: datetime,
    *,
    via: str,
    job_id: int | None = None,
) -> int:
    with engine.begin() as conn:
        return int(
            conn.execute(
                insert(task_runs)
                .values(
                    workspace_id=workspace_id,
                    task=task,
                    job_id=job_id,
                    via=via,
                    started_at=now,
                    status="running",
                )
                .returning(task_runs.c.id)
            ).scalar_one()
        )


def finish_run(
    engine: Engine,
    workspace_id: int,
    run_id: int,
    now: datetime,
    *,
    counts: Mapping[str, object] | None = None,
    error: str | None = None,
) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(task_runs)
            .where(task_runs.c.workspace_id == workspace_id, task_runs.c.id == run_id)
            .values(
                finished_at=now,
                status="failed" if error else "complete",
                counts=dict(counts) if counts is not None else None,
                error=error[:500] if error else None,
            )
        )


def abandon_job_runs(engine: Engine, job_id: int, now: datetime, error: str) -> int:
    """End as failed with ``error`` the runs of queue job ``job_id`` still marked running (their
    worker died); how many."""
    with engine.begin() as conn:
        return conn.execute(
            update(task_runs)
            .where(task_runs.c.job_id == job_id, task_runs.c.status == "running")
            .values(finished_at=now, status="failed", error=error)
        ).rowcount


def last_runs(engine: Engine, task: str) -> list[dict]:
    """Each workspace's newest run of ``task`` with the workspace's slug (``id`` None for a
    workspace whose task never ran), by slug."""
    newest = (
        select(task_runs.c.workspace_id, func.max(task_runs.c.id).label("id"))
        .where(task_runs.c.task == task)
        .group_by(task_runs.c.workspace_id)
        .subquery()
    )
    stmt = (
        select(
            workspaces.c.slug,
            task_runs.c.id,
            task_runs.c.started_at,
            task_runs.c.finished_at,
            task_runs.c.status,
            task_runs.c.via,
            task_runs.c.error,
        )
        .select_from(workspaces)
        .outerjoin(newest, newest.c.workspace_id == workspaces.c.id)
        .outerjoin(task_runs, task_runs.c.id == newest.c.id)
        .order_by(workspaces.c.slug)
    )
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(stmt)]


def errors_of_jobs(engine: Engine, job_ids: Iterable[int]) -> dict[int, str]:
    """The error of the newest failed run of each job (a job retried has several runs)."""
    ids = list(job_ids)
    if not ids:
        return {}
    stmt = (
        select(task_runs.c.job_id, task_runs.c.error)
        .where(task_runs.c.job_id.in_(ids), task_runs.c.status == "failed")
        .order_by(task_runs.c.id)
    )
    with engine.connect() as conn:
        return {int(r.job_id): str(r.error) for r in conn.execute(stmt)}


def run_rows(engine: Engine, workspace_id: int, task: str | None = None) -> list[dict]:
    """The workspace's task runs (of ``task`` only, when given), oldest first."""
    stmt = select(task_runs).where(task_runs.c.workspace_id == workspace_id)
    if task is not None:
        stmt = stmt.where(task_runs.c.task == task)
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(stmt.order_by(task_runs.c.id))]


def recent_runs(engine: Engine, workspace_id: int, limit: int) -> list[dict]:
    """The workspace's newest task runs, newest first."""
    stmt = (
        select(task_runs)
        .where(task_runs.c.workspace_id == workspace_id)
        .order_by(task_runs.c.id.desc())
        .limit(limit)
    )
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(stmt)]


def delete_runs_before(engine: Engine, when: datetime) -> int:
    """Forget the runs of every workspace started before ``when``; how many."""
    with engine.begin() as conn:
        return conn.execute(delete(task_runs).where(task_runs.c.started_at < when)).rowcount
