"""Read queries for the dashboard's overview that stay fast at millions of posts: they read
the hourly rollups (topic 0: all posts) grouped into local days inside the database, plus the
few posts stored since the last rollup run."""

from __future__ import annotations

from sqlalchemy import Connection, and_, func, literal_column, select

from pantau.store.monitor import stage_position
from pantau.store.schema import post_enrichment, posts, rollup_hourly


def _local_day(conn: Connection, column, offset_hours: int):  # type: ignore[no-untyped-def]
    if conn.dialect.name == "sqlite":
        return func.strftime("%Y-%m-%d", column, f"{offset_hours:+d} hours")
    shifted = column + literal_column(f"interval '{int(offset_hours)} hours'")
    return func.to_char(shifted, "YYYY-MM-DD")


def daily_counts(
    conn: Connection, workspace_id: int, offset_hours: int
) -> tuple[int, list[tuple[str, str, str, int]]]:
    """The rollup stage's position (0: never run) and (local day, platform, sentiment, posts)
    for a workspace whose zone is ``offset_hours`` from UTC all year (Indonesia's zones have
    no daylight saving time). Sentiment is ``unknown`` for posts not enriched."""
    position = stage_position(conn, workspace_id, "rollup")
    if not position:
        return 0, []
    day = _local_day(conn, rollup_hourly.c.hour, offset_hours)
    stmt = (
        select(
            day,
            rollup_hourly.c.platform,
            rollup_hourly.c.sentiment,
            func.sum(rollup_hourly.c.posts),
        )
        .where(rollup_hourly.c.workspace_id == workspace_id, rollup_hourly.c.topic_id == 0)
        .group_by(day, rollup_hourly.c.platform, rollup_hourly.c.sentiment)
    )
    rows = [(str(d), p, s, int(n)) for d, p, s, n in conn.execute(stmt)]
    if not rows:
        return position, []
    fresh_day = _local_day(conn, posts.c.created_at, offset_hours)
    fresh = (
        select(fresh_day, posts.c.platform, post_enrichment.c.sentiment, func.count())
        .select_from(
            posts.outerjoin(
                post_enrichment,
                and_(
                    post_enrichment.c.workspace_id == posts.c.workspace_id,
                    post_enrichment.c.post_id == posts.c.id,
                ),
            )
        )
        .where(posts.c.workspace_id == workspace_id, posts.c.id > position)
        .group_by(fresh_day, posts.c.platform, post_enrichment.c.sentiment)
    )
    rows.extend((str(d), p, s or "unknown", int(n)) for d, p, s, n in conn.execute(fresh))
    return position, rows


def change_marker(conn: Connection, workspace_id: int) -> tuple[int, int, int]:
    """Cheap numbers that change whenever the overview's figures can: the rollup position,
    the newest post id of the whole database (an index lookup, unlike the newest of one
    workspace) and how many posts after the rollup position have been enriched."""
    position = stage_position(conn, workspace_id, "rollup")
    newest = conn.execute(select(func.coalesce(func.max(posts.c.id), 0))).scalar_one()
    enriched = conn.execute(
        select(func.count()).where(
            post_enrichment.c.workspace_id == workspace_id, post_enrichment.c.post_id > position
        )
    ).scalar_one()
    return position, int(newest), int(enriched)
