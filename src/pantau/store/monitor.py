"""SQL of issue monitoring: post facts for rollups and detection, the rollup tables, stage
progress, issues and the posts assigned to them.

Rollups are replaced per hour (delete the hour, insert it again) inside one transaction, so
recomputing an hour any number of times gives the same rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import orjson
from sqlalchemy import (
    ColumnElement,
    Connection,
    Date,
    Select,
    String,
    Text,
    and_,
    cast,
    delete,
    func,
    insert,
    literal_column,
    null,
    select,
    type_coerce,
    update,
)

from pantau.store.schema import (
    authors,
    channels,
    issue_posts,
    issues,
    monitor_state,
    post_enrichment,
    posts,
    rollup_daily,
    rollup_hourly,
    topic_matches,
    topics,
    workspaces,
)
from pantau.store.sql import insert_ignoring_duplicates, same_workspace
from pantau.store.terms import replace_terms

_IN_CHUNK = 500


@dataclass(slots=True)  # not frozen: a million of them are made per run, and frozen is slower
class PostRow:
    """The stored columns monitoring reads of one post (enrichment ones are None when the
    post has not been enriched yet)."""

    id: int
    created_at: datetime
    platform: str
    author: str | None
    text: str
    title: str | None
    hashtags: list[str] | None
    repost_of: str | None
    likes: int | None
    reposts: int | None
    replies: int | None
    followers: int | None
    normalized_text: str | None
    sentiment: str | None
    polarity: float | None
    entities: list[list[str]] | None


def _post_select(
    created_at: ColumnElement[Any] = posts.c.created_at, followers: bool = True
) -> Select[Any]:
    """The columns of a :class:`PostRow`; without ``followers`` the authors are not joined
    (the column is NULL)."""
    joined = posts.outerjoin(
        post_enrichment,
        and_(
            post_enrichment.c.workspace_id == posts.c.workspace_id,
            post_enrichment.c.post_id == posts.c.id,
        ),
    )
    if followers:
        joined = joined.outerjoin(
            authors,
            and_(
                authors.c.workspace_id == posts.c.workspace_id,
                authors.c.platform == posts.c.platform,
                authors.c.handle == posts.c.author,
            ),
        )
    return select(
        posts.c.id,
        created_at,
        posts.c.platform,
        posts.c.author,
        posts.c.text,
        posts.c.title,
        cast(posts.c.hashtags, Text),
        posts.c.repost_of,
        posts.c.likes,
        posts.c.reposts,
        posts.c.replies,
        authors.c.followers if followers else null(),
        post_enrichment.c.normalized_text,
        post_enrichment.c.sentiment,
        post_enrichment.c.polarity,
        cast(post_enrichment.c.entities, Text),
    ).select_from(joined)


def _post_row(row: Sequence) -> PostRow:
    (i, created, platform, author, text, title, tags, repost, likes, reposts, replies,
     followers, normalized, sentiment, polarity, entities) = row  # fmt: skip
    return PostRow(
        i, created if type(created) is datetime else _as_datetime(created),
        platform, author, text, title,
        orjson.loads(tags) if tags else None,
        repost, likes, reposts, replies, followers, normalized, sentiment, polarity,
        orjson.loads(entities) if entities else None,
    )  # fmt: skip


def posts_between(
    conn: Connection, workspace_id: int, start: datetime, end: datetime
) -> list[PostRow]:
    """Posts created in [start, end), in no particular order. On SQLite the time is read as
    text and parsed by ``datetime.fromisoformat``, several times faster than the column
    type's own conversion over a million rows. Followers are read once per author of the
    period (a million posts have some tens of thousands of authors) instead of being joined
    to every post."""
    created: ColumnElement[Any] = posts.c.created_at
    if conn.dialect.name == "sqlite":
        created = type_coerce(created, String)
    in_period = (
        posts.c.workspace_id == workspace_id,
        posts.c.created_at >= start,
        posts.c.created_at < end,
    )
    stmt = _post_select(created, followers=False).where(*in_period)
    found = [_post_row(row) for row in conn.execute(stmt)]
    if found:
        writers: dict[str, set[str]] = {}
        for row in found:
            if row.author:
                writers.setdefault(row.platform, set()).add(row.author)
        a = authors.c
        followers_of: dict[tuple[str, str], int] = {}
        for platform, handles in writers.items():
            wanted = sorted(handles)
            for first in range(0, len(wanted), _IN_CHUNK):
                known = select(a.handle, a.followers).where(
                    a.workspace_id == workspace_id,
                    a.platform == platform,
                    a.handle.in_(wanted[first : first + _IN_CHUNK]),
                    a.followers.is_not(None),
                )
                followers_of.update(((platform, h), n) for h, n in conn.execute(known))
        if followers_of:
            for row in found:
                if row.author:
                    row.followers = followers_of.get((row.platform, row.author))
    return found


def posts_by_id(conn: Connection, workspace_id: int, post_ids: Iterable[int]) -> list[PostRow]:
    wanted = sorted(set(post_ids))
    found: list[PostRow] = []
    for start in range(0, len(wanted), _IN_CHUNK):
        stmt = (
            _post_select()
            .where(
                same_workspace(posts, workspace_id),
                posts.c.id.in_(wanted[start : start + _IN_CHUNK]),
            )
            .order_by(posts.c.id)
        )
        found.extend(_post_row(row) for row in conn.execute(stmt))
    return found


def reply_parents(conn: Connection, workspace_id: int, post_ids: Iterable[int]) -> dict[int, int]:
    """For each of these posts that replies to a stored post: that post's id."""
    parent = posts.alias("parent")
    wanted = sorted(set(post_ids))
    found: dict[int, int] = {}
    for start in range(0, len(wanted), _IN_CHUNK):
        stmt = (
            select(posts.c.id, parent.c.id)
            .join(
                parent,
                and_(
                    parent.c.workspace_id == posts.c.workspace_id,
                    parent.c.platform == posts.c.platform,
                    parent.c.external_id == posts.c.reply_to,
                ),
            )
            .where(
                same_workspace(posts, workspace_id),
                posts.c.id.in_(wanted[start : start + _IN_CHUNK]),
                posts.c.reply_to.is_not(None),
            )
        )
        found.update((child, parent_id) for child, parent_id in conn.execute(stmt))
    return found


