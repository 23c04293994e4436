"""SQL of the institution's agenda: agenda items, workspace calendar dates, the list of the
institution's own accounts, and the reads that measure salience.

Measurement reads never scan raw posts: agenda items are topics, so their volume per hour
comes from ``rollup_hourly``; the institution's own posts are matched by one agenda topic
whose query names the own accounts, so they are found through ``topic_matches``. Issue
volumes come from ``issue_posts`` joined with their posts, grouped per hour in SQL.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import (
    Connection,
    Row,
    and_,
    case,
    delete,
    func,
    insert,
    literal,
    select,
    true,
    update,
)
from sqlalchemy.sql import ColumnElement

from pantau.store.monitor import newest_post_id, stage_positions
from pantau.store.schema import (
    agenda_accounts,
    agenda_dates,
    agenda_items,
    channels,
    issue_posts,
    issues,
    post_enrichment,
    posts,
    rollup_hourly,
    topic_matches,
    topics,
)
from pantau.store.sql import insert_ignoring_duplicates

_IN_CHUNK = 500


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """A programme, policy or message the institution chose to push in a period."""

    id: int
    title: str
    kind: str
    description: str | None
    key_messages: list[str]
    query: str
    topic_id: int | None
    starts_on: date
    ends_on: date
    priority: str
    audience: str | None
    owner: str | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class WorkspaceDate:
    id: int
    date: date
    name: str
    notes: str | None


@dataclass(frozen=True, slots=True)
class DayCount:
    """Posts of one key (a topic or an issue) in one local day, arena and sentiment."""

    key: int
    day: date
    news: bool
    sentiment: str
    posts: int


@dataclass(frozen=True, slots=True)
class OwnHit:
    """A post of the institution's own accounts that belongs to a key (topic or issue)."""

    key: int
    created_at: datetime
    platform: str
    sentiment: str


def _as_datetime(value: datetime | str) -> datetime:
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def _as_date(value: date | str) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


# --- agenda items ---------------------------------------------------------------------------


def _item(row: Row) -> AgendaItem:
    m = row._mapping
    return AgendaItem(
        id=m["id"],
        title=m["title"],
        kind=m["kind"],
        description=m["description"],
        key_messages=list(m["key_messages"] or []),
        query=m["query"],
        topic_id=m["topic_id"],
        starts_on=_as_date(m["starts_on"]),
        ends_on=_as_date(m["ends_on"]),
        priority=m["priority"],
        audience=m["audience"],
        owner=m["owner"],
        created_at=_as_datetime(m["created_at"]),
        updated_at=_as_datetime(m["updated_at"]),
    )


def items_of(conn: Connection, workspace_id: int) -> list[AgendaItem]:
    """Every agenda item of the workspace, by start date then title."""
    stmt = (
        select(agenda_items)
        .where(agenda_items.c.workspace_id == workspace_id)
        .order_by(agenda_items.c.starts_on, agenda_items.c.title)
    )
    return [_item(row) for row in conn.execute(stmt)]


def insert_item(conn: Connection, workspace_id: int, values: Mapping[str, object]) -> int:
    result = conn.execute(
        insert(agenda_items)
        .values(workspace_id=workspace_id, **values)
        .returning(agenda_items.c.id)
    )
    return int(result.scalar_one())


def update_item(
    conn: Connection, workspace_id: int, item_id: int, values: Mapping[str, object]
) -> None:
    conn.execute(
        update(agenda_items)
        .where(agenda_items.c.workspace_id == workspace_id, agenda_items.c.id == item_id)
        .values(**values)
    )


def delete_item(conn: Connection, workspace_id: int, item_id: int) -> None:
    conn.execute(
        delete(agenda_items).where(
            agenda_items.c.workspace_id == workspace_id, agenda_items.c.id == item_id
        )
    )


# --- workspace calendar dates ---------------------------------------------------------------


def dates_between(
    conn: Connection, workspace_id: int, start: date, end: date
) -> list[WorkspaceDate]:
    """Workspace dates in [start, end] (both included), by date then name."""
    c = agenda_dates.c
    stmt = (
        select(c.id, c.date, c.name, c.notes)
        .where(c.workspace_id == workspace_id, c.date >= start, c.date <= end)
        .order_by(c.date, c.name)
    )
    return [WorkspaceDate(i, _as_date(d), n, notes) for i, d, n, notes in conn.execute(stmt)]


