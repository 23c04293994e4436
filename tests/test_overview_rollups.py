"""The overview (Ringkasan, stats API) shows the last 30 local days up to the newest post, and
means the same whether it is read from the rollups or counted from the posts."""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine, select, update

from pantau.locale import to_local
from pantau.monitor.rollups import update_rollups
from pantau.monitor.topics import add_topic, delete_topic, edit_topic, match_posts
from pantau.records import PostRecord, Workspace
from pantau.store.monitor import set_stage_position
from pantau.store.posts import write_posts
from pantau.store.schema import post_enrichment, posts, rollup_daily, topic_matches, workspaces
from pantau.web import views

START = datetime(2026, 8, 1, 3, 0)  # UTC; 10.00 WIB
DAYS = 75
MOODS = ("negative", "neutral", "positive")


def _records(prefix: str, start: datetime, n: int, step: timedelta) -> list[PostRecord]:
    return [
        PostRecord(
            platform=("x", "facebook", "news", "tiktok")[i % 4],
            external_id=f"{prefix}{i}",
            key_kind="id",
            created_at=start + i * step,
            collected_at=start + i * step,
            text=("banjir rob di pesisir" if i % 3 == 0 else "harga beras naik") + f" {i}",
            raw="{}",
            raw_format="test",
            author=f"akun{i % 7}",
        )
        for i in range(n)
    ]


def _store(engine: Engine, ws: Workspace, records: list[PostRecord]) -> None:
    with engine.begin() as conn:
        write_posts(conn, ws.id, records)


def _enrich(engine: Engine, ws: Workspace, every: int = 1) -> None:
    """A sentiment for every ``every``-th post not enriched yet."""
    with engine.begin() as conn:
        done = set(
            conn.execute(
                select(post_enrichment.c.post_id).where(post_enrichment.c.workspace_id == ws.id)
            ).scalars()
        )
        ids = conn.execute(
            select(posts.c.id).where(posts.c.workspace_id == ws.id).order_by(posts.c.id)
        ).scalars()
        rows = [
            {
                "workspace_id": ws.id,
                "post_id": pid,
                "normalized_text": "x",
                "language": "id",
                "sentiment": MOODS[pid % 3],
                "sentiment_score": 0.9,
                "polarity": 0.0,
                "emotion": "none",
                "emotion_score": 0.0,
                "model_version": "t",
                "enriched_at": START,
            }
            for pid in ids
            if pid not in done and pid % every == 0
        ]
        if rows:
            conn.execute(post_enrichment.insert(), rows)


def _with_timezone(engine: Engine, ws: Workspace, timezone: str) -> Workspace:
    """The workspace in another zone, stored too (the daily rollups follow the stored zone)."""
    with engine.begin() as conn:
        conn.execute(update(workspaces).where(workspaces.c.id == ws.id).values(timezone=timezone))
    return dataclasses.replace(ws, timezone=timezone)


def _rollup(engine: Engine, ws: Workspace) -> None:
    summary = update_rollups(engine, ws)
    with engine.begin() as conn:
        set_stage_position(conn, ws.id, "rollup", summary.last_post_id, START)


