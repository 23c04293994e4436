"""Metric formulas against values worked out by hand."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from pantau.outreach.importer import OutreachImportSummary
from pantau.outreach.metrics import (
    channel_metrics,
    compute_rates,
    engagements,
    follower_growth,
    summarise,
)
from pantau.records import Workspace
from pantau.store.outreach_records import Channel, PostFacts


def post(
    published: datetime = datetime(2026, 11, 17, 3),
    channel_id: int = 1,
    post_type: str | None = "image",
    **metrics: int | None,
) -> PostFacts:
    fields = ("views", "reach", "impressions", "likes", "comments", "shares", "saves", "clicks")
    values = {f: metrics.get(f) for f in fields}
    return PostFacts(channel_id, f"p{id(metrics)}", published, True, post_type, **values)


P1 = post(likes=100, comments=10, shares=5, saves=5, reach=1000, views=2000)  # 120 engagements
P2 = post(likes=50, comments=0, shares=10, reach=500, impressions=800)  # 60
P3 = post(reach=300)  # nothing known about engagement


def test_engagements_add_likes_comments_shares_saves() -> None:
    assert (engagements(P1), engagements(P2), engagements(P3)) == (120, 60, None)


def test_rates_by_hand() -> None:
    rates = {(r.name, r.denominator): r for r in compute_rates([P1, P2, P3], followers=2000)}
    er_reach = rates[("engagement_rate", "reach")]
    assert er_reach.value == pytest.approx((120 + 60) / (1000 + 500))  # 0.12
    assert (er_reach.posts, er_reach.numerator_total, er_reach.denominator_total) == (2, 180, 1500)
    assert rates[("engagement_rate", "views")].value == pytest.approx(120 / 2000)
    assert rates[("engagement_rate", "views")].posts == 1
    assert rates[("engagement_rate", "impressions")].value == pytest.approx(60 / 800)
    assert rates[("engagement_rate", "followers")].value == pytest.approx(180 / 2 / 2000)
    assert rates[("conversation_rate", "followers")].value == pytest.approx((10 + 0) / 2 / 2000)
    assert rates[("amplification_rate", "followers")].value == pytest.approx((5 + 10) / 2 / 2000)
    assert rates[("applause_rate", "followers")].value == pytest.approx((100 + 50) / 2 / 2000)


def test_rates_by_followers_need_a_follower_count() -> None:
    for rate in compute_rates([P1, P2], followers=None):
        if rate.denominator == "followers":
            assert rate.value is None and rate.note == "jumlah pengikut belum ada"
        else:
            assert rate.value is not None


def test_follower_growth_names_its_source() -> None:
    d1, d2 = date(2026, 11, 1), date(2026, 11, 30)
    g = follower_growth({"followers": [(d1, 1000.0), (d2, 1100.0)]})
    assert g is not None and (g.change, g.percent, g.basis) == (
        100,
        pytest.approx(0.1),
        "followers",
    )
    assert follower_growth({"followers": [(d1, 1000.0), (d2, 1100.0)]}, lo=d2) is not None
    assert follower_growth({"followers": [(d1, 1000.0)]}) is None  # one count is no growth
    g = follower_growth({"follower_change": [(d1, 25.0), (d2, -5.0)]})
    assert g is not None and (g.change, g.percent, g.basis) == (20, None, "follower_change")
    g = follower_growth({"new_followers": [(d1, 30.0)], "unfollows": [(d2, 4.0)]})
    assert g is not None and (g.change, g.basis) == (26, "new_followers-unfollows")
    assert follower_growth({"reach": [(d1, 5.0)]}) is None


def test_groups_by_platform_format_and_month_use_followers_at_period_end() -> None:
    channels = {1: Channel(1, "instagram", "a", "A"), 2: Channel(2, "instagram", "b", None)}
    posts = [
        post(datetime(2026, 10, 20, 3), 1, "reel", likes=10, reach=100),
        post(datetime(2026, 10, 31, 18), 1, "reel", likes=30, reach=100),  # 1 Nov 01.00 WIB
        post(datetime(2026, 11, 2, 3), 2, "image", likes=5, reach=50),
    ]
    daily = [
        (1, "followers", date(2026, 10, 31), 1000.0),
        (1, "followers", date(2026, 11, 30), 1200.0),
        (2, "followers", date(2026, 11, 15), 300.0),
    ]
    groups = summarise(posts, channels, daily, ["format", "month"], "Asia/Jakarta")
    keyed = {tuple(g.key.values()): g for g in groups}
    assert set(keyed) == {("instagram:A", "reel", "2026-10"), ("instagram:A", "reel", "2026-11"),
                          ("instagram:@b", "image", "2026-11")}  # fmt: skip
    october = keyed[("instagram:A", "reel", "2026-10")]
    assert (october.posts, october.followers) == (1, 1000)
    assert october.rate("applause_rate", "followers").value == pytest.approx(10 / 1 / 1000)
    november = keyed[("instagram:A", "reel", "2026-11")]
    assert november.followers == 1200 and november.growth is not None
    assert november.growth.change == 200  # 30 Nov minus the last count before November
    platform = summarise(posts, channels, daily, ["platform"], "Asia/Jakarta")
    assert len(platform) == 1 and platform[0].followers == 1200 + 300
    assert platform[0].rate("engagement_rate", "reach").value == pytest.approx(45 / 250)


def test_channel_metrics_from_imported_files(
    engine: Engine,
    workspace: Workspace,
    run_import: Callable[..., list[OutreachImportSummary]],
    fx: Path,
) -> None:
    run_import(
        fx / "instagram_posts.csv",
        fx / "meta_instagram_followers_daily.csv",
        channel="ig:diskominfo.sukamaju",
    )
    group = channel_metrics(engine, workspace).groups[0]
    eng = (1204 + 45 + 88 + 130) + (2310 + 120 + 410 + 1020) + (210 + 33 + 15 + 12)
    assert (group.posts, group.totals["engagements"], group.followers) == (3, eng, 20287)
    assert group.rate("engagement_rate", "reach").value == pytest.approx(
        eng / (8765 + 30002 + 4300)
    )
    assert group.rate("engagement_rate", "views").value == pytest.approx(
        eng / (12345 + 45210 + 6120)
    )
    assert group.rate("engagement_rate", "followers").value == pytest.approx(eng / 3 / 20287)
    assert group.growth is not None and (group.growth.start, group.growth.end) == (20110, 20287)
    late = channel_metrics(engine, workspace, since=date(2026, 11, 18)).groups[0]
    assert late.posts == 1 and late.totals["engagements"] == 210 + 33 + 15 + 12