def insert_date(
    conn: Connection, workspace_id: int, day: date, name: str, notes: str | None, now: datetime
) -> bool:
    """Store a workspace date; False when the same date and name are already stored."""
    # RETURNING rather than rowcount: psycopg may report -1 for a skipped conflict.
    result = conn.execute(
        insert_ignoring_duplicates(conn, agenda_dates)
        .values(workspace_id=workspace_id, date=day, name=name, notes=notes, created_at=now)
        .returning(agenda_dates.c.id)
    )
    return result.first() is not None


def delete_date(conn: Connection, workspace_id: int, date_id: int) -> int:
    result = conn.execute(
        delete(agenda_dates)
        .where(agenda_dates.c.workspace_id == workspace_id, agenda_dates.c.id == date_id)
        .returning(agenda_dates.c.id)
    )
    return len(result.all())


# --- the institution's own accounts ---------------------------------------------------------


def listed_accounts(conn: Connection, workspace_id: int) -> list[tuple[str, str]]:
    """(platform, handle) of the accounts added to the agenda's own list."""
    c = agenda_accounts.c
    stmt = (
        select(c.platform, c.handle)
        .where(c.workspace_id == workspace_id)
        .order_by(c.platform, c.handle)
    )
    return [(p, h) for p, h in conn.execute(stmt)]


def channel_accounts(conn: Connection, workspace_id: int) -> list[tuple[str, str]]:
    """(platform, handle) of the owned channels (``pantau outreach``)."""
    stmt = (
        select(channels.c.platform, channels.c.handle)
        .where(channels.c.workspace_id == workspace_id)
        .order_by(channels.c.platform, channels.c.handle)
    )
    return [(p, h) for p, h in conn.execute(stmt)]


def add_account(
    conn: Connection, workspace_id: int, platform: str, handle: str, now: datetime
) -> bool:
    result = conn.execute(
        insert_ignoring_duplicates(conn, agenda_accounts)
        .values(workspace_id=workspace_id, platform=platform, handle=handle, created_at=now)
        .returning(agenda_accounts.c.handle)
    )
    return result.first() is not None


def remove_account(conn: Connection, workspace_id: int, platform: str, handle: str) -> int:
    c = agenda_accounts.c
    result = conn.execute(
        delete(agenda_accounts)
        .where(c.workspace_id == workspace_id, c.platform == platform, c.handle == handle)
        .returning(c.handle)
    )
    return len(result.all())


# --- measurement ----------------------------------------------------------------------------


def _is_news(platform: ColumnElement) -> ColumnElement:
    return case((platform == "news", literal(1)), else_=literal(0))


def _local_day(
    conn: Connection, column: ColumnElement, offset_minutes: int
) -> tuple[ColumnElement, ColumnElement]:
    """Two SQL expressions that together give the local date of a naive UTC column, for a
    zone ``offset_minutes`` ahead of UTC (Indonesian zones have no daylight saving time, so
    one offset holds all year); combine them with ``_day_of``. On SQLite, for whole-hour
    offsets, they are the UTC date text and whether the hour is past the local midnight:
    string slices, several times cheaper than date arithmetic on every row."""
    if conn.dialect.name != "sqlite":
        return func.date(column + literal(timedelta(minutes=offset_minutes))), literal(0)
    hours, minutes = divmod(offset_minutes, 60)
    if minutes or not 0 <= hours < 24:
        return func.date(column, f"{offset_minutes:+d} minutes"), literal(0)
    if hours == 0:
        return func.substr(column, 1, 10), literal(0)
    past_midnight = case((func.substr(column, 12, 2) >= f"{24 - hours:02d}", 1), else_=0)
    return func.substr(column, 1, 10), past_midnight


def _day_of(day: date | str, shift: int) -> date:
    return _as_date(day) + timedelta(days=int(shift))