def _expected(engine: Engine, ws: Workspace, days: int | None) -> dict:
    """The overview's figures counted plainly from the posts, in Python."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(posts.c.id, posts.c.created_at, posts.c.platform, post_enrichment.c.sentiment)
            .select_from(
                posts.outerjoin(
                    post_enrichment,
                    (post_enrichment.c.workspace_id == posts.c.workspace_id)
                    & (post_enrichment.c.post_id == posts.c.id),
                )
            )
            .where(posts.c.workspace_id == ws.id)
        ).all()
        matches = conn.execute(
            select(topic_matches.c.topic_id, topic_matches.c.post_id).where(
                topic_matches.c.workspace_id == ws.id
            )
        ).all()
    local = {pid: to_local(at, ws.timezone) for pid, at, _, _ in rows}
    newest = max(local.values()).date()
    first_day = newest - timedelta(days=days - 1) if days else min(local.values()).date()
    shown = {pid for pid, when in local.items() if when.date() >= first_day}
    by_day: Counter[str] = Counter()
    by_platform: Counter[str] = Counter()
    sentiment: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for pid, _at, platform, mood in rows:
        if pid not in shown:
            continue
        day = local[pid].date().isoformat()
        by_day[day] += 1
        by_platform[platform] += 1
        if mood:
            sentiment[day][mood] += 1
    topics: Counter[int] = Counter(t for t, pid in matches if pid in shown)
    return {
        "posts": len(shown),
        "by_day": dict(sorted(by_day.items())),
        "by_platform": dict(by_platform),
        "sentiment": {d: dict(sentiment[d]) for d in sorted(sentiment)},
        "first": min(local[p] for p in shown).isoformat(),
        "last": max(local[p] for p in shown).isoformat(),
        "topics": dict(topics),
    }


def _figures(data: views.Overview) -> dict:
    return {
        "posts": data.stats.posts,
        "by_day": data.stats.by_day,
        "by_platform": data.stats.by_platform,
        "sentiment": data.sentiment_by_day,
        "first": data.stats.first,
        "last": data.stats.last,
        "topics": {t.id: t.matches for t in data.topics if t.matches},
    }


def _overview(engine: Engine, ws: Workspace, days: int | None = views.OVERVIEW_DAYS) -> dict:
    views._OVERVIEWS.clear()
    return _figures(views.overview(engine, ws, days))


@pytest.mark.parametrize("timezone", ["Asia/Jakarta", "Europe/Berlin"])
def test_thirty_days_from_rollups_equal_the_posts_counted(
    engine: Engine, workspace: Workspace, timezone: str
) -> None:
    ws = workspace
    if timezone != ws.timezone:  # a zone with daylight saving time: hours grouped in Python
        ws = _with_timezone(engine, ws, timezone)
    # 75 days, a post every 5 hours; 2 of 3 posts enriched
    _store(engine, ws, _records("p", START, DAYS * 24 // 5, timedelta(hours=5)))
    _enrich(engine, ws, every=1)
    add_topic(engine, ws, "Banjir", "banjir")
    add_topic(engine, ws, "Beras", "beras")
    slow = _overview(engine, ws)
    expected = _expected(engine, ws, 30)
    assert slow == expected
    assert len(slow["by_day"]) == 30 and slow["posts"] < DAYS * 24 // 5
    assert slow["topics"] and set(slow["topics"]) == set(expected["topics"])

    _rollup(engine, ws)
    assert _overview(engine, ws) == expected  # from the rollups now

    # posts stored after the last rollup run, part of them enriched, one topic matched
    late = START + timedelta(days=DAYS, hours=2)
    _store(engine, ws, _records("late", late, 30, timedelta(hours=3)))
    _enrich(engine, ws, every=2)
    match_posts(engine, ws)
    after = _overview(engine, ws)
    expected = _expected(engine, ws, 30)
    assert after == expected
    assert after["last"] == expected["last"] and after["posts"] == expected["posts"]
    assert after["by_day"] != slow["by_day"]  # the period moved with the newest post

    # everything (no period) means the same too
    assert _overview(engine, ws, None) == _expected(engine, ws, None)
    _rollup(engine, ws)
    assert _overview(engine, ws) == expected


def test_cached_overview_follows_topics_and_new_posts(engine: Engine, workspace: Workspace) -> None:
    ws = workspace
    _store(engine, ws, _records("p", START, 100, timedelta(hours=7)))
    _rollup(engine, ws)
    views._OVERVIEWS.clear()
    first = views.overview(engine, ws)
    assert views.overview(engine, ws) is first  # remembered
    add_topic(engine, ws, "Banjir", "banjir")
    with_topic = views.overview(engine, ws)
    assert [t.name for t in with_topic.topics] == ["Banjir"]
    assert (
        with_topic.topics[0].matches == _expected(engine, ws, 30)["topics"][with_topic.topics[0].id]
    )
    _store(engine, ws, _records("n", START + timedelta(days=40), 3, timedelta(hours=1)))
    assert views.overview(engine, ws).stats.posts == _expected(engine, ws, 30)["posts"]


@pytest.mark.parametrize("timezone", ["Asia/Jakarta", "Europe/Berlin"])
def test_topic_changed_after_the_rollups_counts_its_past_days(
    engine: Engine, workspace: Workspace, timezone: str
) -> None:
    ws = workspace
    if timezone != ws.timezone:
        ws = _with_timezone(engine, ws, timezone)
    _store(engine, ws, _records("p", START, DAYS * 24 // 5, timedelta(hours=5)))
    _enrich(engine, ws)
    flood = add_topic(engine, ws, "Banjir", "banjir")
    _rollup(engine, ws)
    before = _overview(engine, ws)
    assert before == _expected(engine, ws, 30)

    # edited and added after the rollups ran: their past days are counted at once
    edit_topic(engine, ws, "Banjir", query="banjir OR beras")
    rice = add_topic(engine, ws, "Beras", "beras")
    edited = _overview(engine, ws)
    assert edited == _expected(engine, ws, 30)
    assert edited["topics"][flood.id] == before["posts"]  # every post now
    assert edited["topics"][rice.id] > 0
    assert _overview(engine, ws, None) == _expected(engine, ws, None)

    delete_topic(engine, ws, "Banjir")
    assert _overview(engine, ws) == _expected(engine, ws, 30)
    with engine.connect() as conn:
        left = conn.execute(
            select(rollup_daily.c.topic_id).where(rollup_daily.c.workspace_id == ws.id).distinct()
        ).scalars()
        assert set(left) == {0, rice.id}
