"""The service's clock: the daily report once per day at the configured local time (surviving
restarts), retries of a failed report, and alert delivery on the tick."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine
from tests.notify._servers import Recorder, Reply, http_server

from pantau.notify import evaluate_alerts
from pantau.notify.setup import add_channel, add_rule, delivery_log, update_settings
from pantau.records import PostRecord, Workspace
from pantau.report.render import list_reports
from pantau.scheduler import Scheduler, TickResult
from pantau.store import alerts as store
from pantau.store.posts import write_posts
from pantau.tasks import work
from pantau.tasks.work import MAX_REPORT_ATTEMPTS

# 2026-11-20 07.00 WIB is 00:00 UTC
SEVEN_WIB = datetime(2026, 11, 20, 0, 0)


def _posts(engine: Engine, ws: Workspace) -> None:
    records = [
        PostRecord(
            platform="x",
            external_id=str(i),
            key_kind="id",
            created_at=SEVEN_WIB - timedelta(hours=i + 1),
            collected_at=SEVEN_WIB,
            text=f"banjir di kelurahan {i}",
            raw="{}",
            raw_format="test",
            author=f"warga{i}",
        )
        for i in range(6)
    ]
    with engine.begin() as conn:
        write_posts(conn, ws.id, records)


@pytest.fixture
def ready(engine: Engine, workspace: Workspace) -> Workspace:
    _posts(engine, workspace)
    update_settings(engine, workspace, report_formats="html")
    return workspace


def test_report_made_once_at_the_local_time_and_not_after_restart(
    engine: Engine, ready: Workspace, tmp_path: Path
) -> None:
    sched = Scheduler(engine, tmp_path)
    assert sched.tick(SEVEN_WIB - timedelta(minutes=1)).reports == []
    made = sched.tick(SEVEN_WIB)
    assert made.reports == [("uji", "2026-11-20")]
    (manifest,) = list_reports(tmp_path / "reports")
    assert manifest["day"] == "2026-11-20" and manifest["missing"] == []
    assert (tmp_path / "reports" / manifest["files"][0]).exists()
    assert sched.tick(SEVEN_WIB + timedelta(minutes=30)).reports == []
    restarted = Scheduler(engine, tmp_path)
    assert restarted.tick(SEVEN_WIB + timedelta(hours=2)).reports == []
    with engine.connect() as conn:
        run = store.report_run(conn, ready.id, datetime(2026, 11, 20).date())
    assert run is not None and run["status"] == "complete" and run["attempts"] == 1
    assert restarted.tick(SEVEN_WIB + timedelta(days=1)).reports == [("uji", "2026-11-21")]


def test_configured_time_and_switch_off(engine: Engine, ready: Workspace, tmp_path: Path) -> None:
    update_settings(engine, ready, report_time="9.30")
    sched = Scheduler(engine, tmp_path)
    assert sched.tick(SEVEN_WIB + timedelta(hours=2, minutes=29)).reports == []
    assert sched.tick(SEVEN_WIB + timedelta(hours=2, minutes=30)).reports == [("uji", "2026-11-20")]
    update_settings(engine, ready, report_enabled=False)
    assert sched.tick(SEVEN_WIB + timedelta(days=1, hours=3)).reports == []


def test_failed_report_is_retried_a_few_times(
    engine: Engine, ready: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sched = Scheduler(engine, tmp_path)
    calls = []

    def broken(*args: object) -> list[str]:
        calls.append(args)
        raise OSError("disk penuh")

    monkeypatch.setattr(work, "write_daily_report", broken)
    for minute in range(MAX_REPORT_ATTEMPTS + 2):
        result = sched.tick(SEVEN_WIB + timedelta(minutes=minute))
        assert result.reports == []
    assert len(calls) == MAX_REPORT_ATTEMPTS
    with engine.connect() as conn:
        run = store.report_run(conn, ready.id, SEVEN_WIB.date())
    assert run is not None and run["status"] == "failed" and "disk penuh" in run["error"]


def test_tick_delivers_retries_without_a_pipeline_run(
    engine: Engine, ready: Workspace, tmp_path: Path
) -> None:
    rec = Recorder([Reply(503), Reply(200)])
    with http_server(rec) as base:
        add_channel(engine, ready, "wh", "webhook", {"url": f"{base}/hook"})
        add_rule(engine, ready, "source_silent", ["wh"], {"silent_hours": 6})
        update_settings(engine, ready, report_enabled=False)
        later = SEVEN_WIB + timedelta(hours=8)  # posts stopped 8 hours ago
        sched = Scheduler(engine, tmp_path)
        assert sched.tick(later).alerts_sent == 0  # detected, first send fails
        assert delivery_log(engine, ready)[0]["status"] == "retrying"
        assert sched.tick(later + timedelta(minutes=2)).alerts_sent == 1
    assert delivery_log(engine, ready)[0]["status"] == "sent"
    assert evaluate_alerts(engine, ready, later + timedelta(minutes=3)).events_new == 0


def test_thread_runs_ticks_until_stopped(engine: Engine, tmp_path: Path) -> None:
    ticked = threading.Event()

    class Probe(Scheduler):
        def tick(self, now: datetime | None = None) -> TickResult:
            ticked.set()
            return TickResult()

    sched = Probe(engine, tmp_path, clock=lambda: SEVEN_WIB).start()
    try:
        assert ticked.wait(10)
    finally:
        sched.stop()
    assert sched._thread is None