def topic_daily(
    conn: Connection,
    workspace_id: int,
    topic_ids: Sequence[int],
    start: datetime,
    end: datetime,
    offset_minutes: int,
) -> list[DayCount]:
    """Rolled-up posts per topic (0 = all posts), local day, news or not, and sentiment, for
    hours in [start, end)."""
    r = rollup_hourly.c
    news = _is_news(r.platform)
    day, shift = _local_day(conn, r.hour, offset_minutes)
    found: dict[tuple[int, date, bool, str], int] = {}
    for first in range(0, len(topic_ids), _IN_CHUNK):
        stmt = (
            select(r.topic_id, day, shift, news, r.sentiment, func.sum(r.posts))
            .where(
                r.workspace_id == workspace_id,
                r.topic_id.in_(list(topic_ids[first : first + _IN_CHUNK])),
                r.hour >= start,
                r.hour < end,
            )
            .group_by(r.topic_id, day, shift, news, r.sentiment)
        )
        for t, d, k, n, s, c in conn.execute(stmt):
            key = (t, _day_of(d, k), bool(n), s)
            found[key] = found.get(key, 0) + int(c)
    return [DayCount(*key, posts=n) for key, n in found.items()]


def _enrichment_join(base):
    return base.join(
        posts, and_(posts.c.workspace_id == base.c.workspace_id, posts.c.id == base.c.post_id)
    ).outerjoin(
        post_enrichment,
        and_(
            post_enrichment.c.workspace_id == base.c.workspace_id,
            post_enrichment.c.post_id == base.c.post_id,
        ),
    )


def own_topic_hits(
    conn: Connection,
    workspace_id: int,
    own_topic_id: int,
    topic_ids: Sequence[int],
    start: datetime,
    end: datetime,
) -> list[OwnHit]:
    """Posts created in [start, end) matched by the own-accounts topic and by one of
    ``topic_ids`` (one row per pair)."""
    own = topic_matches.alias("own")
    item = topic_matches.alias("item")
    joined = own.join(
        item,
        and_(
            item.c.workspace_id == own.c.workspace_id,
            item.c.post_id == own.c.post_id,
            item.c.topic_id.in_(list(topic_ids)),
        ),
    )
    joined = joined.join(
        posts, and_(posts.c.workspace_id == own.c.workspace_id, posts.c.id == own.c.post_id)
    ).outerjoin(
        post_enrichment,
        and_(
            post_enrichment.c.workspace_id == own.c.workspace_id,
            post_enrichment.c.post_id == own.c.post_id,
        ),
    )
    stmt = (
        select(item.c.topic_id, own.c.created_at, posts.c.platform, post_enrichment.c.sentiment)
        .select_from(joined)
        .where(
            own.c.workspace_id == workspace_id,
            own.c.topic_id == own_topic_id,
            own.c.created_at >= start,
            own.c.created_at < end,
        )
    )
    if not topic_ids:
        return []
    return [OwnHit(t, _as_datetime(c), p, s or "unknown") for t, c, p, s in conn.execute(stmt)]


def issues_between(
    conn: Connection, workspace_id: int, start: datetime, end: datetime
) -> list[dict]:
    """Issues (not merged into another) seen in [start, end)."""
    c = issues.c
    stmt = (
        select(c.id, c.label, c.first_seen, c.last_seen, c.priority, c.stage, c.metrics)
        .where(
            c.workspace_id == workspace_id,
            c.merged_into.is_(None),
            c.last_seen >= start,
            c.first_seen < end,
        )
        .order_by(c.id)
    )
    return [dict(row._mapping) for row in conn.execute(stmt)]


def issue_daily(
    conn: Connection,
    workspace_id: int,
    issue_ids: Sequence[int],
    start: datetime,
    end: datetime,
    offset_minutes: int,
) -> list[tuple[int, date, int]]:
    """(issue id, local day, posts) for issue posts created in [start, end), from
    ``issue_posts`` alone (no join with the posts)."""
    ip = issue_posts.c
    day, shift = _local_day(conn, ip.created_at, offset_minutes)
    found: dict[tuple[int, date], int] = {}
    for first in range(0, len(issue_ids), _IN_CHUNK):
        stmt = (
            select(ip.issue_id, day, shift, func.count())
            .where(
                ip.workspace_id == workspace_id,
                ip.issue_id.in_(list(issue_ids[first : first + _IN_CHUNK])),
                ip.created_at >= start,
                ip.created_at < end,
            )
            .group_by(ip.issue_id, day, shift)
        )
        for i, d, k, n in conn.execute(stmt):
            key = (i, _day_of(d, k))
            found[key] = found.get(key, 0) + int(n)
    return [(i, d, n) for (i, d), n in found.items()]


