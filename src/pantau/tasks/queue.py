"""The work of :mod:`pantau.tasks.work` as procrastinate tasks on PostgreSQL, shared by any
number of `pantau worker` processes on any number of machines.

- ``pipeline`` (queue ``pipeline``): every stage of one workspace; ``alerts`` (queue
  ``alerts``): the minute's alert pass of one workspace, queued only when the clock gave it
  work (a rule on silent sources, a delivery, retry or digest that fell due). Both hold the lock
  ``workspace:<slug>``, so a workspace's stages never run twice at the same time, and carry a
  queueing lock, so a workspace never waits in the queue twice for the same thing.
- ``collect`` (queue ``collect``): one live source; when it brought new posts it queues the
  workspace's pipeline. ``report`` (queue ``reports``): the daily report when due;
  ``export`` (queue ``reports``): a search export started on the *Ekspor* page.
- periodic (queue ``schedule``), deferred once across all workers by procrastinate (a unique
  row per task and time): ``hourly`` queues every workspace's pipeline at minute 0; ``minute``
  queues the sources that are due, the reports whose time has come and the alert passes;
  ``sweep`` gives the jobs of a worker that stopped sending heartbeats (killed, machine
  gone) back to the queue, where another worker takes them: every stage is idempotent, so
  the rerun finishes what the dead one began (when the same work was queued again
  meanwhile, the dead job ends as aborted and the waiting one does it; the dead run is marked
  failed either way); ``cleanup`` (hourly) deletes finished jobs
  after a day and task runs after 30 days.

A failed pipeline is tried again (``RETRY``); a source's failure is the source's own business
(back-off on the ``sources`` row) and a report's the report run's (``MAX_REPORT_ATTEMPTS``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import procrastinate
from procrastinate.exceptions import AlreadyEnqueued, UniqueViolation
from procrastinate.jobs import Status
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from pantau.export import ExportJob, job_folder, save_job, write_job
from pantau.ingest.collect import Collector
from pantau.records import Workspace
from pantau.store import sources as source_store
from pantau.store import task_runs
from pantau.store.workspaces import get_workspace, list_workspaces
from pantau.tasks import work

log = logging.getLogger("pantau.tasks")

QUEUES = ("schedule", "pipeline", "collect", "reports", "alerts")
RETRY = procrastinate.RetryStrategy(max_attempts=3, wait=30)
KEEP_JOBS_HOURS = 24  # finished jobs (the minute's alert passes make many)
KEEP_RUNS = timedelta(days=30)  # task_runs
STOPPED = "pekerja berhenti di tengah tugas"  # a dead worker's run (shown on the Sistem page)
CONTEXT = "pantau"  # the key of the worker's runtime in procrastinate's additional context


@dataclass
class Runtime:
    """What the tasks of one worker process share."""

    engine: Engine
    data_dir: Path
    collector: Collector


def conninfo(database_url: str) -> str:
    """The libpq URL of the SQLAlchemy ``postgresql+psycopg://`` URL."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(False)


def _runtime(context: procrastinate.JobContext) -> Runtime:
    runtime: Runtime = context.additional_context[CONTEXT]  # put there by run_worker
    return runtime


def _job_id(context: procrastinate.JobContext) -> int | None:
    return context.job.id


def queue_pipeline(app: procrastinate.App, slug: str) -> bool:
    """Queue the workspace's pipeline unless it already waits in the queue."""
    return _defer(app, "pipeline", slug, queueing_lock=f"pipeline:{slug}", workspace=slug)


def queue_export(app: procrastinate.App, slug: str, job_id: str) -> bool:
    """Queue writing a search export (``export.write_job``)."""
    return _defer(
        app, "export", slug, queueing_lock=f"export:{job_id}", workspace=slug, job_id=job_id
    )