def post_hours_after(conn: Connection, workspace_id: int, after_id: int) -> list[datetime]:
    """The hours (creation time truncated to the hour) holding a post with ``id > after_id``,
    in order; computed in SQL (a million posts' times converted one by one took a second)."""
    if conn.dialect.name == "sqlite":
        hour = func.substr(type_coerce(posts.c.created_at, String), 1, 13)
    else:
        hour = func.date_trunc("hour", posts.c.created_at)
    stmt = select(hour).where(same_workspace(posts, workspace_id), posts.c.id > after_id).distinct()
    found = conn.execute(stmt).scalars()
    if conn.dialect.name == "sqlite":
        return sorted(datetime.fromisoformat(f"{h}:00") for h in found)
    return sorted(found)


def max_post_id(conn: Connection, workspace_id: int) -> int:
    stmt = select(posts.c.id).where(same_workspace(posts, workspace_id))
    return int(conn.execute(stmt.order_by(posts.c.id.desc()).limit(1)).scalar() or 0)


def newest_post_id(conn: Connection) -> int:
    """The newest post id of the whole database (an index lookup, unlike the newest of one
    workspace): it changes whenever any post is stored."""
    return int(conn.execute(select(func.max(posts.c.id))).scalar() or 0)


def latest_post_time(
    conn: Connection, workspace_id: int, before: datetime | None = None
) -> datetime | None:
    """The newest post's time, or the newest before ``before`` (naive UTC) when given."""
    stmt = select(func.max(posts.c.created_at)).where(posts.c.workspace_id == workspace_id)
    if before is not None:
        stmt = stmt.where(posts.c.created_at < before)
    value = conn.execute(stmt).scalar_one()
    return None if value is None else _as_datetime(value)


