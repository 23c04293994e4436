"""The actor rollups equal a recomputation from the posts after imports, re-imports that
change metrics, late enrichment, deletions and profile changes — and after a rebuild from
nothing — on SQLite and PostgreSQL."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy import Engine, and_, delete, select

from pantau.network.accounts import add_account
from pantau.network.actors import actor_profile, key_actors, list_actors
from pantau.network.rollups import PERIODS, STAGE, unpack, update_actor_rollups
from pantau.records import PostRecord, Workspace
from pantau.store.enrichment import EnrichmentRow, write_enrichment
from pantau.store.posts import write_posts
from pantau.store.schema import (
    actor_changes,
    actor_days,
    actor_periods,
    actor_windows,
    monitor_state,
    post_enrichment,
    posts,
)

ZONE = ZoneInfo("Asia/Jakarta")
T0 = datetime(2026, 11, 16, 15, 30)  # 22:30 WIB: a day's posts straddle UTC midnight
SENTIMENTS = ("positive", "neutral", "negative")


def _post(i: int, *, likes: int = 1, followers: int = 100, day: int = 0) -> PostRecord:
    author = f"akun{i % 5}"
    return PostRecord(
        platform=("x", "facebook")[i % 2],
        external_id=f"p{i}",
        key_kind="id",
        created_at=T0 + timedelta(days=day, minutes=37 * i),
        collected_at=T0 + timedelta(days=30 + day),
        text=f"harga beras naik lagi {i % 3}" if i % 7 else "salin tempel pesan yang sama",
        raw="{}",
        raw_format="test",
        author=author if i % 11 else None,
        author_followers=followers * (1 + i % 5),
        likes=likes,
        reposts=i % 4,
        views=10 * i if i % 3 else None,
        repost_of="p0" if i % 6 == 5 else None,
    )


def _write(engine: Engine, ws: Workspace, records: list[PostRecord]) -> None:
    with engine.begin() as conn:
        write_posts(conn, ws.id, records)


def _enrich(engine: Engine, ws: Workspace, external_ids: list[str], mood: str) -> None:
    with engine.begin() as conn:
        ids = conn.execute(
            select(posts.c.id).where(posts.c.external_id.in_(external_ids))
        ).scalars()
        rows = [
            EnrichmentRow(i, f"teks {i % 4}", "id", mood, 0.9, 0.5, "anger", 0.7, [], [])
            for i in ids
        ]
        write_enrichment(conn, ws.id, rows, "test")


def _local(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC).astimezone(ZONE)


def _expected_days(engine: Engine, ws: Workspace) -> dict[tuple, dict]:
    """Per (platform, author, local day), computed here from the posts."""
    e = post_enrichment.c
    stmt = (
        select(posts, e.sentiment, e.emotion)
        .select_from(
            posts.outerjoin(
                post_enrichment,
                and_(e.workspace_id == posts.c.workspace_id, e.post_id == posts.c.id),
            )
        )
        .where(posts.c.workspace_id == ws.id, posts.c.author.is_not(None))
        .order_by(posts.c.created_at, posts.c.id)
    )
    out: dict[tuple, dict] = {}
    with engine.connect() as conn:
        for p in conn.execute(stmt):
            key = (p.platform, p.author, _local(p.created_at).date())
            d = out.setdefault(
                key,
                {"posts": 0, "reposts": 0, "engagement": 0, "views": 0, "ids": [],
                 "hours": Counter(), "emotions": Counter(), "first_seen": p.created_at,
                 **dict.fromkeys((*SENTIMENTS, "unknown"), 0)},
            )  # fmt: skip
            d["posts"] += 1
            d["reposts"] += p.repost_of is not None
            d["engagement"] += (p.likes or 0) + (p.reposts or 0) + (p.replies or 0)
            d["views"] += p.views or 0
            d[p.sentiment if p.sentiment in SENTIMENTS else "unknown"] += 1
            d["ids"].append(p.id)
            d["hours"][_local(p.created_at).hour] += 1
            if p.emotion:
                d["emotions"][p.emotion] += 1
            d["last_seen"] = p.created_at
    return out


def _stored_days(engine: Engine, ws: Workspace) -> dict[tuple, dict]:
    with engine.connect() as conn:
        rows = conn.execute(select(actor_days).where(actor_days.c.workspace_id == ws.id)).all()
    out = {}
    for r in rows:
        detail = unpack(r.detail)
        day = r.day if isinstance(r.day, date) else date.fromisoformat(r.day)
        out[(r.platform, r.author, day)] = {
            **{c: getattr(r, c) for c in ("posts", "reposts", "engagement", "views", "unknown")},
            **{s: getattr(r, s) for s in SENTIMENTS},
            "ids": detail["ids"],
            "hours": Counter({h: n for h, n in enumerate(detail["hours"]) if n}),
            "emotions": Counter(detail["emotions"]),
            "first_seen": r.first_seen,
            "last_seen": r.last_seen,
        }
    return out


def _check(engine: Engine, ws: Workspace) -> None:
    """Everything the actors stage stores equals what the posts say."""
    expected = _expected_days(engine, ws)
    assert _stored_days(engine, ws) == expected
    with engine.connect() as conn:
        windows = {r.days: r for r in conn.execute(select(actor_windows))}
        periods = conn.execute(select(actor_periods)).all()
        newest = conn.execute(
            select(posts.c.created_at).order_by(posts.c.created_at.desc()).limit(1)
        ).scalar_one()
    assert set(windows) == set(PERIODS)
    last = _local(newest).date()
    for days in PERIODS:
        w = windows[days]
        first = last - timedelta(days=days - 1) if days else min(k[2] for k in expected)
        assert (w.first_day, w.last_day) == (first, last)
        sums: dict[tuple, Counter] = defaultdict(Counter)
        for (platform, author, day), d in expected.items():
            if first <= day <= last:
                sums[(platform, author)].update(
                    {c: d[c] for c in ("posts", "reposts", "engagement", "views", *SENTIMENTS)}
                )
        stored = {(r.platform, r.author): r for r in periods if r.days == days}
        assert set(stored) == set(sums), days
        for key, figures in sums.items():
            for column, value in figures.items():
                assert getattr(stored[key], column) == value, (days, key, column)
        p90 = math.ceil(float(np.percentile([s["posts"] for s in sums.values()], 90)))
        assert w.posts_min == max(p90, 5) and w.accounts == len(sums)


def _tables(engine: Engine, ws: Workspace) -> dict[str, list]:
    with engine.connect() as conn:
        return {
            "days": sorted(tuple(r) for r in conn.execute(select(actor_days))),
            "periods": sorted(tuple(r) for r in conn.execute(select(actor_periods))),
            "windows": sorted(
                tuple(r)[:-1]
                for r in conn.execute(select(actor_windows))  # not updated_at
            ),
        }


def test_rollups_follow_imports_updates_enrichment_deletions_and_profiles(
    engine: Engine, workspace: Workspace
) -> None:
    ws = workspace
    _write(engine, ws, [_post(i) for i in range(60)])
    _enrich(engine, ws, [f"p{i}" for i in range(0, 60, 2)], "negative")
    first = update_actor_rollups(engine, ws)
    assert first.posts > 0 and first.accounts == 10  # 5 handles on 2 platforms
    _check(engine, ws)
    assert update_actor_rollups(engine, ws).changes == 0  # nothing new: nothing done

    # new posts two days later (the periods move) and a re-import with new metrics
    _write(engine, ws, [_post(i, day=2) for i in range(100, 130)])
    _write(engine, ws, [_post(i, likes=500) for i in range(0, 20)])
    assert update_actor_rollups(engine, ws).changes > 0
    _check(engine, ws)

    # posts enriched after they were rolled up, and enriched again differently
    _enrich(engine, ws, [f"p{i}" for i in range(1, 60, 2)], "positive")
    _enrich(engine, ws, ["p2", "p4"], "neutral")
    update_actor_rollups(engine, ws)
    _check(engine, ws)

    # deletions, including every post of the newest day
    with engine.begin() as conn:
        conn.execute(delete(posts).where(posts.c.external_id.in_(["p3", "p8", "p13"])))
        conn.execute(delete(posts).where(posts.c.created_at >= T0 + timedelta(days=2)))
    update_actor_rollups(engine, ws)
    _check(engine, ws)

    # a profile and a listed type change the account's row, not its figures
    before = {a["handle"]: a for a in list_actors(engine, ws, 0, platform="x").actors}
    _write(engine, ws, [_post(200, followers=2_000_000, day=1)])  # akun0 on x, far more followers
    add_account(engine, ws, "x", "akun2", "pemerintah", "Dinas Kominfo")
    update_actor_rollups(engine, ws)
    _check(engine, ws)
    after = {a["handle"]: a for a in list_actors(engine, ws, 0, platform="x").actors}
    assert after["akun0"]["followers"] == 2_000_000 > (before["akun0"]["followers"] or 0)
    assert after["akun0"]["type"] == "influencer" and "influential" in after["akun0"]["roles"]
    assert after["akun2"]["type"] == "government" and after["akun2"]["listed"]
    assert after["akun2"]["institution"] == "Dinas Kominfo"

    # the incremental result is what a run from nothing computes
    kept = _tables(engine, ws)
    with engine.begin() as conn:
        for table in (actor_days, actor_periods, actor_windows, actor_changes):
            conn.execute(delete(table))
        conn.execute(delete(monitor_state).where(monitor_state.c.stage.like(f"{STAGE}%")))
    update_actor_rollups(engine, ws)
    assert _tables(engine, ws) == kept
    with engine.connect() as conn:
        assert conn.execute(select(actor_changes)).all() == []


def test_pages_read_the_rollups_with_signals_profile_and_issue_actors(
    engine: Engine, workspace: Workspace
) -> None:
    ws = workspace
    _write(engine, ws, [_post(i) for i in range(60)])
    assert list_actors(engine, ws).window is None  # before the first run: nothing counted
    update_actor_rollups(engine, ws)
    week = list_actors(engine, ws, 7, sort="posts", limit=3)
    assert week.window is not None and week.window.days == 7 and week.total == 10
    assert [a["posts"] for a in week.actors] == sorted(
        (a["posts"] for a in week.actors), reverse=True
    )
    assert len(week.actors) == 3 and all("burstiness" in a["signals"] for a in week.actors)
    assert list_actors(engine, ws, 14).window.days == 30  # type: ignore[union-attr]
    copier = next(a for a in list_actors(engine, ws, 0, limit=None).actors if a["posts"] >= 3)
    assert copier["signals"]["posts_per_day"] > 0
    _write(engine, ws, [_post(300, day=1)])
    assert list_actors(engine, ws).waiting == 1  # stored after the last run

    profile = actor_profile(engine, ws, "x", "akun0", 0)
    assert profile is not None
    times = [p["created_at"] for p in profile["recent"]]
    assert len(times) == min(20, profile["posts"]) and times == sorted(times, reverse=True)
    assert profile["emotions"] == {} and profile["issues"] == []
    assert actor_profile(engine, ws, "x", "nobody", 0) is None
    assert key_actors(engine, ws, issue_id=999) == []


def test_profiles_of_many_accounts_are_read_in_one_pass(
    engine: Engine, workspace: Workspace, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Past ten lists' worth of accounts the profiles come from one read of the workspace's
    authors (SQLite would read them all for every list): the same answer either way."""
    from pantau.store import actors as actor_store

    _write(engine, workspace, [_post(i, followers=7) for i in range(1, 40)])
    accounts = [(p, f"akun{i}") for p in ("x", "facebook") for i in range(5)]
    accounts += [("x", "nobody")]
    with engine.connect() as conn:
        listed = actor_store.profiles(conn, workspace.id, accounts)
        monkeypatch.setattr(actor_store, "_IN_CHUNK", 1)
        whole = actor_store.profiles(conn, workspace.id, accounts)
    assert whole == listed and len(listed) == 10 and ("x", "nobody") not in whole
