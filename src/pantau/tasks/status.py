"""What operators see of the task queue (`pantau worker status`, the Sistem page): jobs per
queue, the running and failed jobs with their workspace and error, each workspace's last
pipeline run and its duration; retrying or cancelling a job."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

import procrastinate
from procrastinate.exceptions import UniqueViolation
from procrastinate.jobs import Job, Status
from sqlalchemy import Engine

from pantau.errors import NotFoundError, PantauError
from pantau.records import Workspace
from pantau.store import task_runs
from pantau.tasks.work import PIPELINE

SHOWN_JOBS = 50  # newest running and failed jobs shown


@dataclass
class JobLine:
    id: int
    task: str
    queue: str
    status: str
    workspace: str | None
    attempts: int
    scheduled_at: str | None
    error: str | None = None


@dataclass
class LastRun:
    workspace: str
    started_at: str | None
    seconds: float | None
    status: str | None
    via: str | None
    error: str | None


@dataclass
class QueueStatus:
    queues: list[dict[str, Any]] = field(default_factory=list)
    running: list[JobLine] = field(default_factory=list)
    failed: list[JobLine] = field(default_factory=list)
    pipelines: list[LastRun] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _line(job: procrastinate.jobs.Job) -> JobLine:
    assert job.id is not None  # listed jobs are stored
    slug = job.task_kwargs.get("workspace")
    return JobLine(
        id=job.id,
        task=job.task_name.removeprefix("pantau."),
        queue=job.queue,
        status=str(job.status),
        workspace=str(slug) if slug is not None else None,
        attempts=job.attempts,
        scheduled_at=job.scheduled_at.isoformat() if job.scheduled_at else None,
    )


def _newest(jobs: list[procrastinate.jobs.Job]) -> list[JobLine]:
    return [_line(j) for j in sorted(jobs, key=lambda j: j.id or 0, reverse=True)[:SHOWN_JOBS]]


def queue_status(app: procrastinate.App | None, engine: Engine) -> QueueStatus:
    """The queue's state and every workspace's last pipeline run; without a queue (SQLite:
    the service's own scheduler does the work) the last runs alone."""
    status = QueueStatus()
    if app is not None:
        manager = app.job_manager
        status.queues = list(manager.list_queues())
        status.running = _newest(manager.list_jobs(status="doing"))
        status.failed = _newest(manager.list_jobs(status="failed"))
        errors = task_runs.errors_of_jobs(engine, [j.id for j in status.failed])
        for line in status.failed:
            line.error = errors.get(line.id)
    for row in task_runs.last_runs(engine, PIPELINE):
        started, finished = row["started_at"], row["finished_at"]
        seconds = (finished - started).total_seconds() if started and finished else None
        status.pipelines.append(
            LastRun(
                workspace=row["slug"],
                started_at=started.isoformat() if started else None,
                seconds=seconds,
                status=row["status"],
                via=row["via"],
                error=row["error"],
            )
        )
    return status


@dataclass
class WorkspaceTasks:
    """One workspace's share (the Sistem page): the queues' totals, its running and failed
    jobs, its recent task runs (by workers or, on SQLite, by the service's scheduler)."""

    queues: list[dict[str, Any]] = field(default_factory=list)
    waiting: list[JobLine] = field(default_factory=list)
    running: list[JobLine] = field(default_factory=list)
    failed: list[JobLine] = field(default_factory=list)
    runs: list[dict[str, Any]] = field(default_factory=list)


def workspace_tasks(
    app: procrastinate.App | None, engine: Engine, workspace: Workspace
) -> WorkspaceTasks:
    found = WorkspaceTasks(runs=task_runs.recent_runs(engine, workspace.id, SHOWN_JOBS))
    if app is None:  # no queue: the service's own scheduler does the work
        return found
    whole = queue_status(app, engine)
    found.queues = whole.queues
    waiting = _newest(app.job_manager.list_jobs(status="todo"))
    found.waiting = [j for j in waiting if j.workspace == workspace.slug]
    found.running = [j for j in whole.running if j.workspace == workspace.slug]
    found.failed = [j for j in whole.failed if j.workspace == workspace.slug]
    return found


class AlreadyWaiting(PantauError):
    """The job's work already waits in the queue as another job."""


def _job(app: procrastinate.App, job_id: int, workspace: str | None) -> Job:
    jobs = app.job_manager.list_jobs(id=job_id)
    if not jobs or (workspace is not None and jobs[0].task_kwargs.get("workspace") != workspace):
        raise NotFoundError(f"tugas {job_id} tidak ditemukan")
    return jobs[0]


def retry_job(app: procrastinate.App, job_id: int, workspace: str | None = None) -> None:
    """Put a failed (or stuck) job back in the queue, to run now (only a job of
    ``workspace``, when given); :class:`AlreadyWaiting` when the same work already waits."""
    job = _job(app, job_id, workspace)
    if job.status not in (Status.FAILED.value, Status.DOING.value):
        raise NotFoundError(f"tugas {job_id} tidak gagal dan tidak sedang berjalan")
    try:
        app.job_manager.retry_job_by_id(job_id, retry_at=datetime.now(UTC))
    except UniqueViolation:
        raise AlreadyWaiting(
            f"tugas {job_id} tidak diulang: pekerjaan yang sama sudah menunggu di antrean"
        ) from None


def cancel_job(app: procrastinate.App, job_id: int, workspace: str | None = None) -> None:
    """Cancel a job still waiting in the queue (only a job of ``workspace``, when given)."""
    _job(app, job_id, workspace)
    if not app.job_manager.cancel_job_by_id(job_id):
        raise NotFoundError(f"tugas {job_id} tidak sedang menunggu")
