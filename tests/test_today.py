"""*Hari ini*: freshness of the data, the things to act on, and the change since the day
before, all from stored results."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import Engine
from tests.network._ring import START, add_issue, seed_ring

from pantau.agenda.narrative import add_account, create_kit
from pantau.monitor.issues import update_workflow
from pantau.network.campaigns import find_campaigns
from pantau.pipeline import run_pipeline
from pantau.records import Workspace
from pantau.store import monitor as monitor_store
from pantau.today import STALE_AFTER, freshness, today


def test_freshness_says_when_the_newest_data_is_old(engine: Engine, workspace: Workspace) -> None:
    assert freshness(engine, workspace).newest is None
    seed_ring(engine, workspace)
    newest = freshness(engine, workspace).newest
    assert newest is not None
    fresh = freshness(engine, workspace, now=newest + timedelta(hours=1))
    assert not fresh.stale and fresh.days_old == 0
    old = freshness(engine, workspace, now=newest + timedelta(days=14))
    assert old.stale and old.days_old == 14 and old.age > STALE_AFTER
    assert [s.name for s in old.sources] == ["x"] and old.sources[0].kind == "platform"


def test_hoaxes_then_campaigns_then_kits_and_closed_issues_left_out(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    ring = seed_ring(engine, workspace)
    campaign = add_issue(engine, workspace, ring, "Tolak KTD")
    hoax = add_issue(engine, workspace, [], "Data petani dijual")
    done = add_issue(engine, workspace, [], "Sudah selesai")
    with engine.begin() as conn:
        monitor_store.update_issue(
            conn,
            workspace.id,
            hoax,
            {"metrics": {"posts": 40, "hoax": {"claim": "data petani dijual", "posts": 12}}},
        )
    update_workflow(engine, workspace, done, status="selesai")
    find_campaigns(engine, workspace)
    kit = create_kit(engine, workspace, message="Stok pangan aman", release_at=START)
    for handle in ("a", "b"):
        add_account(engine, workspace, kit.id, platform="x", handle=handle, institution="Dinas")
    actions = today(engine, workspace).actions
    kinds = [(a.kind, a.title) for a in actions]
    assert kinds[0] == ("hoax", "Data petani dijual")
    assert kinds[1] == ("campaign", "Tolak KTD") and actions[1].campaign is not None
    assert actions[1].campaign.members == 5
    assert ("narrative", "Stok pangan aman") in kinds
    narrative = next(a for a in actions if a.kind == "narrative")
    assert narrative.facts["missing"] == 2 and narrative.facts["asked"] == 2
    assert all(a.title != "Sudah selesai" for a in actions)
    assert actions[0].facts["hoax_posts"] == 12 and actions[0].issue["id"] == hoax
    assert 3 <= len(actions) <= 5 and campaign in [a.issue["id"] for a in actions if a.issue]


def test_since_yesterday_compares_the_last_two_days_with_data(
    engine: Engine, workspace: Workspace, tmp_path: Path
) -> None:
    seed_ring(engine, workspace)
    run_pipeline(engine, workspace, tmp_path, stages=["issues"])
    change = today(engine, workspace).changes
    assert change.day is not None and change.previous == change.day - timedelta(days=1)
    assert change.posts + change.posts_before == 60  # the seeded posts fall on those two days
