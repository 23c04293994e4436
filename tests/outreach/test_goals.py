"""Goals and KPIs: progress from the stored data, linear pace, level metrics, reputation from
monitored posts' sentiment."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import Engine

from pantau.errors import PantauError
from pantau.outreach.goals import goal_progress, judge, list_goals, save_goal
from pantau.records import PostRecord, Workspace
from pantau.store.enrichment import EnrichmentRow, write_enrichment
from pantau.store.outreach_records import Goal
from pantau.store.posts import write_posts

from .plans import add_daily, add_posts, channel, post

START = date(2026, 11, 1)
END = date(2026, 11, 30)


def _goal(metric: str, target: float) -> Goal:
    return Goal(1, "g", "awareness", metric, target, START, END, (), None, None)


def test_linear_pace_decides_on_track_or_at_risk() -> None:
    goal = _goal("reach", 30_000)
    # day 10 of 30: expected 10,000; 9,500 is within the 90% tolerance, 8,000 is not
    status, progress, elapsed, expected, why = judge(goal, 9_500, date(2026, 11, 10))
    assert status == "on_track" and expected == pytest.approx(10_000)
    assert elapsed == pytest.approx(1 / 3) and progress == pytest.approx(9_500 / 30_000)
    assert "laju linear" in why
    assert judge(goal, 8_000, date(2026, 11, 10))[0] == "at_risk"
    assert judge(goal, 30_000, date(2026, 11, 10))[0] == "achieved"
    assert judge(goal, 29_000, date(2026, 12, 2))[0] == "missed"
    assert judge(goal, None, date(2026, 10, 20))[0] == "not_started"


def test_level_metrics_compare_the_value_so_far() -> None:
    goal = _goal("engagement_rate", 0.05)
    assert judge(goal, 0.06, date(2026, 11, 5))[0] == "on_track"
    assert judge(goal, 0.04, date(2026, 11, 5))[0] == "at_risk"
    assert judge(goal, 0.06, date(2026, 12, 5))[0] == "achieved"


def test_progress_is_computed_from_owned_posts(engine: Engine, workspace: Workspace) -> None:
    ig = channel(engine, workspace, "instagram", "dinas")
    x = channel(engine, workspace, "x", "dinas")
    # Nov 1..10 (WIB noon = 05:00 UTC): 1,000 reach and 30 engagements a day on Instagram
    add_posts(
        engine,
        workspace,
        ig,
        [
            post(f"ig{d}", datetime(2026, 11, d, 5), reach=1000, likes=20, comments=5, shares=5)
            for d in range(1, 11)
        ]
        # a post of Oct 31, 23:30 WIB (16:30 UTC) is before the period
        + [post("ig-old", datetime(2026, 10, 31, 16, 30), reach=50_000)],
    )
    add_posts(engine, workspace, x, [post("x1", datetime(2026, 11, 2, 1), reach=4000, likes=0)])
    save_goal(
        engine, workspace, name="Jangkauan IG", objective="awareness", target=30_000,
        starts_on=START, ends_on=END, channel_ids=[ig.id],
    )  # fmt: skip
    save_goal(
        engine, workspace, name="ER semua akun", objective="engagement", target=0.05,
        starts_on=START, ends_on=END,
    )  # fmt: skip
    add_daily(
        engine, workspace, ig, "followers", {date(2026, 10, 31): 1000, date(2026, 11, 9): 1300}
    )
    save_goal(
        engine, workspace, name="Pengikut", objective="awareness", metric="follower_growth",
        target=600, starts_on=START, ends_on=END, channel_ids=[ig.id],
    )  # fmt: skip
    found = {p.goal.name: p for p in goal_progress(engine, workspace, as_of=date(2026, 11, 10))}
    reach = found["Jangkauan IG"]
    assert reach.actual == 10_000 and reach.posts == 10
    assert reach.status == "on_track"  # 10,000 vs the pace of 10,000
    rate = found["ER semua akun"]
    assert rate.actual == pytest.approx(300 / 14_000)  # the X post counts too: 0 engagements
    assert rate.status == "at_risk"
    growth = found["Pengikut"]
    assert growth.actual == 300 and growth.status == "on_track"  # 300 ≥ 0.9 × 200
    later = {p.goal.name: p for p in goal_progress(engine, workspace, as_of=date(2026, 11, 25))}
    assert later["Jangkauan IG"].status == "at_risk"  # no posts since the 10th


def test_saving_again_replaces_and_bad_goals_are_refused(
    engine: Engine, workspace: Workspace
) -> None:
    for target in (100.0, 200.0):
        save_goal(
            engine, workspace, name="Post", objective="participation", metric="posts",
            target=target, starts_on=START, ends_on=END,
        )  # fmt: skip
    goals = list_goals(engine, workspace)
    assert [(g.name, g.target) for g in goals] == [("Post", 200.0)]
    with pytest.raises(PantauError, match="tujuan tidak dikenal"):
        save_goal(
            engine, workspace, name="x", objective="viral", target=1, starts_on=START, ends_on=END
        )
    with pytest.raises(PantauError, match="pecahan"):
        save_goal(
            engine, workspace, name="x", objective="engagement", target=5, starts_on=START,
            ends_on=END,
        )  # fmt: skip
    with pytest.raises(PantauError, match="sebelum"):
        save_goal(
            engine, workspace, name="x", objective="awareness", target=5, starts_on=END,
            ends_on=START,
        )  # fmt: skip


def test_reputation_goal_uses_net_sentiment_of_monitored_posts(
    engine: Engine, workspace: Workspace
) -> None:
    start = datetime(2026, 11, 2, 3)
    records = [
        PostRecord(
            platform="x",
            external_id=f"m{i}",
            key_kind="id",
            created_at=start + timedelta(hours=i),
            collected_at=start + timedelta(days=2),
            text=f"post {i}",
            raw="{}",
            raw_format="test",
            author="warga",
        )
        for i in range(10)
    ]
    with engine.begin() as conn:
        write_posts(conn, workspace.id, records)
        ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM posts ORDER BY external_id")]
    labels = ["positive"] * 5 + ["negative"] * 2 + ["neutral"] * 3
    _enrich(engine, workspace, ids, labels)
    save_goal(
        engine, workspace, name="Reputasi", objective="reputation", target=0.2,
        starts_on=START, ends_on=END,
    )  # fmt: skip
    (progress,) = goal_progress(engine, workspace, as_of=date(2026, 11, 15))
    assert progress.goal.metric == "net_sentiment"
    assert progress.actual == pytest.approx((5 - 2) / 10)
    assert progress.status == "on_track"


def _enrich(engine: Engine, ws: Workspace, ids: list[int], labels: list[str]) -> None:
    rows = [
        EnrichmentRow(i, "x", "id", label, 0.9, 0.0, "netral", 0.5, [], [])
        for i, label in zip(ids, labels, strict=True)
    ]
    with engine.begin() as conn:
        write_enrichment(conn, ws.id, rows, "uji-1")