def earliest_post_time(conn: Connection, workspace_id: int, since: datetime) -> datetime | None:
    """The oldest post's time at or after ``since`` (naive UTC)."""
    stmt = select(func.min(posts.c.created_at)).where(
        posts.c.workspace_id == workspace_id, posts.c.created_at >= since
    )
    value = conn.execute(stmt).scalar_one()
    return None if value is None else _as_datetime(value)


def count_posts_from(conn: Connection, workspace_id: int, start: datetime) -> int:
    """How many posts are dated at or after ``start`` (naive UTC)."""
    stmt = select(func.count()).where(
        posts.c.workspace_id == workspace_id, posts.c.created_at >= start
    )
    return int(conn.execute(stmt).scalar_one())


def topic_ids_between(
    conn: Connection, workspace_id: int, start: datetime, end: datetime
) -> dict[int, list[int]]:
    """post id → ids of the topics it matches, for posts created in [start, end)."""
    stmt = select(topic_matches.c.post_id, topic_matches.c.topic_id).where(
        topic_matches.c.workspace_id == workspace_id,
        topic_matches.c.created_at >= start,
        topic_matches.c.created_at < end,
    )
    found: dict[int, list[int]] = {}
    for post_id, topic_id in conn.execute(stmt):
        found.setdefault(post_id, []).append(topic_id)
    return found


def channel_handles(conn: Connection, workspace_id: int) -> list[str]:
    stmt = select(channels.c.handle).where(channels.c.workspace_id == workspace_id)
    return [h for (h,) in conn.execute(stmt)]


def _as_datetime(value: datetime | str) -> datetime:
    return datetime.fromisoformat(value) if isinstance(value, str) else value


# --- rollups --------------------------------------------------------------------------------


def replace_rollups(
    conn: Connection,
    workspace_id: int,
    hours: Sequence[datetime],
    hourly_rows: Sequence[Mapping[str, object]],
    terms: Mapping[datetime, Mapping[str, int]],
) -> None:
    """Replace every rollup row of ``hours`` with the given rows (``terms``: hour → term →
    posts, see ``store.terms``), and the daily rows of the local days holding them with the
    new sums."""
    for start in range(0, len(hours), _IN_CHUNK):
        conn.execute(
            delete(rollup_hourly).where(
                rollup_hourly.c.workspace_id == workspace_id,
                rollup_hourly.c.hour.in_(list(hours[start : start + _IN_CHUNK])),
            )
        )
    if hourly_rows:
        conn.execute(
            insert(rollup_hourly), [{"workspace_id": workspace_id, **r} for r in hourly_rows]
        )
    replace_terms(conn, workspace_id, hours, terms)
    refresh_daily_rollups(conn, workspace_id, hours)


def hourly_totals(
    conn: Connection,
    workspace_id: int,
    start: datetime,
    end: datetime,
    topic_id: int = 0,
) -> list[dict]:
    """Rollup rows of one topic (0 = all posts) in [start, end), by hour, platform, sentiment."""
    stmt = (
        select(rollup_hourly)
        .where(
            rollup_hourly.c.workspace_id == workspace_id,
            rollup_hourly.c.topic_id == topic_id,
            rollup_hourly.c.hour >= start,
            rollup_hourly.c.hour < end,
        )
        .order_by(rollup_hourly.c.hour, rollup_hourly.c.platform, rollup_hourly.c.sentiment)
    )
    return [dict(r._mapping) for r in conn.execute(stmt)]


def volume_by_hour(
    conn: Connection, workspace_id: int, start: datetime, end: datetime
) -> dict[tuple[int, datetime], int]:
    """(topic id, hour) → posts, for every topic (0 = all) in [start, end)."""
    stmt = (
        select(rollup_hourly.c.topic_id, rollup_hourly.c.hour, func.sum(rollup_hourly.c.posts))
        .where(
            rollup_hourly.c.workspace_id == workspace_id,
            rollup_hourly.c.hour >= start,
            rollup_hourly.c.hour < end,
        )
        .group_by(rollup_hourly.c.topic_id, rollup_hourly.c.hour)
    )
    return {(t, _as_datetime(h)): int(n) for t, h, n in conn.execute(stmt)}