def issue_own_hits(
    conn: Connection,
    workspace_id: int,
    own_topic_id: int,
    issue_ids: Sequence[int],
    start: datetime,
    end: datetime,
) -> list[OwnHit]:
    """Issue posts created in [start, end) that the own-accounts topic matches."""
    if not issue_ids:
        return []
    own = topic_matches.alias("own")
    ip = issue_posts.c
    joined = _enrichment_join(issue_posts).join(
        own,
        and_(
            own.c.workspace_id == ip.workspace_id,
            own.c.topic_id == own_topic_id,
            own.c.post_id == ip.post_id,
        ),
    )
    found: list[OwnHit] = []
    for first in range(0, len(issue_ids), _IN_CHUNK):
        stmt = (
            select(ip.issue_id, ip.created_at, posts.c.platform, post_enrichment.c.sentiment)
            .select_from(joined)
            .where(
                ip.workspace_id == workspace_id,
                ip.issue_id.in_(list(issue_ids[first : first + _IN_CHUNK])),
                ip.created_at >= start,
                ip.created_at < end,
            )
        )
        found.extend(
            OwnHit(i, _as_datetime(c), p, s or "unknown") for i, c, p, s in conn.execute(stmt)
        )
    return found


def issue_topic_overlap(
    conn: Connection,
    workspace_id: int,
    issue_id: int,
    topic_ids: Sequence[int],
    sample: int = 1000,
) -> tuple[int, int]:
    """(posts of the issue checked, how many of them any of ``topic_ids`` matches), on an
    evenly spread sample of at most ``sample`` of the issue's posts (every k-th post id)."""
    ip = issue_posts.c
    where = (ip.workspace_id == workspace_id, ip.issue_id == issue_id)
    total = int(conn.execute(select(func.count()).where(*where)).scalar_one())
    if not topic_ids or not total:
        return total, 0
    step = max(1, total // sample)
    spread = (ip.post_id % step == 0) if step > 1 else true()
    checked = int(conn.execute(select(func.count()).where(*where, spread)).scalar_one())
    matched = (
        select(topic_matches.c.post_id)
        .where(
            topic_matches.c.workspace_id == ip.workspace_id,
            topic_matches.c.topic_id.in_(list(topic_ids)),
            topic_matches.c.post_id == ip.post_id,
        )
        .exists()
    )
    found = conn.execute(select(func.count()).where(*where, spread, matched)).scalar_one()
    return checked, int(found)


def post_time_range(conn: Connection, workspace_id: int) -> tuple[datetime | None, datetime | None]:
    """(oldest, newest) post time of the workspace (None when there are no posts)."""
    # one aggregate a statement: SQLite reads either end of the index for a lone min or max,
    # but walks all of it for both together
    mine = posts.c.workspace_id == workspace_id
    oldest = conn.execute(select(func.min(posts.c.created_at)).where(mine)).scalar()
    newest = conn.execute(select(func.max(posts.c.created_at)).where(mine)).scalar()
    return (
        None if oldest is None else _as_datetime(oldest),
        None if newest is None else _as_datetime(newest),
    )


def agenda_marker(conn: Connection, workspace_id: int) -> tuple:
    """Cheap figures that change whenever the agenda analysis of any period can: the stages'
    positions, the newest post id of the database, and the count and newest change of the
    workspace's agenda items, calendar dates, own accounts, owned channels, topics (whose
    ``updated_at`` is touched again once an agenda topic's matches are recomputed) and
    issues."""
    changes = [
        conn.execute(
            select(func.count(), func.max(changed)).where(table.c.workspace_id == workspace_id)
        ).one()
        for table, changed in (
            (agenda_items, agenda_items.c.updated_at),
            (agenda_dates, agenda_dates.c.id),
            (agenda_accounts, agenda_accounts.c.created_at),
            (channels, channels.c.id),
            (topics, topics.c.updated_at),
            (issues, issues.c.updated_at),
        )
    ]
    return (
        stage_positions(conn, workspace_id),
        newest_post_id(conn),
        tuple((int(n), str(at)) for n, at in changes),
    )
