"""Read queries for the dashboard's overview that stay fast at millions of posts: they read
the daily rollups (per local day; topic 0: all posts) of the period shown, plus the few posts
stored since the last rollup run.

The period is given twice: ``first_day`` (the workspace's local day, ``None``: no lower
bound) bounds ``day`` in the daily rollups, whose primary key leads with workspace, topic
and day, so a 30-day overview reads 30 days of rollups whatever the workspace's age;
``since`` (naive UTC) bounds ``created_at`` of the posts (the ``(workspace_id, created_at)``
index) and of the topic matches."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    ColumnElement,
    Connection,
    String,
    and_,
    func,
    literal_column,
    select,
    type_coerce,
)

from pantau.store.monitor import fixed_offset_hours, local_day, stage_position
from pantau.store.schema import post_enrichment, posts, rollup_daily, topic_matches


def _local_day(
    conn: Connection, column: ColumnElement[Any], offset_hours: int
) -> ColumnElement[Any]:
    if conn.dialect.name == "sqlite":
        return func.strftime("%Y-%m-%d", column, f"{offset_hours:+d} hours")
    shifted = column + literal_column(f"interval '{int(offset_hours)} hours'")
    return func.to_char(shifted, "YYYY-MM-DD")


def _utc_hour(conn: Connection, column: ColumnElement[Any]) -> ColumnElement[Any]:
    if conn.dialect.name == "sqlite":
        return func.strftime("%Y-%m-%d %H:00:00", column)
    return func.date_trunc("hour", column)


def _as_datetime(value: object) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def _day_rows(
    conn: Connection, workspace_id: int, first_day: date | None
) -> list[tuple[str, str, str, int]]:
    """(local day, platform, sentiment, posts) of the all-posts daily rollup from
    ``first_day`` on."""
    d = rollup_daily.c
    where: list[ColumnElement[bool]] = [d.workspace_id == workspace_id, d.topic_id == 0]
    if first_day is not None:
        where.append(d.day >= first_day)
    day = type_coerce(d.day, String) if conn.dialect.name == "sqlite" else d.day
    stmt = select(day, d.platform, d.sentiment, d.posts).where(*where)
    return [(_iso_day(t), p, s, int(n)) for t, p, s, n in conn.execute(stmt)]


def _iso_day(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)[:10]


def _post_rows(
    conn: Connection,
    workspace_id: int,
    bucket: ColumnElement[Any],
    after_id: int,
    since: datetime | None,
) -> list:
    """(bucket, platform, sentiment or None, posts) of the posts with ``id > after_id``.

    With ``after_id`` (a few posts since the last rollup run) the primary key's range must
    drive the query: the workspace and time conditions are wrapped so that no planner picks
    the ``(workspace_id, created_at)`` index, which would read every post of the period."""
    if after_id:
        where: list[ColumnElement[bool]] = [
            posts.c.id > after_id,
            func.coalesce(posts.c.workspace_id, 0) == workspace_id,
        ]
        if since is not None:
            where.append(func.coalesce(posts.c.created_at, posts.c.created_at) >= since)
    else:
        where = [posts.c.workspace_id == workspace_id]
        if since is not None:
            where.append(posts.c.created_at >= since)
    stmt = (
        select(bucket, posts.c.platform, post_enrichment.c.sentiment, func.count())
        .select_from(
            posts.outerjoin(
                post_enrichment,
                and_(
                    post_enrichment.c.workspace_id == posts.c.workspace_id,
                    post_enrichment.c.post_id == posts.c.id,
                ),
            )
        )
        .where(*where)
        .group_by(bucket, posts.c.platform, post_enrichment.c.sentiment)
    )
    return list(conn.execute(stmt))


def daily_counts(
    conn: Connection,
    workspace_id: int,
    timezone: str,
    first_day: date | None = None,
    since: datetime | None = None,
) -> tuple[int, list[tuple[str, str, str, int]]]:
    """The rollup stage's position (0: never run) and (local day, platform, sentiment, posts)
    from the local day ``first_day`` on: the daily rollups, plus the posts stored after the
    position from ``since`` (naive UTC) on, grouped into local days in the database for a
    zone with a fixed whole-hour offset (Indonesia's zones have no daylight saving time),
    else by UTC hour and then in Python. Sentiment is ``unknown`` for posts not enriched.
    Nothing (and position 0) before the first rollup run; no rows when the rollups hold
    nothing from ``first_day`` on."""
    position = stage_position(conn, workspace_id, "rollup")
    if not position:
        return 0, []
    rows = _day_rows(conn, workspace_id, first_day)
    if not rows:
        return position, []
    offset = fixed_offset_hours(timezone)
    if offset is not None:
        fresh_day = _local_day(conn, posts.c.created_at, offset)
        fresh = _post_rows(conn, workspace_id, fresh_day, position, since)
        rows.extend((str(d), p, s or "unknown", int(n)) for d, p, s, n in fresh)
        return position, rows
    zone = ZoneInfo(timezone)
    hour = _utc_hour(conn, posts.c.created_at)
    for h, p, s, n in _post_rows(conn, workspace_id, hour, position, since):
        rows.append((local_day(_as_datetime(h), zone).isoformat(), p, s or "unknown", int(n)))
    return position, rows


def post_daily_counts(
    conn: Connection, workspace_id: int, offset_hours: int, since: datetime | None = None
) -> list[tuple[str, str, str, int]]:
    """(local day, platform, sentiment, posts) counted from the posts themselves (before the
    first rollup run); sentiment ``unknown`` for posts not enriched."""
    day = _local_day(conn, posts.c.created_at, offset_hours)
    return [
        (str(d), p, s or "unknown", int(n))
        for d, p, s, n in _post_rows(conn, workspace_id, day, 0, since)
    ]


def post_hourly_counts(
    conn: Connection, workspace_id: int, since: datetime | None = None
) -> list[tuple[datetime, str, str, int]]:
    """Like :func:`post_daily_counts` in UTC hours."""
    hour = _utc_hour(conn, posts.c.created_at)
    return [
        (_as_datetime(h), p, s or "unknown", int(n))
        for h, p, s, n in _post_rows(conn, workspace_id, hour, 0, since)
    ]


def first_post_since(conn: Connection, workspace_id: int, since: datetime) -> datetime | None:
    """The time of the workspace's first post at or after ``since`` (an index seek)."""
    found = conn.execute(
        select(func.min(posts.c.created_at)).where(
            posts.c.workspace_id == workspace_id, posts.c.created_at >= since
        )
    ).scalar_one()
    return None if found is None else _as_datetime(found)


def topic_counts(
    conn: Connection,
    workspace_id: int,
    topic_ids: Sequence[int],
    position: int,
    since: datetime | None = None,
    first_day: date | None = None,
) -> dict[int, int]:
    """Posts each topic matched: from the topic's daily rollups of the local days from
    ``first_day`` on (up to the rollup ``position``) plus the stored matches of later posts
    from ``since`` (naive UTC) on; with position 0, all from the stored matches from
    ``since`` on."""
    ids = [int(t) for t in topic_ids if int(t) > 0]
    if not ids:
        return {}
    counts: dict[int, int] = dict.fromkeys(ids, 0)
    if position:
        d = rollup_daily.c
        where: list[ColumnElement[bool]] = [d.workspace_id == workspace_id, d.topic_id.in_(ids)]
        if first_day is not None:
            where.append(d.day >= first_day)
        stmt = select(d.topic_id, func.sum(d.posts)).where(*where).group_by(d.topic_id)
        for topic_id, n in conn.execute(stmt):
            counts[int(topic_id)] += int(n)
    match_where: list[ColumnElement[bool]] = [
        topic_matches.c.workspace_id == workspace_id,
        topic_matches.c.topic_id.in_(ids),
    ]
    if position:
        # the primary key (workspace, topic, post) drives; the time index would read every
        # match of the period
        match_where.append(topic_matches.c.post_id > position)
        if since is not None:
            created = func.coalesce(topic_matches.c.created_at, topic_matches.c.created_at)
            match_where.append(created >= since)
    elif since is not None:
        match_where.append(topic_matches.c.created_at >= since)
    stmt = (
        select(topic_matches.c.topic_id, func.count())
        .where(*match_where)
        .group_by(topic_matches.c.topic_id)
    )
    for topic_id, n in conn.execute(stmt):
        counts[int(topic_id)] += int(n)
    return counts


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
