"""Rules, deduplication, quiet hours with digest, throttling, retries with back-off, and
isolation of a failing channel; against a local webhook server, on SQLite and PostgreSQL."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine, select, update
from tests.notify._servers import Recorder, Reply, free_port, http_server

from pantau.notify import evaluate_alerts, tick_due
from pantau.notify.setup import add_channel, add_rule, delete_channel, delivery_log, update_settings
from pantau.records import Workspace
from pantau.store import monitor as monitor_store
from pantau.store.schema import alert_deliveries, issues

NOW = datetime(2026, 11, 20, 5, 0)  # 12.00 WIB
SECRET_PATH = "T000/B000/s3cr3tWebhookKey"


@pytest.fixture
def hook() -> Iterator[tuple[Recorder, str]]:
    rec = Recorder()
    with http_server(rec) as base:
        yield rec, base


def _channel(engine: Engine, ws: Workspace, base: str, name: str = "wh") -> None:
    add_channel(engine, ws, name, "webhook", {"url": f"{base}/{SECRET_PATH}"})


def _issue(
    engine: Engine,
    ws: Workspace,
    label: str,
    priority: str,
    last_seen: datetime = NOW - timedelta(hours=1),
    **extra: object,
) -> int:
    values = {
        "label": label,
        "terms": [["w:banjir", 1.0]],
        "first_seen": last_seen - timedelta(hours=3),
        "last_seen": last_seen,
        "stage": "berkembang",
        "priority": priority,
        "priority_score": 0.5,
        "why": "volume naik 3,0× dalam 3 jam",
        "suggested_response": "pantau",
        "status": "baru",
        "metrics": {"posts": 40, "unique_authors": 30, "negative_share": 0.6},
        "created_at": last_seen,
        "updated_at": last_seen,
    }
    values.update(extra)
    with engine.begin() as conn:
        return monitor_store.insert_issue(conn, ws.id, values)


def _rollup(
    engine: Engine, ws: Workspace, counts: dict[datetime, dict[str, int]], topic: int = 0
) -> None:
    rows = [
        {
            "hour": hour,
            "topic_id": topic,
            "platform": "x",
            "sentiment": sentiment,
            "posts": n,
            "authors": n,
            "engagement": n,
            "reach": n,
        }
        for hour, by in counts.items()
        for sentiment, n in by.items()
    ]
    with engine.begin() as conn:
        monitor_store.replace_rollups(conn, ws.id, sorted(counts), rows, {})


def _quiet_background(engine: Engine, ws: Workspace) -> None:
    """Three days of calm hourly volume up to NOW, so data-based rules have a present."""
    start = NOW - timedelta(hours=72)
    _rollup(engine, ws, {start + timedelta(hours=h): {"neutral": 10} for h in range(72)})


def _texts(rec: Recorder) -> list[str]:
    return [r["json"]["text"] for r in rec.requests]


def test_issue_alert_once_per_priority_level(engine: Engine, workspace: Workspace, hook) -> None:  # type: ignore[no-untyped-def]
    rec, base = hook
    _quiet_background(engine, workspace)
    _channel(engine, workspace, base)
    update_settings(engine, workspace, dashboard_url="https://pantau.example.go.id/")
    add_rule(engine, workspace, "issue", ["wh"], {"min_priority": "perlu perhatian"})
    watched = _issue(engine, workspace, "banjir rob di pesisir", "perlu perhatian")
    _issue(engine, workspace, "resep lodeh", "pantau")
    _issue(engine, workspace, "isu lama", "segera", last_seen=NOW - timedelta(days=5))
    _issue(engine, workspace, "isu selesai", "segera", status="selesai")

    first = evaluate_alerts(engine, workspace, NOW)
    assert (first.events_new, first.sent) == (1, 1)
    assert "banjir rob di pesisir" in _texts(rec)[0]
    assert rec.requests[0]["json"]["pantau"]["alerts"][0]["link"] == (
        f"https://pantau.example.go.id/w/uji/isu/{watched}"
    )
    again = evaluate_alerts(engine, workspace, NOW + timedelta(minutes=10))
    assert (again.events_new, again.sent) == (0, 0) and len(rec.requests) == 1

    with engine.begin() as conn:
        conn.execute(update(issues).where(issues.c.id == watched).values(priority="segera"))
    risen = evaluate_alerts(engine, workspace, NOW + timedelta(minutes=20))
    assert (risen.events_new, risen.sent) == (1, 1)
    last = rec.requests[-1]["json"]
    assert last["text"].startswith("SEGERA") and last["pantau"]["alerts"][0]["urgent"] is True


def test_quiet_hours_hold_until_one_digest_but_urgent_bypasses(  # type: ignore[no-untyped-def]
    engine: Engine, workspace: Workspace, hook
) -> None:
    rec, base = hook
    _quiet_background(engine, workspace)
    _channel(engine, workspace, base)
    add_rule(engine, workspace, "issue", ["wh"], quiet="22:00-06:00", urgent_bypass=True)
    night = datetime(2026, 11, 19, 16, 0)  # 23.00 WIB
    for i in range(3):
        _issue(engine, workspace, f"isu malam {i}", "perlu perhatian", last_seen=night)
    _issue(engine, workspace, "isu gawat", "segera", last_seen=night)

    at_night = evaluate_alerts(engine, workspace, night)
    assert (at_night.events_new, at_night.sent, at_night.held) == (4, 1, 3)
    assert "isu gawat" in _texts(rec)[0]
    still_night = evaluate_alerts(engine, workspace, night + timedelta(hours=5))  # 04.00 WIB
    assert still_night.sent == 0 and len(rec.requests) == 1
    assert tick_due(engine, workspace, night + timedelta(hours=5)) is True  # a digest waits

    morning = evaluate_alerts(engine, workspace, night + timedelta(hours=7, minutes=5))
    assert (morning.sent, morning.digests) == (1, 1)
    digest = rec.requests[-1]["json"]
    assert digest["pantau"]["digest"] is True and len(digest["pantau"]["alerts"]) == 3
    assert all(f"isu malam {i}" in digest["text"] for i in range(3))
    assert evaluate_alerts(engine, workspace, night + timedelta(hours=8)).sent == 0
    assert {r["status"] for r in delivery_log(engine, workspace)} == {"sent"}
    assert tick_due(engine, workspace, night + timedelta(hours=8)) is False


def test_throttle_sends_the_excess_as_one_digest_next_hour(  # type: ignore[no-untyped-def]
    engine: Engine, workspace: Workspace, hook
) -> None:
    rec, base = hook
    _quiet_background(engine, workspace)
    _channel(engine, workspace, base)
    add_rule(engine, workspace, "issue", ["wh"], throttle_per_hour=2)
    for i in range(5):
        _issue(engine, workspace, f"isu {i}", "perlu perhatian")
    burst = evaluate_alerts(engine, workspace, NOW)
    assert (burst.sent, burst.held) == (2, 3)
    assert evaluate_alerts(engine, workspace, NOW + timedelta(minutes=30)).sent == 0
    later = evaluate_alerts(engine, workspace, NOW + timedelta(minutes=61))
    assert (later.sent, later.digests) == (1, 1)
    assert len(rec.requests[-1]["json"]["pantau"]["alerts"]) == 3
    assert len(rec.requests) == 3


def test_failures_retry_with_backoff_then_succeed(engine: Engine, workspace: Workspace) -> None:
    rec = Recorder([Reply(500), Reply(429, headers={"Retry-After": "600"}), Reply(200)])
    with http_server(rec) as base:
        _quiet_background(engine, workspace)
        _channel(engine, workspace, base)
        add_rule(engine, workspace, "issue", ["wh"])
        _issue(engine, workspace, "isu banjir", "segera")
        assert tick_due(engine, workspace, NOW) is False  # an issue rule waits for data
        first = evaluate_alerts(engine, workspace, NOW)
        assert (first.sent, first.retrying) == (0, 1)
        assert tick_due(engine, workspace, NOW + timedelta(seconds=30)) is False
        assert tick_due(engine, workspace, NOW + timedelta(minutes=1)) is True  # retry due
        (row,) = delivery_log(engine, workspace)
        assert row["status"] == "retrying" and row["attempts"] == 1
        assert row["next_attempt_at"] == NOW + timedelta(minutes=1)
        assert "HTTP 500" in row["last_error"] and SECRET_PATH not in row["last_error"]
        assert evaluate_alerts(engine, workspace, NOW + timedelta(seconds=30)).sent == 0
        assert len(rec.requests) == 1  # not due yet
        second = evaluate_alerts(engine, workspace, NOW + timedelta(minutes=2))
        assert second.retrying == 1
        (row,) = delivery_log(engine, workspace)
        assert row["next_attempt_at"] == NOW + timedelta(minutes=12)  # Retry-After wins
        third = evaluate_alerts(engine, workspace, NOW + timedelta(minutes=13))
        assert third.sent == 1
        (row,) = delivery_log(engine, workspace)
        assert (row["status"], row["attempts"], row["last_error"]) == ("sent", 3, None)
        assert evaluate_alerts(engine, workspace, NOW + timedelta(hours=3)).sent == 0
        assert len(rec.requests) == 3
        assert tick_due(engine, workspace, NOW + timedelta(hours=3)) is False  # all sent


def test_permanent_error_fails_at_once(engine: Engine, workspace: Workspace) -> None:
    rec = Recorder([Reply(404, {"description": "no such hook"})])
    with http_server(rec) as base:
        _quiet_background(engine, workspace)
        _channel(engine, workspace, base)
        add_rule(engine, workspace, "issue", ["wh"])
        _issue(engine, workspace, "isu banjir", "segera")
        assert evaluate_alerts(engine, workspace, NOW).failed == 1
        assert evaluate_alerts(engine, workspace, NOW + timedelta(hours=2)).sent == 0
    assert len(rec.requests) == 1
    assert delivery_log(engine, workspace, status="failed")[0]["attempts"] == 1


def test_dead_channel_does_not_block_the_other(  # type: ignore[no-untyped-def]
    engine: Engine, workspace: Workspace, hook, caplog: pytest.LogCaptureFixture
) -> None:
    rec, base = hook
    _quiet_background(engine, workspace)
    _channel(engine, workspace, base, "hidup")
    _channel(engine, workspace, f"http://127.0.0.1:{free_port()}", "mati")
    add_rule(engine, workspace, "issue", ["mati", "hidup"])
    for i in range(3):
        _issue(engine, workspace, f"isu {i}", "segera")
    with caplog.at_level(logging.INFO, logger="pantau.notify"):
        summary = evaluate_alerts(engine, workspace, NOW)
    assert summary.sent == 3 and summary.retrying == 1  # the dead one is tried once per run
    assert len(rec.requests) == 3
    log_text = "\n".join(r.getMessage() for r in caplog.records)
    assert "mati" in log_text and SECRET_PATH not in log_text and "s3cr3t" not in log_text
    statuses = sorted(
        r["status"] for r in delivery_log(engine, workspace) if r["channel"] == "mati"
    )
    assert statuses == ["pending", "pending", "retrying"]
    delete_channel(engine, workspace, "mati")
    with engine.connect() as conn:
        left = conn.execute(select(alert_deliveries.c.status)).scalars().all()
    assert sorted(left).count("cancelled") == 3


def test_volume_spike_and_negative_surge_from_rollups(  # type: ignore[no-untyped-def]
    engine: Engine, workspace: Workspace, hook
) -> None:
    rec, base = hook
    start = NOW - timedelta(hours=72)
    counts = {start + timedelta(hours=h): {"neutral": 8, "negative": 2} for h in range(69)}
    counts.update({NOW - timedelta(hours=h): {"neutral": 10, "negative": 50} for h in (1, 2, 3)})
    _rollup(engine, workspace, counts)
    _channel(engine, workspace, base)
    add_rule(engine, workspace, "volume_spike", ["wh"], {"factor": 3.0, "min_posts": 30})
    add_rule(engine, workspace, "negative_surge", ["wh"])
    summary = evaluate_alerts(engine, workspace, NOW)
    assert (summary.events_new, summary.sent) == (2, 2)
    spike, surge = (r["json"]["pantau"]["alerts"][0] for r in rec.requests)
    assert spike["kind"] == "volume_spike" and spike["details"]["posts"] == 180
    assert spike["details"]["usual"] == 30.0  # 10 posts an hour, per 3 hours
    assert surge["kind"] == "negative_surge" and surge["details"]["share"] == pytest.approx(
        0.833, abs=0.001
    )
    assert evaluate_alerts(engine, workspace, NOW + timedelta(minutes=5)).events_new == 0


def test_calm_data_raises_nothing(engine: Engine, workspace: Workspace, hook) -> None:  # type: ignore[no-untyped-def]
    rec, base = hook
    _quiet_background(engine, workspace)
    _channel(engine, workspace, base)
    for kind in ("volume_spike", "negative_surge", "hoax", "source_silent"):
        add_rule(engine, workspace, kind, ["wh"])
    summary = evaluate_alerts(engine, workspace, NOW)
    assert (summary.events_new, summary.errors) == (0, [])
    assert rec.requests == []


def test_source_silent_once_per_silence(engine: Engine, workspace: Workspace, hook) -> None:  # type: ignore[no-untyped-def]
    rec, base = hook
    _quiet_background(engine, workspace)
    _channel(engine, workspace, base)
    assert tick_due(engine, workspace, NOW) is False
    add_rule(engine, workspace, "source_silent", ["wh"], {"silent_hours": 6})
    assert tick_due(engine, workspace, NOW) is True  # only the clock makes a source silent
    assert evaluate_alerts(engine, workspace, NOW + timedelta(hours=5)).events_new == 0
    late = evaluate_alerts(engine, workspace, NOW + timedelta(hours=7))
    assert late.events_new == 1 and "x" in rec.requests[0]["json"]["pantau"]["alerts"][0]["title"]
    assert evaluate_alerts(engine, workspace, NOW + timedelta(hours=9)).events_new == 0


def test_hoax_carried_by_an_issue(engine: Engine, workspace: Workspace, hook) -> None:  # type: ignore[no-untyped-def]
    rec, base = hook
    _quiet_background(engine, workspace)
    _channel(engine, workspace, base)
    add_rule(engine, workspace, "hoax", ["wh"])
    metrics = {"posts": 12, "hoax": {"claim": "vaksin berisi chip", "posts": 9}}
    _issue(engine, workspace, "vaksin chip", "perlu perhatian", metrics=metrics)
    _issue(engine, workspace, "banjir", "segera")
    summary = evaluate_alerts(engine, workspace, NOW)
    assert summary.events_new == 1
    assert "vaksin berisi chip" in _texts(rec)[0]
