"""Best time to post: a planted pattern is recovered; thin history falls back on the prior;
follower activity shapes the prior; growth over the year is not mistaken for a good hour."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine

from pantau.outreach.besttime import (
    MIN_POSTS_FOR_ADVICE,
    THIN_CELL,
    TimedPost,
    activity_prior,
    channel_best_time,
    estimate,
)
from pantau.outreach.channels import find_channel
from pantau.outreach.importer import OutreachImportSummary
from pantau.outreach.priors import platform_prior
from pantau.records import Workspace

START = datetime(2026, 1, 1)


def synthetic(
    n: int, lift: Callable[[datetime], float], seed: int = 1, hours: range = range(24)
) -> list[TimedPost]:
    """A year of posts at random times whose engagement is ``200 × lift × noise``."""
    rnd = random.Random(seed)
    posts = []
    for _ in range(n):
        when = START + timedelta(days=rnd.randrange(365), hours=rnd.choice(hours))
        when += timedelta(minutes=rnd.randrange(60))
        noise = math.exp(rnd.gauss(0, 0.4))
        posts.append(TimedPost(when, round(200 * lift(when) * noise)))
    return posts


def test_a_planted_slot_is_recovered() -> None:
    def lift(t: datetime) -> float:
        return 3.0 if (t.weekday(), t.hour) == (2, 10) else 1.0  # Wednesday 10.00

    result = estimate(synthetic(2000, lift), platform_prior("instagram"), top=3)
    best = result.top[0]
    assert (best.weekday, best.hour, best.label) == (2, 10, "Rabu 10.00")
    assert best.posts >= THIN_CELL and not best.thin
    assert best.index > 2 * result.cell(2, 9).index
    assert best.expected_engagements is not None and 300 < best.expected_engagements < 800
    assert not result.thin and len(result.cells) == 7 * 24


def test_an_account_wide_morning_habit_is_recovered() -> None:
    def lift(t: datetime) -> float:
        return 2.0 if t.hour in (6, 7) else 1.0

    result = estimate(synthetic(1500, lift, seed=2), platform_prior("instagram"), top=7)
    assert {s.hour for s in result.top} <= {6, 7}


def test_thin_history_stays_close_to_the_prior() -> None:
    prior = platform_prior("tiktok")
    empty = estimate([], prior)
    assert empty.thin and empty.typical_engagements is None
    assert (empty.top[0].hour, empty.top[0].posts, empty.top[0].thin) == (20, 0, True)
    few = estimate(synthetic(5, lambda t: 1.0, seed=3), prior)
    assert few.thin and few.notes[0].startswith("data tipis: baru 5 post")
    # Same shape as the prior (the level moves: it is relative to the account's typical post).
    shift = [math.log(c.index / b.index) for c, b in zip(few.cells, empty.cells, strict=True)]
    assert max(shift) - min(shift) < 0.25


def test_growth_over_the_year_is_not_taken_for_a_good_hour() -> None:
    """Early posts go out in the morning, late ones in the evening, and the account grows
    fourfold: the evening must not look better than the prior says."""
    rnd = random.Random(4)
    posts = []
    for day in range(365):
        growth = 4 ** (day / 365)
        evening = rnd.random() < day / 365
        when = START + timedelta(days=day, hours=20 if evening else 8)
        posts.append(TimedPost(when, round(200 * growth * math.exp(rnd.gauss(0, 0.3)))))
    prior = platform_prior("facebook")
    result = estimate(posts, prior)
    learned = math.log(result.cell(0, 20).index / result.cell(0, 8).index)
    assumed = prior[0][20] - prior[0][8]
    assert abs(learned - assumed) < 0.15


def test_follower_activity_shapes_the_prior() -> None:
    rows = [
        (f"{h:02d}", date(2026, 11, 11) + timedelta(days=d), 1000.0 if h == 5 else 50.0)
        for d in range(7)
        for h in range(24)
    ]
    found = activity_prior(rows)
    assert found is not None
    grid, days = found
    assert days == 7 and max(range(24), key=lambda h: grid[0][h]) == 5
    blended = [[(p + g) / 2 for p, g in zip(pr, gr, strict=True)]
               for pr, gr in zip(platform_prior("tiktok"), grid, strict=True)]  # fmt: skip
    assert estimate([], blended).top[0].hour == 5
    assert activity_prior(rows[:10]) is None  # not every hour known


def test_best_time_of_an_imported_tiktok_account(
    engine: Engine,
    workspace: Workspace,
    run_import: Callable[..., list[OutreachImportSummary]],
    zipped: Callable[[str], Path],
) -> None:
    run_import(zipped("tiktok"), downloaded=date(2026, 11, 18))
    with engine.connect() as conn:
        channel = find_channel(conn, workspace.id, "@diskominfosukamaju")
    result = channel_best_time(engine, workspace, channel)
    assert result.posts_used == 2 and result.thin
    assert result.prior == "pola bawaan platform + aktivitas pengikut (7 hari)"
    sunday_7pm = result.cell(6, 19)  # 15 Nov 2026 19.02 WIB was a Sunday
    assert sunday_7pm.posts == 1 and sunday_7pm.thin
    assert result.as_dict()["top"][0]["label"] == result.top[0].label


def test_hours_are_advised_only_with_enough_posts_behind_them() -> None:
    def lift(t: datetime) -> float:
        return 3.0 if (t.weekday(), t.hour) == (2, 10) else 1.0

    rich = estimate(synthetic(2000, lift), platform_prior("instagram"), top=3)
    assert rich.advice[0].label == "Rabu 10.00"
    assert len(rich.advice) == 3 and all(s.posts >= THIN_CELL for s in rich.advice)
    few = estimate(synthetic(MIN_POSTS_FOR_ADVICE - 1, lift), platform_prior("instagram"), top=3)
    assert few.top and few.advice == []  # the map is still drawn, no hour is advised
