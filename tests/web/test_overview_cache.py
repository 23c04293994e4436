"""The overview is remembered between pipeline runs and follows every change of its data."""

from __future__ import annotations

from datetime import datetime

from tests.web.conftest import make_posts, seed_posts

from pantau.monitor.run import run_monitoring
from pantau.web.views import overview


def test_overview_follows_new_posts_enrichment_and_rollups(world) -> None:
    run_monitoring(world.engine, world.a)
    first = overview(world.engine, world.a)
    assert first.stats.posts == 31
    assert overview(world.engine, world.a).stats == first.stats  # remembered
    seed_posts(world.engine, world.a, make_posts(4, "baru", datetime(2026, 11, 20, 3, 0)))
    after_posts = overview(world.engine, world.a)
    assert after_posts.stats.posts == 35  # new posts show before the next rollup run
    from pantau.text.stage import enrich_posts, load_models

    enrich_posts(world.engine, world.a, load_models(world.settings.data_dir, world.a))
    enriched = overview(world.engine, world.a)
    assert sum(sum(d.values()) for d in enriched.sentiment_by_day.values()) > sum(
        sum(d.values()) for d in after_posts.sentiment_by_day.values()
    )
    run_monitoring(world.engine, world.a)
    assert overview(world.engine, world.a).stats.posts == 35
