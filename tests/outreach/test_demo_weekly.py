"""The demo quarter of owned-channel exports (every native format, planted patterns found
again, seeding idempotent) and the weekly performance report built on it."""

from __future__ import annotations

import zipfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from pantau.demo import outreach as demo
from pantau.outreach.besttime import channel_best_time
from pantau.outreach.calendar import list_items, plan_vs_actual
from pantau.outreach.channeling import ContentRequest, recommend
from pantau.outreach.formats import detect
from pantau.outreach.goals import goal_progress
from pantau.outreach.table import read_doc
from pantau.records import Workspace
from pantau.report.daily import channel_name
from pantau.report.weekly import build_weekly_report, parse_week, tables, write_weekly_report
from pantau.store import outreach as store
from pantau.store.schema import channel_posts, outreach_plan_posts


def test_exports_are_deterministic_and_in_every_native_format(tmp_path: Path) -> None:
    first = demo.write_demo_exports(tmp_path / "a")
    second = demo.write_demo_exports(tmp_path / "b")
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    formats = set()
    for path in first:
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    formats.add(detect(read_doc(archive.read(name), name)).name)
        else:
            formats.add(detect(read_doc(path.read_bytes(), path.name)).name)
    assert {
        "meta_facebook_posts", "meta_instagram_posts", "meta_daily", "meta_audience",
        "x_tweets_classic", "x_account_daily", "youtube_table", "youtube_daily",
        "tiktok_content", "tiktok_follower_activity", "tiktok_follower_history",
        "tiktok_follower_gender", "tiktok_overview",
    } <= formats  # fmt: skip


@pytest.fixture
def seeded(engine: Engine, workspace: Workspace, tmp_path: Path) -> Workspace:
    summary = demo.seed_demo_outreach(engine, workspace, tmp_path / "exports")
    assert summary.imported == summary.files == 11
    assert summary.new_links == sum(len(c.platforms) for c in demo.CAMPAIGN)
    return workspace


def _counts(engine: Engine, ws: Workspace) -> tuple[int, int, int, int]:
    with engine.connect() as conn:
        posts = conn.execute(select(func.count()).select_from(channel_posts)).scalar_one()
        links = conn.execute(select(func.count()).select_from(outreach_plan_posts)).scalar_one()
        goals = len(store.goals_of(conn, ws.id))
    return posts, links, goals, len(list_items(engine, ws))


def test_seeding_twice_changes_nothing(engine: Engine, seeded: Workspace, tmp_path: Path) -> None:
    before = _counts(engine, seeded)
    again = demo.seed_demo_outreach(engine, seeded, tmp_path / "exports")
    assert again.imported == 0 and again.new_links == 0
    assert _counts(engine, seeded) == before
    assert before[2] == 4 and before[3] == len(demo.CAMPAIGN) + len(demo.UPCOMING)


def test_planted_patterns_are_found(engine: Engine, seeded: Workspace) -> None:
    with engine.connect() as conn:
        channels = {c.platform: c for c in store.find_channels(conn, seeded.id)}
    assert set(channels) == {"facebook", "instagram", "x", "tiktok", "youtube"}
    for platform, hours in demo.PLANTED_HOURS.items():
        best = channel_best_time(engine, seeded, channels[platform], top=3)
        assert {s.hour for s in best.top} <= set(hours), (platform, best.top)
    result = recommend(engine, seeded, ContentRequest("short_video", "engagement"), top=10)
    ig = next(r for r in result.recommendations if r.platform == "instagram")
    assert ig.format == "reel" and ig.format_lift > 1.0
    statuses = {p.goal.name: p.status for p in goal_progress(engine, seeded, date(2026, 11, 22))}
    assert len(statuses) == 4 and "not_started" not in statuses.values()
    published = [a for a in plan_vs_actual(engine, seeded) if a.item.status == "published"]
    assert len(published) == len(demo.CAMPAIGN)
    assert all(a.delay_minutes is not None and 0 <= a.delay_minutes <= 30 for a in published)


def test_weekly_report(engine: Engine, seeded: Workspace, tmp_path: Path) -> None:
    start = parse_week("2026-W47", seeded.timezone)
    assert start == date(2026, 11, 16) == parse_week("2026-11-19", seeded.timezone)
    assert parse_week(None, seeded.timezone, today=date(2026, 11, 25)) == start
    report = build_weekly_report(engine, seeded, start)
    assert report.week == "2026-W47" and report.end == date(2026, 11, 22)
    # totals agree with the store
    with engine.connect() as conn:
        facts = store.post_facts(conn, seeded.id, None, _utc(start), _utc(start + timedelta(7)))
    assert sum(c.posts for c in report.channels) == len(facts)
    assert f"{len(facts)} post" in report.summary[0]
    assert report.top_posts[0].engagements >= report.top_posts[-1].engagements
    assert len(report.goals) == 4
    campaign_week = [c for c in demo.CAMPAIGN if start <= c.at.date() <= report.end]
    assert len(report.plan) == len(campaign_week)
    assert {b["channel"] for b in report.best_times} >= {"x:@kemenpantara"}
    # a metric a platform's export lacks is "not available", never 0
    missing = {c.channel for c in report.channels if c.reach is None}
    assert missing  # the demo's TikTok export has no reach
    assert all(c.platform in ("tiktok", "x", "youtube") for c in report.channels if c.reach is None)
    shown = {channel_name(c) for c in missing}  # the tables name the platform: TikTok @akun
    rows = [row for row in tables(report)[0][2] if row[0] in shown]
    assert len(rows) == len(missing) and all(row[2] == "– (tidak tersedia)" for row in rows)
    # ...in the summary (the reach named is of the accounts that report it) and the plan
    posting_missing = [
        channel_name(c.channel) for c in report.channels if c.reach is None and c.posts
    ]
    assert (
        f"tanpa {', '.join(posting_missing)}: ekspornya tidak memuat jangkauan"
        in (report.summary[0])
    )
    plan_rows = next(rows for title, _h, rows in tables(report) if title == "Rencana vs realisasi")
    for plan, row in zip(report.plan, plan_rows, strict=True):
        assert row[6] == ("– (tidak tersedia)" if plan["reach"] is None else plan["reach"])
        assert plan["reach"] != 0
    files = write_weekly_report(report, tmp_path / "out")
    assert [p.suffix for p in files] == [".pdf", ".docx", ".xlsx"]
    assert files[0].read_bytes().startswith(b"%PDF")
    from docx import Document
    from openpyxl import load_workbook

    text = "\n".join(p.text for p in Document(str(files[1])).paragraphs)
    assert report.summary[0] in text
    book = load_workbook(files[2])
    assert book.sheetnames[:3] == ["Ringkasan", "Kinerja per akun", "Post terbaik"]
    assert book["Kinerja per akun"].max_row == len(report.channels) + 1


def _utc(day: date) -> datetime:
    return datetime(day.year, day.month, day.day) - timedelta(hours=7)  # WIB midnight