def submit_export(database_url: str, data_dir: Path, workspace: Workspace, job: ExportJob) -> None:
    """Save a queued export job (search or certificates) and queue it for a worker."""
    folder = job_folder(data_dir, workspace.id)
    folder.mkdir(parents=True, exist_ok=True)
    save_job(folder, job)
    with open_queue(database_url) as app:
        queue_export(app, workspace.slug, job.id)


def _defer(
    app: procrastinate.App, task: str, slug: str, *, queueing_lock: str, **kwargs: Any
) -> bool:
    try:
        app.configure_task(
            f"pantau.{task}",
            queue=TASK_QUEUES[task],
            lock=f"workspace:{slug}" if task in LOCKED else None,
            queueing_lock=queueing_lock,
        ).defer(**kwargs)
    except AlreadyEnqueued:
        return False
    return True


TASK_QUEUES = {
    "pipeline": "pipeline",
    "alerts": "alerts",
    "collect": "collect",
    "report": "reports",
    "export": "reports",  # writes into the data folder, like reports
}
LOCKED = {"pipeline", "alerts"}  # tasks that run the workspace's stages


def build_app(database_url: str, *, tick_seconds: int = 60) -> procrastinate.App:
    """The procrastinate app of the database at ``database_url`` with Pantau's tasks; the
    ``minute`` pass runs every ``tick_seconds`` (60 unless tests make it quicker)."""
    app = procrastinate.App(
        connector=procrastinate.PsycopgConnector(conninfo=conninfo(database_url))
    )

    def workspace_of(context: procrastinate.JobContext, slug: str) -> tuple[Runtime, Workspace]:
        runtime = _runtime(context)
        return runtime, get_workspace(runtime.engine, slug)

    @app.task(name="pantau.pipeline", queue="pipeline", pass_context=True, retry=RETRY)
    def pipeline(context: procrastinate.JobContext, workspace: str) -> None:
        rt, ws = workspace_of(context, workspace)
        work.pipeline(
            rt.engine, ws, rt.data_dir, now=work.utcnow(), via="worker", job_id=_job_id(context)
        )

    @app.task(name="pantau.alerts", queue="alerts", pass_context=True)
    def alerts(context: procrastinate.JobContext, workspace: str) -> None:
        rt, ws = workspace_of(context, workspace)
        work.pipeline(rt.engine, ws, rt.data_dir, now=work.utcnow(), tick=True, via="worker")

    @app.task(name="pantau.collect", queue="collect", pass_context=True)
    def collect(context: procrastinate.JobContext, workspace: str, source_id: int) -> None:
        rt, ws = workspace_of(context, workspace)
        done = work.collect(
            rt.engine,
            ws,
            source_id,
            rt.data_dir,
            now=work.utcnow(),
            collector=rt.collector,
            via="worker",
            job_id=_job_id(context),
        )
        if done is not None and done.ok and not done.owned and done.new:
            queue_pipeline(app, workspace)

    @app.task(name="pantau.report", queue="reports", pass_context=True)
    def report(context: procrastinate.JobContext, workspace: str) -> None:
        rt, ws = workspace_of(context, workspace)
        work.daily_report(
            rt.engine, ws, rt.data_dir, now=work.utcnow(), via="worker", job_id=_job_id(context)
        )

    @app.task(name="pantau.export", queue="reports", pass_context=True, retry=RETRY)
    def export(context: procrastinate.JobContext, workspace: str, job_id: str) -> None:
        rt, ws = workspace_of(context, workspace)
        write_job(rt.engine, rt.data_dir, ws, job_id)

    @app.periodic(cron="0 * * * *")
    @app.task(name="pantau.hourly", queue="schedule", pass_context=True)
    def hourly(context: procrastinate.JobContext, timestamp: int) -> None:
        for ws in list_workspaces(_runtime(context).engine):
            queue_pipeline(app, ws.slug)

    @app.periodic(cron=_every(tick_seconds))
    @app.task(name="pantau.minute", queue="schedule", pass_context=True)
    def minute(context: procrastinate.JobContext, timestamp: int) -> None:
        engine = _runtime(context).engine
        now = work.utcnow()
        for ws in list_workspaces(engine):
            with engine.connect() as conn:
                due = source_store.due_ids(conn, ws.id, now)
            for source_id in due:
                _defer(
                    app,
                    "collect",
                    ws.slug,
                    queueing_lock=f"collect:{ws.slug}:{source_id}",
                    workspace=ws.slug,
                    source_id=source_id,
                )
            if work.report_pending(engine, ws, now):
                _defer(app, "report", ws.slug, queueing_lock=f"report:{ws.slug}", workspace=ws.slug)
            if work.alerts_due(engine, ws, now):
                _defer(app, "alerts", ws.slug, queueing_lock=f"alerts:{ws.slug}", workspace=ws.slug)

    @app.periodic(cron=_every(tick_seconds))
    @app.task(name="pantau.sweep", queue="schedule", pass_context=True)
    async def sweep(context: procrastinate.JobContext, timestamp: int) -> None:
        manager = context.app.job_manager
        engine = _runtime(context).engine
        for job in await manager.get_stalled_jobs(seconds_since_heartbeat=_stalled(tick_seconds)):
            assert job.id is not None  # read from the table
            task_runs.abandon_job_runs(engine, job.id, work.utcnow(), STOPPED)
            try:
                await manager.retry_job(job)
            except UniqueViolation:
                # the same work was queued again while this job ran (the hourly pass, new posts
                # from a source): the waiting job does it, so this one ends as aborted — it
                # cannot wait beside it, and left "doing" it would hold the workspace's lock
                await manager.finish_job(job, status=Status.ABORTED, delete_job=False)
                log.warning(
                    "job %s (%s) of a stopped worker is aborted: the same work waits in the queue",
                    job.id,
                    job.task_name,
                )
            else:
                log.warning(
                    "job %s (%s) of a stopped worker goes back to the queue", job.id, job.task_name
                )

    @app.periodic(cron="17 * * * *")
    @app.task(name="pantau.cleanup", queue="schedule", pass_context=True)
    async def cleanup(context: procrastinate.JobContext, timestamp: int) -> None:
        await context.app.job_manager.delete_old_jobs(nb_hours=KEEP_JOBS_HOURS)
        task_runs.delete_runs_before(_runtime(context).engine, work.utcnow() - KEEP_RUNS)

    return app