# --- stage progress -------------------------------------------------------------------------


def stage_positions(conn: Connection, workspace_id: int) -> tuple[tuple[str, int], ...]:
    """Every stage's position in the workspace, by stage name: they move whenever a pipeline
    run processed new posts."""
    stmt = (
        select(monitor_state.c.stage, monitor_state.c.last_post_id)
        .where(monitor_state.c.workspace_id == workspace_id)
        .order_by(monitor_state.c.stage)
    )
    return tuple((stage, int(position)) for stage, position in conn.execute(stmt))


def stage_position(conn: Connection, workspace_id: int, stage: str) -> int:
    stmt = select(monitor_state.c.last_post_id).where(
        monitor_state.c.workspace_id == workspace_id, monitor_state.c.stage == stage
    )
    return int(conn.execute(stmt).scalar_one_or_none() or 0)


def set_stage_position(
    conn: Connection, workspace_id: int, stage: str, last_post_id: int, now: datetime
) -> None:
    done = conn.execute(
        update(monitor_state)
        .where(monitor_state.c.workspace_id == workspace_id, monitor_state.c.stage == stage)
        .values(last_post_id=last_post_id, updated_at=now)
    ).rowcount
    if not done:
        conn.execute(
            insert(monitor_state).values(
                workspace_id=workspace_id, stage=stage, last_post_id=last_post_id, updated_at=now
            )
        )


# --- issues ---------------------------------------------------------------------------------


def issue_rows(
    conn: Connection,
    workspace_id: int,
    *,
    issue_id: int | None = None,
    seen_since: datetime | None = None,
) -> list[dict]:
    stmt = select(issues).where(issues.c.workspace_id == workspace_id)
    if issue_id is not None:
        stmt = stmt.where(issues.c.id == issue_id)
    if seen_since is not None:
        stmt = stmt.where(issues.c.last_seen >= seen_since)
    return [dict(r._mapping) for r in conn.execute(stmt.order_by(issues.c.id))]


def max_issue_id(conn: Connection) -> int:
    """The newest issue's id, of any workspace (ids are shared), 0 without issues."""
    return int(conn.execute(select(func.max(issues.c.id))).scalar() or 0)


def insert_issue(conn: Connection, workspace_id: int, values: Mapping[str, object]) -> int:
    result = conn.execute(
        insert(issues).values(workspace_id=workspace_id, **values).returning(issues.c.id)
    )
    return int(result.scalar_one())


def update_issue(
    conn: Connection, workspace_id: int, issue_id: int, values: Mapping[str, object]
) -> None:
    conn.execute(
        update(issues)
        .where(issues.c.workspace_id == workspace_id, issues.c.id == issue_id)
        .values(**values)
    )


def carry_title(conn: Connection, workspace_id: int, source_id: int, target_id: int) -> None:
    """Give issue ``target_id`` the analyst's title of ``source_id`` when it has none."""
    title = conn.execute(
        select(issues.c.title).where(
            issues.c.workspace_id == workspace_id, issues.c.id == source_id
        )
    ).scalar_one_or_none()
    if title:
        conn.execute(
            update(issues)
            .where(
                issues.c.workspace_id == workspace_id,
                issues.c.id == target_id,
                issues.c.title.is_(None),
            )
            .values(title=title, label=title)
        )


def assign_posts(
    conn: Connection, workspace_id: int, rows: Sequence[tuple[int, int, datetime]]
) -> None:
    """Store (issue id, post id, post time); pairs already stored are left alone."""
    if rows:
        conn.execute(
            insert_ignoring_duplicates(conn, issue_posts),
            [
                {"workspace_id": workspace_id, "issue_id": i, "post_id": p, "created_at": c}
                for i, p, c in rows
            ],
        )


