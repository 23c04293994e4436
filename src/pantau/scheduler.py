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
a failed run is tried again on the next ticks, up to ``MAX_REPORT_ATTEMPTS`` times. The work
itself is :mod:`pantau.tasks.work`, which `pantau worker` processes run as queued tasks
instead when workers are configured (``PANTAU_WORKERS``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from pantau.ingest.collect import Collector, collect_due
from pantau.records import Workspace
from pantau.store.workspaces import list_workspaces
from pantau.tasks import work

log = logging.getLogger("pantau.scheduler")


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
        clock: Callable[[], datetime] = work.utcnow,
        interval: float = 60.0,
        collector: Collector | None = None,
    ) -> None:
        self.engine = engine
        self.collector = collector or Collector()
        self.data_dir = Path(data_dir)
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
        day = work.daily_report(
            self.engine, ws, self.data_dir, now=now, via="inline", clock=self.clock
        )
        if day is not None:
            result.reports.append((ws.slug, day))

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
        done = work.pipeline(self.engine, ws, self.data_dir, now=now, tick=not full, via="inline")
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
