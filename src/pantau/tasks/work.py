"""The work a workspace needs on the clock, as plain functions over one workspace: its
pipeline (every stage, or the minute's alert pass), the collection of one live source and the
daily report. The service's own scheduler calls them inline (SQLite, one process:
:mod:`pantau.scheduler`); `pantau worker` processes call the same functions as tasks of the
queue (PostgreSQL: :mod:`pantau.tasks.queue`). Each run is recorded in ``task_runs`` with
its counts or its error, for the operators.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from pantau.ingest.collect import Collector, CollectResult, collect_source
from pantau.locale import to_local
from pantau.notify import tick_due
from pantau.notify.setup import as_time, get_settings
from pantau.pipeline import PipelineResult, run_pipeline
from pantau.records import Workspace
from pantau.report.daily import build_daily_report
from pantau.report.render import write_daily_report
from pantau.store import alerts as alert_store
from pantau.store import task_runs

log = logging.getLogger("pantau.tasks")

MAX_REPORT_ATTEMPTS = 3
PIPELINE, ALERTS, COLLECT, REPORT = "pipeline", "alerts", "collect", "report"


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def _precise_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def one_line(exc: BaseException) -> str:
    return " ".join(f"{type(exc).__name__}: {exc}".split())[:480]


@contextmanager
def tracked(
    engine: Engine,
    workspace: Workspace,
    task: str,
    *,
    via: str,
    job_id: int | None = None,
    clock: Callable[[], datetime] = _precise_now,
) -> Iterator[dict[str, object]]:
    """Record one run of ``task``: running, then complete with the counts the body put in
    the yielded dict, or failed with the error (which goes on up)."""
    run_id = task_runs.start_run(engine, workspace.id, task, clock(), via=via, job_id=job_id)
    counts: dict[str, object] = {}
    try:
        yield counts
    except Exception as exc:
        task_runs.finish_run(engine, workspace.id, run_id, clock(), error=one_line(exc))
        raise
    task_runs.finish_run(engine, workspace.id, run_id, clock(), counts=counts)


def pipeline(
    engine: Engine,
    workspace: Workspace,
    data_dir: Path,
    *,
    now: datetime,
    tick: bool = False,
    via: str,
    job_id: int | None = None,
) -> PipelineResult:
    """Every stage over what is new (as ``pantau run``), or with ``tick`` only the stages of
    the minute's pass (alert deliveries, retries, digests, clock rules; not recorded: it
    runs every minute)."""
    if tick:
        return run_pipeline(engine, workspace, data_dir, clock=now, tick=True)
    with tracked(engine, workspace, PIPELINE, via=via, job_id=job_id) as c:
        result = run_pipeline(engine, workspace, data_dir, clock=now, tick=tick)
        c.update({stage.name: stage.counts for stage in result.stages})
    return result


def collect(
    engine: Engine,
    workspace: Workspace,
    source_id: int,
    data_dir: Path,
    *,
    now: datetime,
    collector: Collector,
    via: str,
    job_id: int | None = None,
) -> CollectResult | None:
    """One source collected once (None when it was not due or another collection holds
    it); a source's own failure is recorded on the source, not raised."""
    with tracked(engine, workspace, COLLECT, via=via, job_id=job_id) as counts:
        done = collect_source(
            engine, workspace, source_id, data_dir=data_dir, now=now, collector=collector
        )
        counts.update(
            {"source": source_id, "taken": done is not None}
            | ({"ok": done.ok, "new": done.new} if done is not None else {})
        )
    return done


def report_due(engine: Engine, workspace: Workspace, now: datetime) -> bool:
    """Whether the workspace's daily report is on and its time of day has come (the report
    run record then decides whether it is still to be made)."""
    settings = get_settings(engine, workspace)
    if not settings.report_enabled:
        return False
    local = to_local(now, workspace.timezone)
    return local.time().replace(tzinfo=None) >= as_time(settings.report_time)


def report_pending(engine: Engine, workspace: Workspace, now: datetime) -> bool:
    """Whether the daily report is due and still to be made (never tried, or failed fewer
    than ``MAX_REPORT_ATTEMPTS`` times): what the workers' minute pass queues."""
    if not report_due(engine, workspace, now):
        return False
    with engine.connect() as conn:
        run = alert_store.report_run(conn, workspace.id, to_local(now, workspace.timezone).date())
    return run is None or (run["status"] == "failed" and run["attempts"] < MAX_REPORT_ATTEMPTS)


def daily_report(
    engine: Engine,
    workspace: Workspace,
    data_dir: Path,
    *,
    now: datetime,
    via: str,
    job_id: int | None = None,
    clock: Callable[[], datetime] = _precise_now,
) -> str | None:
    """Write today's daily report when it is due and not yet made (nor tried too often);
    the report date when written. A report run is recorded per workspace and date before it
    starts, so a restart, a second service or a second worker never makes it again."""
    if not report_due(engine, workspace, now):
        return None
    day = to_local(now, workspace.timezone).date()
    with engine.begin() as conn:
        if not alert_store.start_report_run(conn, workspace.id, day, now, MAX_REPORT_ATTEMPTS):
            return None
    settings = get_settings(engine, workspace)
    with tracked(engine, workspace, REPORT, via=via, job_id=job_id, clock=clock) as counts:
        try:
            report = build_daily_report(engine, workspace, day)
            paths = write_daily_report(
                report, data_dir / "reports", settings.report_formats.split(",")
            )
        except Exception as exc:
            with engine.begin() as conn:
                alert_store.finish_report_run(
                    conn,
                    workspace.id,
                    day,
                    {"status": "failed", "finished_at": now, "error": one_line(exc)},
                )
            raise
        files = [p.name for p in paths]
        with engine.begin() as conn:
            alert_store.finish_report_run(
                conn,
                workspace.id,
                day,
                {"status": "complete", "finished_at": clock(), "files": files},
            )
        counts.update({"day": day.isoformat(), "files": len(files)})
    log.info("daily report of %s for %s written", workspace.slug, day.isoformat())
    return day.isoformat()


def alerts_due(engine: Engine, workspace: Workspace, now: datetime) -> bool:
    """Whether the minute's alert pass has work in the workspace (see ``notify.tick_due``)."""
    return tick_due(engine, workspace, now)