def move_posts(conn: Connection, workspace_id: int, from_issue: int, to_issue: int) -> None:
    """Reassign the posts of a merged issue (the ones both hold stay once)."""
    taken = select(issue_posts.c.post_id).where(
        issue_posts.c.workspace_id == workspace_id, issue_posts.c.issue_id == to_issue
    )
    conn.execute(
        update(issue_posts)
        .where(
            issue_posts.c.workspace_id == workspace_id,
            issue_posts.c.issue_id == from_issue,
            issue_posts.c.post_id.not_in(taken),
        )
        .values(issue_id=to_issue)
    )
    conn.execute(
        delete(issue_posts).where(
            issue_posts.c.workspace_id == workspace_id, issue_posts.c.issue_id == from_issue
        )
    )


def issue_post_ids(
    conn: Connection, workspace_id: int, issue_ids: Sequence[int]
) -> dict[int, set[int]]:
    found: dict[int, set[int]] = {i: set() for i in issue_ids}
    for start in range(0, len(issue_ids), _IN_CHUNK):
        stmt = select(issue_posts.c.issue_id, issue_posts.c.post_id).where(
            issue_posts.c.workspace_id == workspace_id,
            issue_posts.c.issue_id.in_(list(issue_ids[start : start + _IN_CHUNK])),
        )
        for issue_id, post_id in conn.execute(stmt):
            found[issue_id].add(post_id)
    return found


def average_daily_posts(conn: Connection, workspace_id: int, days: int = 30) -> float:
    """Posts per local day over the last ``days`` days that have posts (0 without any)."""
    d = rollup_daily.c
    recent = (
        select(d.day, func.sum(d.posts).label("posts"))
        .where(d.workspace_id == workspace_id, d.topic_id == 0)
        .group_by(d.day)
        .order_by(d.day.desc())
        .limit(days)
        .subquery()
    )
    total, count = conn.execute(select(func.sum(recent.c.posts), func.count())).one()
    return float(total or 0) / count if count else 0.0


def topic_ids(conn: Connection, workspace_id: int) -> list[int]:
    """The ids of the workspace's saved topics."""
    stmt = select(topics.c.id).where(topics.c.workspace_id == workspace_id).order_by(topics.c.id)
    return list(conn.execute(stmt).scalars())


def topic_matched_posts(
    conn: Connection, workspace_id: int, post_ids: Iterable[int], topic_ids: Iterable[int]
) -> set[int]:
    """Which of these posts match at least one of these topics (looked up topic by topic, so
    the primary key serves each lookup)."""
    wanted = sorted(set(post_ids))
    found: set[int] = set()
    for topic_id in topic_ids:
        for start in range(0, len(wanted), _IN_CHUNK):
            stmt = select(topic_matches.c.post_id).where(
                topic_matches.c.workspace_id == workspace_id,
                topic_matches.c.topic_id == topic_id,
                topic_matches.c.post_id.in_(wanted[start : start + _IN_CHUNK]),
            )
            found.update(conn.execute(stmt).scalars())
    return found


def issue_topics(conn: Connection, workspace_id: int, issue_id: int) -> dict[int, int]:
    """topic id → how many of the issue's posts it matches."""
    stmt = (
        select(topic_matches.c.topic_id, func.count())
        .select_from(
            issue_posts.join(
                topic_matches,
                and_(
                    topic_matches.c.workspace_id == issue_posts.c.workspace_id,
                    topic_matches.c.post_id == issue_posts.c.post_id,
                ),
            )
        )
        .where(issue_posts.c.workspace_id == workspace_id, issue_posts.c.issue_id == issue_id)
        .group_by(topic_matches.c.topic_id)
    )
    return {t: int(n) for t, n in conn.execute(stmt)}


# --- dashboard reads ------------------------------------------------------------------------


def _hour_bucket(conn: Connection) -> ColumnElement[Any]:
    if conn.dialect.name == "sqlite":
        return func.strftime("%Y-%m-%d %H:00:00", posts.c.created_at)
    return func.date_trunc("hour", posts.c.created_at)


