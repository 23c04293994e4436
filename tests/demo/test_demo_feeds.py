"""The demo's live sources: its feed bundle served on loopback, collected as RSS sources
(the Sumber page works offline), and the demo's issues exactly as without them."""

from __future__ import annotations

from pathlib import Path

from pantau.demo.feeds import DEMO_FEEDS, serve_feeds
from pantau.demo.job import run_demo
from pantau.ingest.health import source_health
from pantau.monitor.issues import IssueFilter, list_issues
from pantau.store import open_database


def _issues(engine, workspace) -> list[tuple]:  # type: ignore[no-untyped-def]
    rows = list_issues(engine, workspace, IssueFilter())
    return [(r["label"], r["stage"], r["priority"], r["metrics"]) for r in rows]


def test_feeds_fill_the_sources_page_and_leave_the_issues_alone(tmp_path: Path) -> None:
    plain = open_database(f"sqlite:///{tmp_path / 'plain.db'}")
    served = open_database(f"sqlite:///{tmp_path / 'feeds.db'}")
    without = run_demo(plain, tmp_path / "a", tmp_path / "a-out", seed=5, n_posts=3000)
    with serve_feeds() as base:
        result = run_demo(
            served, tmp_path / "b", tmp_path / "b-out", seed=5, n_posts=3000, feeds=base
        )
        again = run_demo(
            served, tmp_path / "b", tmp_path / "b-out", seed=5, n_posts=3000, feeds=base
        )
    assert [r.source for r in result.collected] == [name for name, _ in DEMO_FEEDS]
    assert all(r.ok for r in result.collected) and sum(r.new for r in result.collected) == 6
    assert all(r.ok and r.new == 0 for r in again.collected)  # unchanged feeds (HTTP 304)
    health = source_health(served, result.workspace)
    assert [h.state for h in health] == ["ok", "ok"] and sum(h.posts_24h for h in health) == 6
    issues = _issues(served, result.workspace)
    assert issues and issues == _issues(plain, without.workspace)
