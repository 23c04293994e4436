"""Channeling ranks platforms and formats from priors blended with the account's own results;
the audience report finds the target segments no account reaches."""

from __future__ import annotations

import math
import random
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine

from pantau.errors import PantauError
from pantau.outreach.audience import audience_report, check_audience, save_audience
from pantau.outreach.channeling import (
    AccountHistory,
    ContentRequest,
    history_of,
    rank,
    recommend,
)
from pantau.outreach.priors import CHANNELING, OBJECTIVE_FIT
from pantau.records import Workspace
from pantau.store.outreach_records import Audience, Channel, PostFacts

from .plans import add_audience, add_posts, channel, post

START = datetime(2026, 9, 1, 3)


def _facts(channel_id: int, fmt: str, n: int, level: float, seed: int) -> list[PostFacts]:
    rnd = random.Random(seed)
    return [
        PostFacts(
            channel_id,
            f"{fmt}{seed}-{i}",
            START + timedelta(hours=i),
            True,
            fmt,
            None,
            1000,
            None,
            round(level * math.exp(rnd.gauss(0, 0.2))),
            0,
            0,
            0,
            None,
        )
        for i in range(n)
    ]


def test_without_history_the_prior_decides() -> None:
    tiktok, yt, x = (
        Channel(1, "tiktok", "a", None),
        Channel(2, "youtube", "b", None),
        Channel(3, "x", "c", None),
    )
    short = rank(ContentRequest("short_video"), [x, yt, tiktok], {}, {})
    assert [r.platform for r in short][:3] == ["tiktok", "youtube", "x"]
    long = rank(ContentRequest("long_video"), [x, yt, tiktok], {}, {})
    assert long[0].platform == "youtube" and long[0].format == "video"
    assert all("pola bawaan" in r.explanation for r in long)
    thread = rank(ContentRequest("thread", "reputation"), [x, yt, tiktok], {}, {})
    assert [r.platform for r in thread] == ["x"]  # nobody else does threads


def test_own_results_move_the_ranking_and_are_explained() -> None:
    ig = Channel(1, "instagram", "dinas", None)
    # This account's carousels do 4× its reels; the prior prefers reels for short video but
    # carousels for infographics; for a photo story carousel is first anyway.
    facts = _facts(1, "reel", 60, 50, 1) + _facts(1, "carousel", 60, 200, 2)
    hist = history_of(facts, {})
    assert hist is not None
    ranked = rank(ContentRequest("infographic"), [ig], {1: hist}, {}, top=5)
    assert ranked[0].format == "carousel"
    assert ranked[0].format_lift > 1.5
    assert "carousel mendapat engagement" in ranked[0].explanation
    assert "(60 post)" in ranked[0].explanation
    # few posts barely move the prior: shrinkage
    thin = history_of(_facts(1, "reel", 2, 50, 3) + _facts(1, "carousel", 2, 200, 4), {})
    assert thin is not None
    strong = rank(ContentRequest("infographic"), [ig], {1: hist}, {})[0].format_lift
    weak = rank(ContentRequest("infographic"), [ig], {1: thin}, {})[0].format_lift
    assert 1.0 < weak < strong


def test_pillar_history_and_audience_fit_count() -> None:
    a, b = Channel(1, "facebook", "a", None), Channel(2, "facebook", "b", None)
    same = AccountHistory(math.log(100), 1000.0, {"image": [0.0] * 20}, {})
    pillar = AccountHistory(math.log(100), 1000.0, {"image": [0.0] * 20}, {"pangan": [1.0] * 30})
    request = ContentRequest("photo_story", "engagement", None, "Pangan")
    ranked = rank(request, [a, b], {1: same, 2: pillar}, {})
    assert ranked[0].channel_id == 2 and ranked[0].pillar_lift and ranked[0].pillar_lift > 2
    fit = rank(ContentRequest("photo_story"), [a, b], {1: same, 2: same}, {1: 0.6, 2: 0.1})
    assert fit[0].channel_id == 1 and "audiens sasaran 60%" in fit[0].explanation