def overview_counts(
    conn: Connection, workspace_id: int
) -> tuple[int, list[tuple[datetime, str, str, int]]]:
    """What the overview needs without scanning posts: the rollup stage's position (the last
    post id the rollups include; 0 when never run) and (UTC hour, platform, sentiment, posts)
    for every hour — the all-posts rollup (topic 0) plus, counted from ``posts``, the posts
    stored after the last rollup. Sentiment is ``unknown`` for posts not enriched."""
    position = stage_position(conn, workspace_id, "rollup")
    if not position:
        return 0, []
    stmt = select(
        rollup_hourly.c.hour,
        rollup_hourly.c.platform,
        rollup_hourly.c.sentiment,
        rollup_hourly.c.posts,
    ).where(rollup_hourly.c.workspace_id == workspace_id, rollup_hourly.c.topic_id == 0)
    rows = [(_as_datetime(h), p, s, int(n)) for h, p, s, n in conn.execute(stmt)]
    if not rows:
        return position, []
    bucket = _hour_bucket(conn)
    fresh = (
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
        .where(same_workspace(posts, workspace_id), posts.c.id > position)
        .group_by(bucket, posts.c.platform, post_enrichment.c.sentiment)
    )
    rows.extend((_as_datetime(h), p, s or "unknown", int(n)) for h, p, s, n in conn.execute(fresh))
    return position, rows


def issue_accounts(
    conn: Connection, workspace_id: int, issue_id: int, limit: int = 5
) -> list[dict]:
    """The accounts with the most posts in an issue: platform, handle, name, followers,
    posts in the issue and engagement those posts received."""
    engagement = func.sum(
        func.coalesce(posts.c.likes, 0)
        + func.coalesce(posts.c.reposts, 0)
        + func.coalesce(posts.c.replies, 0)
    ).label("engagement")
    n = func.count().label("posts")
    stmt = (
        select(posts.c.platform, posts.c.author, n, engagement)
        .select_from(
            issue_posts.join(
                posts,
                and_(
                    posts.c.workspace_id == issue_posts.c.workspace_id,
                    posts.c.id == issue_posts.c.post_id,
                ),
            )
        )
        .where(
            issue_posts.c.workspace_id == workspace_id,
            issue_posts.c.issue_id == issue_id,
            posts.c.author.is_not(None),
            posts.c.author != "",
        )
        .group_by(posts.c.platform, posts.c.author)
        .order_by(n.desc(), engagement.desc(), posts.c.author)
        .limit(limit)
    )
    found = [dict(r._mapping) for r in conn.execute(stmt)]
    if not found:
        return []
    profiles = conn.execute(
        select(authors.c.platform, authors.c.handle, authors.c.name, authors.c.followers).where(
            authors.c.workspace_id == workspace_id,
            authors.c.handle.in_([f["author"] for f in found]),
        )
    ).all()
    by_key = {(p.platform, p.handle): p for p in profiles}
    out = []
    for f in found:
        prof = by_key.get((f["platform"], f["author"]))
        out.append(
            {
                "platform": f["platform"],
                "handle": f["author"],
                "name": prof.name if prof else None,
                "followers": prof.followers if prof else None,
                "posts": int(f["posts"]),
                "engagement": int(f["engagement"] or 0),
            }
        )
    return out


def topic_post_ids(conn: Connection, workspace_id: int, topic_id: int) -> list[int]:
    stmt = select(topic_matches.c.post_id).where(
        topic_matches.c.workspace_id == workspace_id, topic_matches.c.topic_id == topic_id
    )
    return [p for (p,) in conn.execute(stmt)]


def replace_topic_rollups(
    conn: Connection, workspace_id: int, topic_id: int, rows: Sequence[Mapping[str, object]]
) -> None:
    """Replace every row of one topic in ``rollup_hourly`` and ``rollup_daily`` (other
    topics untouched)."""
    r = rollup_hourly.c
    conn.execute(
        delete(rollup_hourly).where(r.workspace_id == workspace_id, r.topic_id == topic_id)
    )
    if rows:
        conn.execute(
            insert(rollup_hourly),
            [{"workspace_id": workspace_id, **row, "topic_id": topic_id} for row in rows],
        )
    replace_topic_daily(conn, workspace_id, topic_id, rows)


