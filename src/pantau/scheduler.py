"""Work the running service does on the clock: the daily report of every workspace at its
configured time (default 07:00 in the workspace zone), collection of the live sources that
are due (:func:`pantau.ingest.collect.collect_due`), and the pipeline: when a collection
brought new posts, every stage runs over them as ``pantau run`` would; otherwise only the
stages that run on the minute tick (:func:`pantau.pipeline.run_pipeline` with
``tick=True``): alert delivery (retries, digests after quiet hours, rules that depend on the
clock alone such as a silent source).

``Scheduler.tick(now)`` does one pass and is what tests call; ``start`` runs it once a minute
in a daemon thread. A report run is recorded per workspace and report date before it starts,
so a restart (or a second service on the same database) never makes the same report again;
a failed run is tried again on the next ticks, up to ``MAX_REPORT_ATTEMPTS`` times.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Engine

from pantau.ingest.collect import Collector, collect_due
from pantau.locale import to_local
from pantau.notify.setup import as_time, get_settings
from pantau.pipeline import run_pipeline
from pantau.records import Workspace
from pantau.report.daily import build_daily_report
from pantau.report.render import write_daily_report
from pantau.store import alerts as store
from pantau.store.workspaces import list_workspaces

log = logging.getLogger("pantau.scheduler")

MAX_REPORT_ATTEMPTS = 3


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


@dataclass(slots=True)
class TickResult:
    reports: list[tuple[str, str]] = field(default_factory=list)  # (workspace, report date)
    report_errors: list[tuple[str, str]] = field(default_factory=list)
    alerts_sent: int = 0
    collections: int = 0  # sources collected
    collection_errors: int = 0
    collected_posts: int = 0  # new posts they brought


class Scheduler:
    def __init__(
        self,
        engine: Engine,
        data_dir: Path,
        clock: Callable[[], datetime] = _utcnow,
        interval: float = 60.0,
        collector: Collector | None = None,
    ) -> None:
        self.engine = engine
        self.collector = collector or Collector()
        self.data_dir = Path(data_dir)
        self.reports_dir = self.data_dir / "reports"
        self.clock = clock
        self.interval = interval
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # --- one pass -----------------------------------------------------------------------------

    def tick(self, now: datetime | None = None) -> TickResult:
        """Everything due at ``now`` (naive UTC) for every workspace; never raises."""
        now = now or self.clock()
        result = TickResult()
        try:
            found = list_workspaces(self.engine)
        except Exception:
            log.exception("scheduler: cannot list workspaces")
            return result
        for ws in found:
            try:
                self._report(ws, now, result)
            except Exception as exc:
                log.exception("scheduler: daily report of %s failed", ws.slug)
                result.report_errors.append((ws.slug, type(exc).__name__))
            new_posts = 0
            try:
                new_posts = self._collect(ws, now, result)
            except Exception:
                log.exception("scheduler: collecting the sources of %s failed", ws.slug)
            try:
                self._stages(ws, now, result, full=new_posts > 0)
            except Exception:
                log.exception("scheduler: the tick's stages of %s failed", ws.slug)
        return result

    def _report(self, ws: Workspace, now: datetime, result: TickResult) -> None:
        settings = get_settings(self.engine, ws)
        if not settings.report_enabled:
            return
        local = to_local(now, ws.timezone)
        if local.time().replace(tzinfo=None) < as_time(settings.report_time):
            return
        day = local.date()
        with self.engine.begin() as conn:
            if not store.start_report_run(conn, ws.id, day, now, MAX_REPORT_ATTEMPTS):
                return
        try:
            files = self._write_report(ws, day, settings.report_formats)
        except Exception as exc:
            error = " ".join(f"{type(exc).__name__}: {exc}".split())[:480]
            with self.engine.begin() as conn:
                store.finish_report_run(
                    conn, ws.id, day, {"status": "failed", "finished_at": now, "error": error}
                )
            raise
        with self.engine.begin() as conn:
            store.finish_report_run(
                conn,
                ws.id,
                day,
                {"status": "complete", "finished_at": self.clock(), "files": files},
            )
        log.info("scheduler: daily report of %s for %s written", ws.slug, day.isoformat())
        result.reports.append((ws.slug, day.isoformat()))

    def _write_report(self, ws: Workspace, day: date, formats: str) -> list[str]:
        report = build_daily_report(self.engine, ws, day)
        paths = write_daily_report(report, self.reports_dir, formats.split(","))
        return [p.name for p in paths]

    def _collect(self, ws: Workspace, now: datetime, result: TickResult) -> int:
        """Collect the due sources; the number of new posts they brought."""
        done = collect_due(
            self.engine, ws, data_dir=self.data_dir, now=now, collector=self.collector
        )
        new = sum(r.new for r in done if r.ok and not r.owned)  # owned channels: no stage
        result.collections += len(done)
        result.collection_errors += sum(1 for r in done if not r.ok)
        result.collected_posts += new
        return new

    def _stages(self, ws: Workspace, now: datetime, result: TickResult, full: bool) -> None:
        """Every stage over newly collected posts (as ``pantau run``), else the tick's."""
        done = run_pipeline(self.engine, ws, self.data_dir, clock=now, tick=not full)
        alerts = done.get("alerts")
        if alerts is not None:
            result.alerts_sent += alerts.counts.get("sent", 0)

    # --- the thread ---------------------------------------------------------------------------

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.tick()
            now = self.clock()
            # wake just after the next whole minute
            wait = self.interval - (now.second % self.interval if self.interval == 60 else 0)
            self._stop.wait(max(1.0, wait))

    def start(self) -> Scheduler:
        if self._thread is None:
            self._thread = threading.Thread(target=self._loop, name="pantau-scheduler", daemon=True)
            self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self.collector.close()


def start_scheduler(engine: Engine, data_dir: Path) -> Scheduler:
    """Start the once-a-minute scheduler thread of the web service."""
    return Scheduler(engine, data_dir).start()