def test_recommend_from_the_store(engine: Engine, workspace: Workspace) -> None:
    ig = channel(engine, workspace, "instagram", "dinas")
    tt = channel(engine, workspace, "tiktok", "dinas")
    add_posts(
        engine, workspace, ig,
        [post(f"r{i}", START + timedelta(days=i), post_type="reel", likes=900) for i in range(30)]
        + [post(f"c{i}", START + timedelta(days=i, hours=2), post_type="carousel", likes=100)
           for i in range(30)],
    )  # fmt: skip
    add_posts(
        engine, workspace, tt,
        [post(f"t{i}", START + timedelta(days=i), post_type="video", likes=50) for i in range(30)],
    )  # fmt: skip
    result = recommend(engine, workspace, ContentRequest("short_video", "engagement"))
    assert result.recommendations[0].channel == ig.label
    assert result.recommendations[0].format == "reel"
    assert {r.platform for r in result.recommendations} == {"instagram", "tiktok"}
    assert result.as_dict()["recommendations"][0]["explanation"]
    with pytest.raises(PantauError, match="jenis konten"):
        recommend(engine, workspace, ContentRequest("podcast"))


def test_without_accounts_every_platform_is_ranked_by_prior(
    engine: Engine, workspace: Workspace
) -> None:
    result = recommend(engine, workspace, ContentRequest("live", "reputation"), top=10)
    table, weights = CHANNELING["live"], OBJECTIVE_FIT["reputation"]
    expected = sorted(table, key=lambda p: -table[p][0] * weights[p])
    assert [r.platform for r in result.recommendations][:5] == expected
    assert result.notes and "pola bawaan" in result.notes[0]


def test_audience_report_finds_gaps(engine: Engine, workspace: Workspace) -> None:
    fb = channel(engine, workspace, "facebook", "dinas")
    tt = channel(engine, workspace, "tiktok", "dinas")
    add_audience(
        engine, workspace, fb, "age_gender",
        {"F 25-34": 0.3, "M 25-34": 0.3, "F 35-44": 0.2, "M 35-44": 0.17, "F 65+": 0.01,
         "M 65+": 0.02},
    )  # fmt: skip
    add_audience(
        engine, workspace, fb, "city",
        {"Sukamaju, Jawa Barat, Indonesia": 0.4, "Jakarta, Indonesia": 0.1},
    )  # fmt: skip
    add_audience(engine, workspace, tt, "gender", {"female": 0.6, "male": 0.4})
    target = save_audience(
        engine, workspace, "Ibu muda Sukamaju", ["25-34", "65+"], ["F"], ["Sukamaju", "Papua"]
    )
    report = audience_report(engine, workspace, target)
    by = {f.platform: f for f in report.channels}
    assert by["facebook"].demographic_share == pytest.approx(0.31)
    assert by["facebook"].region_share == pytest.approx(0.4)
    assert by["facebook"].coverage == pytest.approx(0.31 * 0.4)
    assert not by["facebook"].estimated
    assert by["tiktok"].estimated and by["tiktok"].region_share is None
    # TikTok gives gender only: the platform's age skew stands in, scaled by its 60% women
    assert 0.1 < by["tiktok"].demographic_share < 0.6
    gaps = " | ".join(report.gaps)
    assert "usia 65+ perempuan" in gaps and "wilayah Papua" in gaps
    assert "usia 25-34 perempuan" not in gaps and "wilayah Sukamaju" not in gaps


def test_audience_validation() -> None:
    assert check_audience(["25 - 34", "18-24"], ["female", "M"]) == (["18-24", "25-34"], ["F", "M"])
    with pytest.raises(PantauError, match="kelompok usia"):
        check_audience(["20-30"], [])
    with pytest.raises(PantauError, match="jenis kelamin"):
        check_audience([], ["X"])
    assert Audience(1, "a", (), (), ()).ages == ()