# --- daily rollups --------------------------------------------------------------------------
#
# ``rollup_daily`` holds the hourly rollup summed per local day of the workspace: an hour
# belongs to the local day its start falls on. It is kept equal to the sum of its hours in the
# transaction that replaces hours (``replace_rollups``) or a topic's rows
# (``replace_topic_rollups``), so it can never disagree with the hourly rows for long: a run
# that stops half-way rolls back both. Unique authors are not additive across hours and are
# not kept per day.

_DAY_MARGIN = timedelta(hours=3)  # hours read beyond a run of days when grouping in Python


def fixed_offset_hours(timezone: str) -> int | None:
    """The zone's UTC offset in whole hours when it is the same all year (WIB, WITA, WIT),
    else None (daylight saving time or a half-hour offset)."""
    zone = ZoneInfo(timezone)
    offsets = {datetime(2026, month, 1, tzinfo=zone).utcoffset() for month in (1, 4, 7, 10)}
    if len(offsets) != 1:
        return None
    (offset,) = offsets
    seconds = int(offset.total_seconds()) if offset is not None else 0
    return seconds // 3600 if seconds % 3600 == 0 else None


def workspace_timezone(conn: Connection, workspace_id: int) -> str:
    stmt = select(workspaces.c.timezone).where(workspaces.c.id == workspace_id)
    return str(conn.execute(stmt).scalar_one())


def local_day(hour: datetime, zone: ZoneInfo) -> date:
    """The local day of a naive UTC hour."""
    return hour.replace(tzinfo=UTC).astimezone(zone).date()


def _day_sql(conn: Connection, column: ColumnElement[Any], offset_hours: int) -> ColumnElement[Any]:
    """The local day of a UTC time column for a fixed whole-hour offset, in SQL (written
    without bound parameters so that it can be grouped by on PostgreSQL)."""
    offset = int(offset_hours)
    if conn.dialect.name == "sqlite":
        return func.strftime(
            literal_column("'%Y-%m-%d'"), column, literal_column(f"'{offset:+d} hours'")
        )
    return cast(column + literal_column(f"interval '{offset} hours'"), Date)


def _day_runs(days: Iterable[date]) -> Iterator[tuple[date, date]]:
    """Sorted days cut into runs of consecutive days: (first, last) of each."""
    run: list[date] = []
    for day in sorted(set(days)):
        if run and day - run[-1] != timedelta(days=1):
            yield run[0], run[-1]
            run = []
        run.append(day)
    if run:
        yield run[0], run[-1]


def _insert_daily(conn: Connection, workspace_id: int, sums: Mapping[tuple, list[int]]) -> None:
    rows = [
        {
            "workspace_id": workspace_id,
            "day": day,
            "topic_id": topic_id,
            "platform": platform,
            "sentiment": sentiment,
            "posts": n,
            "engagement": engagement,
            "reach": reach,
        }
        for (day, topic_id, platform, sentiment), (n, engagement, reach) in sums.items()
    ]
    for start in range(0, len(rows), _IN_CHUNK):
        conn.execute(insert(rollup_daily), rows[start : start + _IN_CHUNK])


