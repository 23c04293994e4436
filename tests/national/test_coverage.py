"""Coverage notes are judged over the 24 hours before the view's own time, so the report of an
earlier day says what was missing on that day, not what is missing today."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import Engine

from pantau.ingest.sources import add_source
from pantau.national.coverage import coverage
from pantau.national.directory import init_workspace
from pantau.report.national import build_national_report
from pantau.store.monitor import set_stage_position
from pantau.store.sources import record_failure, record_success

MONDAY = datetime(2026, 11, 2, 3, 0)
TERMS = ["b:pupuk subsidi", "w:pupuk", "w:langka"]


def _world(engine: Engine, store_issue: Callable[..., int]) -> None:
    """Kementan's detection last ran on Monday; Jateng's ran on Thursday, and its feed failed
    on Monday from 05:00 until Tuesday 02:00."""
    kementan = init_workspace(engine, "kementan", "Kementan", "kementerian", "Asia/Jakarta")
    jateng = init_workspace(engine, "jateng", "Pemprov Jateng", "pemprov", "Asia/Jakarta", "33")
    for ws in (kementan, jateng):
        store_issue(engine, ws, "Pupuk subsidi langka", TERMS, at=MONDAY)
    feed = add_source(engine, jateng, "Kabar Jateng", "rss", {"url": "http://127.0.0.1:9/f"})
    failed, recovered = MONDAY + timedelta(hours=2), MONDAY + timedelta(hours=23)
    with engine.begin() as conn:
        set_stage_position(conn, kementan.id, "detect", 1, MONDAY)
        set_stage_position(conn, jateng.id, "detect", 1, MONDAY + timedelta(days=3))
        record_failure(conn, jateng.id, feed.id, now=failed, next_run_at=failed, failures=1,
                       health="error", kind="server", error="HTTP 503", quota=None)  # fmt: skip
        record_success(conn, jateng.id, feed.id, now=recovered, next_run_at=recovered,
                       cursor={}, quota=None, new_posts=1)  # fmt: skip


def test_coverage_is_judged_at_the_views_time(
    engine: Engine, store_issue: Callable[..., int]
) -> None:
    _world(engine, store_issue)
    monday = coverage(engine, MONDAY + timedelta(hours=6))
    assert monday.not_run == []  # both had run by then (Jateng after: it covers Monday)
    (down,) = monday.down
    assert (down.workspace, down.source, down.reason) == ("jateng", "Kabar Jateng", "server")
    assert down.started_at == MONDAY + timedelta(hours=2) and down.ended_at is None
    tuesday = coverage(engine, MONDAY + timedelta(days=1, hours=6))
    assert tuesday.down[0].ended_at == MONDAY + timedelta(hours=23)
    assert [n.workspace for n in tuesday.not_run] == ["kementan"]
    friday = coverage(engine, MONDAY + timedelta(days=4))
    assert friday.down == [] and [n.workspace for n in friday.not_run] == ["kementan"]
    assert friday.not_run[0].last_run == MONDAY


def test_the_report_of_an_earlier_day_has_that_days_notes(
    engine: Engine, store_issue: Callable[..., int]
) -> None:
    _world(engine, store_issue)
    monday = build_national_report(engine, MONDAY + timedelta(hours=6))
    assert monday.caveats == [
        "Pemprov Jateng: sumber «Kabar Jateng» tidak bisa diambil 2 Nov 2026 12.00 WIB – "
        "akhir periode (belum pulih) (server sumber bermasalah)."
    ]
    friday = build_national_report(engine, MONDAY + timedelta(days=4), lang="en")
    assert friday.caveats == ["Kementan: issue analysis has not run since 2 Nov 2026 10:00 WIB."]
    later = build_national_report(engine, MONDAY + timedelta(days=3, hours=1))
    assert later.caveats[0].startswith("Kementan: analisis isu tidak berjalan sejak")
    assert len(later.caveats) == 1