def heartbeat(tick_seconds: int) -> float:
    """How often a worker says it is alive: a sixth of the minute pass (10 s by default)."""
    return max(tick_seconds / 6, 0.5)


def _stalled(tick_seconds: int) -> float:
    """A worker silent this long is taken as dead (30 s by default)."""
    return heartbeat(tick_seconds) * 3


def _every(seconds: int) -> str:
    """A cron expression (seconds as the sixth field) firing every ``seconds``."""
    if seconds >= 60:
        return f"*/{max(seconds // 60, 1)} * * * *"
    return f"* * * * * */{max(seconds, 1)}"


@contextmanager
def open_queue(database_url: str) -> Iterator[procrastinate.App]:
    """The app opened for deferring and reading the queue synchronously (CLI, web)."""
    app = build_app(database_url)
    with app.open():
        yield app


def run_worker(
    app: procrastinate.App,
    runtime: Runtime,
    *,
    concurrency: int = 1,
    queues: list[str] | None = None,
    tick_seconds: int = 60,
    name: str | None = None,
) -> None:
    """Run one worker until it is stopped (SIGINT/SIGTERM: running jobs finish first)."""
    options: dict[str, Any] = {}
    if name:
        options["name"] = name
    app.run_worker(
        concurrency=concurrency,
        queues=queues or None,
        additional_context={CONTEXT: runtime},
        update_heartbeat_interval=heartbeat(tick_seconds),
        stalled_worker_timeout=_stalled(tick_seconds),
        **options,
    )
