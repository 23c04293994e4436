"""``pantau run`` with awkward data: posts from the future, hours without posts, and a burst
of 100,000 identical posts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, insert, select
from tests.monitor._monitor_data import store_posts
from tests.monitor.test_issues import CHATTER, T0

from pantau.monitor.issues import list_issues
from pantau.monitor.run import run_monitoring
from pantau.records import PostRecord, Workspace
from pantau.store.posts import write_posts
from pantau.store.schema import post_enrichment, posts
from pantau.text.normalize import normalize


def _chatter(hours: range, per_hour: int = 20, start: datetime = T0) -> list:
    return [
        (
            f"c{start:%m%d}-{h}-{i}",
            start + timedelta(hours=h, minutes=i * (60 // per_hour)),
            f"u{(h * per_hour + i) % 50}",
            f"{CHATTER[(h + i) % len(CHATTER)]} {i % 7}",
        )
        for h in hours
        for i in range(per_hour)
    ]


def test_posts_from_the_future_wait_for_their_time(engine: Engine, workspace: Workspace) -> None:
    store_posts(engine, workspace, _chatter(range(30)))
    wrong_clock = datetime(2031, 1, 1, 12, 0)
    store_posts(engine, workspace, [("f1", wrong_clock, "jamrusak", "jam server salah tahun")])
    summary = run_monitoring(engine, workspace)
    assert summary.future_posts == 1
    assert summary.now is not None and summary.now < T0 + timedelta(hours=30)
    assert 0 < summary.evaluated_hours <= 30  # not five years of empty hours
    assert list_issues(engine, workspace) == []
    # Running again is stable, and the future post is still reported.
    again = run_monitoring(engine, workspace)
    assert again.future_posts == 1 and again.evaluated_hours <= 1


def test_hours_without_posts_and_a_now_before_any_post(
    engine: Engine, workspace: Workspace
) -> None:
    assert run_monitoring(engine, workspace, now=T0).evaluated_hours == 0
    store_posts(engine, workspace, _chatter(range(20)))
    before = run_monitoring(engine, workspace, now=T0 - timedelta(days=3))
    assert before.evaluated_hours == 0 and list_issues(engine, workspace) == []
    # Three silent days, then ordinary chatter again: no issue, no crash.
    store_posts(engine, workspace, _chatter(range(20), start=T0 + timedelta(days=4)))
    summary = run_monitoring(engine, workspace)
    assert summary.evaluated_hours > 0
    assert list_issues(engine, workspace) == []
    assert summary.volume_anomalies == []


def test_a_burst_of_100000_identical_posts_is_one_campaign(
    engine: Engine, workspace: Workspace
) -> None:
    store_posts(engine, workspace, _chatter(range(24)))
    text = "Bantuan pupuk GRATIS hanya hari ini, daftar lewat tautan berikut #PupukGratis"
    normalized = normalize(text).text
    start = T0 + timedelta(hours=24)
    n = 100_000
    records = [
        PostRecord(
            platform="x",
            external_id=f"same{i}",
            key_kind="id",
            created_at=start + timedelta(seconds=i * 0.07),  # within two hours
            collected_at=start,
            text=text,
            raw="{}",
            raw_format="test",
            author=f"bot{i % 2000}",
            author_followers=10,
        )
        for i in range(n)
    ]
    with engine.begin() as conn:
        write_posts(conn, workspace.id, records)
        ids = conn.execute(select(posts.c.id).where(posts.c.external_id.like("same%"))).scalars()
        now = datetime.now(UTC).replace(tzinfo=None)
        conn.execute(
            insert(post_enrichment),
            [
                {
                    "workspace_id": workspace.id,
                    "post_id": post_id,
                    "normalized_text": normalized,
                    "language": "id",
                    "sentiment": "neutral",
                    "sentiment_score": 0.9,
                    "polarity": 0.0,
                    "emotion": "none",
                    "emotion_score": 1.0,
                    "entities": [],
                    "model_version": "test",
                    "enriched_at": now,
                }
                for post_id in ids
            ],
        )
    summary = run_monitoring(engine, workspace)
    assert summary.posts == n + 24 * 20
    found = list_issues(engine, workspace)
    assert len(found) == 1, [r["label"] for r in found]
    metrics = found[0]["metrics"]
    assert metrics["posts"] >= 0.99 * n
    assert metrics["unique_messages"] == 1 and metrics["largest_copies"] >= 0.99 * n
    assert metrics["unique_authors"] == 2000
    assert "#pupukgratis" in metrics["key_terms"]
    assert found[0]["label"].startswith("Bantuan pupuk GRATIS hanya hari ini")
    # Running again adds nothing.
    assert run_monitoring(engine, workspace).issues_new == 0
    assert len(list_issues(engine, workspace)) == 1


def test_stray_old_and_far_future_posts_do_not_drag_detection_or_break_rollups(
    engine: Engine, workspace: Workspace
) -> None:
    store_posts(engine, workspace, _chatter(range(30)))
    stray = [
        ("old1", datetime(1990, 5, 1, 8), "arsip", "arsip lama tahun sembilan puluhan"),
        ("old0", datetime(1970, 1, 1), "nol", "tanggal kosong dari ekspor"),
        ("far", datetime(2999, 12, 31, 23, 59, 59), "rusak", "tahun dua ribu sembilan ratus"),
    ]
    store_posts(engine, workspace, stray)  # stored as --allow-dates would (within 1900-2999)
    summary = run_monitoring(engine, workspace)
    assert summary.skipped_before is not None and summary.skipped_before > datetime(2000, 1, 1)
    assert summary.evaluated_hours <= 31  # not 36 years of hours
    assert summary.future_posts == 1
    again = run_monitoring(engine, workspace)  # nothing left pending, nothing crashes
    assert again.evaluated_hours <= 1
    backfill = run_monitoring(engine, workspace, backfill=T0 - timedelta(hours=2))
    assert backfill.skipped_before is None and backfill.evaluated_hours >= 30


def test_a_now_before_the_last_evaluated_hour_is_reported(
    engine: Engine, workspace: Workspace
) -> None:
    store_posts(engine, workspace, _chatter(range(30)))
    run_monitoring(engine, workspace)
    late = run_monitoring(engine, workspace, now=T0 + timedelta(hours=5))
    assert late.stale_now and late.evaluated_hours == 0


def test_now_honours_its_offset() -> None:
    from pantau.locale import parse_utc

    assert parse_utc("2026-11-18T07:00:00+07:00") == datetime(2026, 11, 18, 0, 0)
    assert parse_utc("2026-11-18T07:00:00") == datetime(2026, 11, 18, 7, 0)
    assert parse_utc(" 2026-11-18T07:00Z ") == datetime(2026, 11, 18, 7, 0)
