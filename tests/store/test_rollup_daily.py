"""The daily rollups are always the hourly rollups summed per local day of the workspace: after
hours are replaced, after a topic's rows are replaced, and after the migration that adds them
to a database that already holds hourly rows."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from alembic import command
from sqlalchemy import Connection, Engine, insert, select, update

from pantau.records import Workspace
from pantau.store import monitor as store
from pantau.store.engine import _alembic_config, create_db_engine, upgrade_schema
from pantau.store.schema import rollup_daily, rollup_hourly, workspaces
from pantau.store.workspaces import create_workspace

START = datetime(2026, 10, 24, 12, 0)  # UTC; Berlin leaves summer time on 25 Oct 2026


def _hourly(hours: list[datetime], topics: tuple[int, ...] = (0, 3), scale: int = 1) -> list[dict]:
    return [
        {
            "hour": hour,
            "topic_id": topic,
            "platform": platform,
            "sentiment": sentiment,
            "posts": scale * (1 + i % 5 + topic),
            "authors": 1,
            "engagement": scale * (10 + i),
            "reach": scale * 100 * (1 + topic),
        }
        for i, hour in enumerate(hours)
        for topic in topics
        for platform, sentiment in (("x", "negative"), ("news", "unknown"))
    ]


def _daily(conn: Connection, workspace_id: int) -> dict[tuple, tuple[int, int, int]]:
    d = rollup_daily.c
    rows = conn.execute(
        select(d.topic_id, d.day, d.platform, d.sentiment, d.posts, d.engagement, d.reach).where(
            d.workspace_id == workspace_id
        )
    )
    return {
        (t, day if isinstance(day, date) else date.fromisoformat(day), p, s): (n, e, r)
        for t, day, p, s, n, e, r in rows
    }


def _summed(conn: Connection, workspace_id: int, timezone: str) -> dict[tuple, tuple[int, ...]]:
    """The hourly rows summed per local day in Python (what the daily rows must hold)."""
    h = rollup_hourly.c
    zone = ZoneInfo(timezone)
    sums: dict[tuple, Counter[str]] = {}
    rows = conn.execute(
        select(h.hour, h.topic_id, h.platform, h.sentiment, h.posts, h.engagement, h.reach).where(
            h.workspace_id == workspace_id
        )
    )
    for hour, t, p, s, n, e, r in rows:
        day = store.local_day(hour, zone)
        cell = sums.setdefault((t, day, p, s), Counter())
        cell.update(posts=n, engagement=e, reach=r)
    return {k: (c["posts"], c["engagement"], c["reach"]) for k, c in sums.items()}


def _check(engine: Engine, ws: Workspace) -> dict[tuple, tuple[int, int, int]]:
    with engine.connect() as conn:
        daily = _daily(conn, ws.id)
        assert daily == _summed(conn, ws.id, ws.timezone)
    return daily


@pytest.mark.parametrize("timezone", ["Asia/Jakarta", "Europe/Berlin", "Asia/Kolkata"])
def test_daily_rows_follow_replaced_hours_and_topics(engine: Engine, timezone: str) -> None:
    ws = create_workspace(engine, "harian", "Harian", "pemda", timezone)
    other = create_workspace(engine, "lain", "Lain", "pemda", "Asia/Jayapura")
    hours = [START + timedelta(hours=i) for i in range(60)]  # three local days or so
    with engine.begin() as conn:
        store.replace_rollups(conn, other.id, hours[:5], _hourly(hours[:5]), {})
        for start in range(0, 60, 24):  # as the rollup stage writes them: 24 hours at a time
            run = hours[start : start + 24]
            store.replace_rollups(conn, ws.id, run, _hourly(run), {})
    first = _check(engine, ws)
    assert len({day for _t, day, _p, _s in first}) >= 3
    written = [r for start in range(0, 60, 24) for r in _hourly(hours[start : start + 24])]
    assert sum(n for (t, *_), (n, _e, _r) in first.items() if t == 0) == sum(
        r["posts"] for r in written if r["topic_id"] == 0
    )
    other_rows = _check(engine, other)

    with engine.begin() as conn:  # the same hours again: the same rows
        store.replace_rollups(conn, ws.id, hours[:24], _hourly(hours[:24]), {})
    assert _check(engine, ws) == first

    # some hours recomputed with other numbers, one hour emptied, one new hour much later
    changed = hours[20:30]
    later = [START + timedelta(days=9)]
    with engine.begin() as conn:
        store.replace_rollups(conn, ws.id, changed, _hourly(changed[1:], scale=3), {})
        store.replace_rollups(conn, ws.id, later, _hourly(later), {})
    after = _check(engine, ws)
    assert after != first

    # one topic's rows replaced (a topic edited after the rollups ran), then deleted
    topic_rows = _hourly(hours[10:40], topics=(7,))
    with engine.begin() as conn:
        store.replace_topic_rollups(conn, ws.id, 7, topic_rows)
    with_topic = _check(engine, ws)
    assert {t for t, *_ in with_topic} == {0, 3, 7}
    with engine.begin() as conn:
        store.replace_topic_rollups(conn, ws.id, 7, [])
    assert _check(engine, ws) == after
    assert _check(engine, other) == other_rows  # the other workspace untouched

    with engine.begin() as conn:  # everything recomputed: nothing changes
        store.refresh_daily_rollups(conn, ws.id)
    assert _check(engine, ws) == after


def test_migration_fills_daily_rows_from_stored_hours(db_url: str) -> None:
    engine = create_db_engine(db_url)
    cfg = _alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0015")
    zones = {"wib": "Asia/Jakarta", "cet": "Europe/Berlin", "ist": "Asia/Kolkata"}
    ids = {}
    hours = [START + timedelta(hours=3 * i) for i in range(40)]
    with engine.begin() as conn:
        for slug, timezone in zones.items():
            ids[slug] = conn.execute(
                insert(workspaces)
                .values(slug=slug, name=slug, kind="pemda", timezone=timezone, created_at=START)
                .returning(workspaces.c.id)
            ).scalar_one()
            conn.execute(
                insert(rollup_hourly), [{"workspace_id": ids[slug], **r} for r in _hourly(hours)]
            )
    upgrade_schema(engine)
    with engine.connect() as conn:
        for slug, timezone in zones.items():
            daily = _daily(conn, ids[slug])
            assert daily and daily == _summed(conn, ids[slug], timezone)
    # the rows then follow changes like any other
    with engine.begin() as conn:
        conn.execute(update(workspaces).where(workspaces.c.id == ids["wib"]).values(name="WIB"))
        store.replace_rollups(conn, ids["wib"], hours[:8], _hourly(hours[:8], scale=2), {})
    with engine.connect() as conn:
        assert _daily(conn, ids["wib"]) == _summed(conn, ids["wib"], "Asia/Jakarta")
    engine.dispose()