def _recompute_days(
    conn: Connection, workspace_id: int, timezone: str, first: date | None, last: date | None
) -> None:
    """Replace the daily rows of the local days ``first`` to ``last`` (None: no bound) by the
    sums of their hourly rows: grouped in SQL for a fixed whole-hour offset, else in Python."""
    d, h = rollup_daily.c, rollup_hourly.c
    where: list[ColumnElement[bool]] = [d.workspace_id == workspace_id]
    if first is not None:
        where.append(d.day >= first)
    if last is not None:
        where.append(d.day <= last)
    conn.execute(delete(rollup_daily).where(*where))
    offset = fixed_offset_hours(timezone)
    zone = ZoneInfo(timezone)
    hours: list[ColumnElement[bool]] = [h.workspace_id == workspace_id]
    if offset is not None:
        shift = timedelta(hours=offset)
        if first is not None:
            hours.append(h.hour >= datetime.combine(first, time()) - shift)
        if last is not None and last < date.max:
            hours.append(h.hour < datetime.combine(last + timedelta(days=1), time()) - shift)
        day_sql = _day_sql(conn, h.hour, offset)
        summed = (
            select(
                literal_column(str(int(workspace_id))),
                h.topic_id,
                day_sql,
                h.platform,
                h.sentiment,
                func.sum(h.posts),
                func.sum(h.engagement),
                func.sum(h.reach),
            )
            .where(*hours)
            .group_by(h.topic_id, day_sql, h.platform, h.sentiment)
        )
        columns = ["workspace_id", "topic_id", "day", "platform", "sentiment"]
        conn.execute(
            insert(rollup_daily).from_select([*columns, "posts", "engagement", "reach"], summed)
        )
        return
    # the local midnights as UTC, with a margin for a change of offset near midnight
    if first is not None:
        start = datetime.combine(first, time(), zone).astimezone(UTC).replace(tzinfo=None)
        hours.append(h.hour >= start - _DAY_MARGIN)
    if last is not None and last < date.max:
        end = datetime.combine(last + timedelta(days=1), time(), zone)
        hours.append(h.hour < end.astimezone(UTC).replace(tzinfo=None) + _DAY_MARGIN)
    hourly = select(
        h.hour, h.topic_id, h.platform, h.sentiment, h.posts, h.engagement, h.reach
    ).where(*hours)
    sums: dict[tuple, list[int]] = {}
    for hour, topic_id, platform, sentiment, n, engagement, reach in conn.execute(hourly):
        day = local_day(_as_datetime(hour), zone)
        if (first is not None and day < first) or (last is not None and day > last):
            continue
        cell = sums.get((day, topic_id, platform, sentiment))
        if cell is None:
            cell = sums[(day, topic_id, platform, sentiment)] = [0, 0, 0]
        cell[0] += n
        cell[1] += engagement
        cell[2] += reach
    _insert_daily(conn, workspace_id, sums)


def refresh_daily_rollups(
    conn: Connection, workspace_id: int, hours: Iterable[datetime] | None = None
) -> int:
    """Recompute the daily rows of the local days holding ``hours`` (None: every day) from
    the hourly rows, for all topics; idempotent. Returns the number of days recomputed
    (0 for every day)."""
    timezone = workspace_timezone(conn, workspace_id)
    if hours is None:
        _recompute_days(conn, workspace_id, timezone, None, None)
        return 0
    zone = ZoneInfo(timezone)
    days = {local_day(_as_datetime(hour), zone) for hour in hours}
    for first, last in _day_runs(days):
        _recompute_days(conn, workspace_id, timezone, first, last)
    return len(days)


def replace_topic_daily(
    conn: Connection, workspace_id: int, topic_id: int, rows: Iterable[Mapping[str, object]]
) -> None:
    """Replace every daily row of one topic by the sums of ``rows``, all of the topic's
    hourly rows (hour, platform, sentiment, posts, engagement, reach)."""
    conn.execute(
        delete(rollup_daily).where(
            rollup_daily.c.workspace_id == workspace_id, rollup_daily.c.topic_id == topic_id
        )
    )
    zone = ZoneInfo(workspace_timezone(conn, workspace_id))
    sums: dict[tuple, list[int]] = {}
    for row in rows:
        hour = _as_datetime(row["hour"])  # type: ignore[arg-type]  # rows of the hourly rollup: hour is never NULL
        key = (local_day(hour, zone), topic_id, row["platform"], row["sentiment"])
        cell = sums.get(key)
        if cell is None:
            cell = sums[key] = [0, 0, 0]
        cell[0] += int(row["posts"])  # type: ignore[call-overload]  # sums of integer columns
        cell[1] += int(row["engagement"])  # type: ignore[call-overload]  # sums of integer columns
        cell[2] += int(row["reach"])  # type: ignore[call-overload]  # sums of integer columns
    _insert_daily(conn, workspace_id, sums)
