"""SQL of the actor rollups (``pantau.network.rollups`` writes them, ``pantau.network.actors``
reads them): per account and local day, per standard period, the periods' role thresholds,
and the change marks the triggers of migration 0025 write."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    ColumnElement,
    Connection,
    MetaData,
    Select,
    String,
    Table,
    and_,
    delete,
    func,
    insert,
    literal,
    nulls_last,
    select,
    tuple_,
    type_coerce,
    update,
)

from pantau.store.schema import (
    account_lists,
    actor_changes,
    actor_days,
    actor_periods,
    actor_windows,
    authors,
    issue_posts,
    issues,
    monitor_state,
    post_enrichment,
    posts,
)
from pantau.store.sql import same_workspace

Account = tuple[str, str]  # (platform, author)
COUNTS = ("posts", "reposts", "engagement", "views", "positive", "neutral", "negative", "unknown")
PROFILE = ("name", "followers", "verified", "type", "institution", "listed")
_IN_CHUNK = 500


def _time(value: datetime | str) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def _day(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


# --- what the stage reads ------------------------------------------------------------------------


@dataclass(slots=True)
class ActorPost:
    id: int
    platform: str
    author: str
    created_at: datetime
    repost: bool
    engagement: int
    views: int
    text: str  # normalised text when enriched, else the post's own
    sentiment: str | None
    emotion: str | None


def posts_between(conn: Connection, workspace_id: int, start: datetime, end: datetime) -> list:
    """The posts with an author created in [start, end), in time order, with their
    enrichment (times read as text on SQLite: faster than the column type's conversion)."""
    created: ColumnElement[Any] = posts.c.created_at
    if conn.dialect.name == "sqlite":
        created = type_coerce(created, String)
    e = post_enrichment.c
    stmt = (
        select(
            posts.c.id,
            posts.c.platform,
            posts.c.author,
            created,
            posts.c.repost_of,
            posts.c.likes,
            posts.c.reposts,
            posts.c.replies,
            posts.c.views,
            posts.c.text,
            e.normalized_text,
            e.sentiment,
            e.emotion,
        )
        .select_from(
            posts.outerjoin(
                post_enrichment,
                and_(e.workspace_id == posts.c.workspace_id, e.post_id == posts.c.id),
            )
        )
        .where(posts.c.workspace_id == workspace_id)
        .where(posts.c.created_at >= start, posts.c.created_at < end)
        .where(posts.c.author.is_not(None), posts.c.author != "")
        .order_by(posts.c.created_at, posts.c.id)
    )
    return [
        ActorPost(
            i, platform, author, _time(created_at), repost is not None,
            (likes or 0) + (reposts or 0) + (replies or 0), views or 0,
            normalized if normalized is not None else text, sentiment, emotion,
        )
        for (i, platform, author, created_at, repost, likes, reposts, replies, views, text,
             normalized, sentiment, emotion) in conn.execute(stmt)
    ]  # fmt: skip


def changes(conn: Connection, workspace_id: int) -> list[tuple[int, str, str, datetime | None]]:
    """The change marks: (id, platform, author, post time or None for the account)."""
    c = actor_changes.c
    stmt = (
        select(c.id, c.platform, c.author, c.created_at)
        .where(c.workspace_id == workspace_id)
        .order_by(c.id)
    )
    return [(i, p, a, None if t is None else _time(t)) for i, p, a, t in conn.execute(stmt)]


def mark_accounts(conn: Connection, workspace_id: int, accounts: Iterable[Account]) -> None:
    rows = [
        {"workspace_id": workspace_id, "platform": p, "author": a, "created_at": None}
        for p, a in sorted(accounts)
    ]
    if rows:
        conn.execute(insert(actor_changes), rows)


def mark_days(conn: Connection, workspace_id: int, starts: Iterable[datetime]) -> None:
    """Marks that a whole day must be recomputed (no account: platform and author empty),
    one per start of day given."""
    rows = [
        {"workspace_id": workspace_id, "platform": "", "author": "", "created_at": t}
        for t in sorted(set(starts))
    ]
    if rows:
        conn.execute(insert(actor_changes), rows)


def forget_changes(conn: Connection, workspace_id: int, ids: Sequence[int]) -> None:
    for first in range(0, len(ids), _IN_CHUNK):
        conn.execute(
            delete(actor_changes).where(
                actor_changes.c.workspace_id == workspace_id,
                actor_changes.c.id.in_(ids[first : first + _IN_CHUNK]),
            )
        )


_EPOCH = datetime(1970, 1, 1)
_LISTS = "actors:lists"


def account_lists_state(conn: Connection, workspace_id: int) -> tuple[int, datetime]:
    """How many accounts the workspace lists and its newest change (types follow them)."""
    a = account_lists.c
    n, newest = conn.execute(
        select(func.count(), func.max(a.updated_at)).where(a.workspace_id == workspace_id)
    ).one()
    return int(n), _EPOCH if newest is None else _time(newest)


def account_lists_seen(conn: Connection, workspace_id: int) -> tuple[int, datetime] | None:
    """The account lists' state the actor rollups were last written with."""
    m = monitor_state.c
    found = conn.execute(
        select(m.last_post_id, m.updated_at).where(
            m.workspace_id == workspace_id, m.stage == _LISTS
        )
    ).one_or_none()
    return None if found is None else (int(found[0]), _time(found[1]))


def remember_account_lists(
    conn: Connection, workspace_id: int, state: tuple[int, datetime]
) -> None:
    m = monitor_state.c
    conn.execute(delete(monitor_state).where(m.workspace_id == workspace_id, m.stage == _LISTS))
    conn.execute(
        insert(monitor_state).values(
            workspace_id=workspace_id, stage=_LISTS, last_post_id=state[0], updated_at=state[1]
        )
    )


# --- per account and day -------------------------------------------------------------------------

DayKey = tuple[str, str, date]  # (platform, author, local day)


def day_rows(conn: Connection, workspace_id: int, first: date, last: date) -> dict[DayKey, tuple]:
    """The stored rows of days [first, last]: key → (counts…, first_seen, last_seen, detail)."""
    d = actor_days.c
    stmt = select(
        d.platform, d.author, d.day, *(d[c] for c in COUNTS), d.first_seen, d.last_seen, d.detail
    ).where(d.workspace_id == workspace_id, d.day >= first, d.day <= last)
    out = {}
    for platform, author, day, *values in conn.execute(stmt):
        *counts, first_seen, last_seen, detail = values
        out[(platform, author, _day(day))] = (
            *(int(n) for n in counts),
            _time(first_seen),
            _time(last_seen),
            bytes(detail),
        )
    return out


def replace_days(
    conn: Connection, workspace_id: int, keys: Sequence[DayKey], rows: Mapping[DayKey, tuple]
) -> None:
    """Replace the rows of ``keys`` by ``rows`` (values as ``day_rows`` gives; a key without
    a row is removed)."""
    d = actor_days.c
    for start in range(0, len(keys), _IN_CHUNK):
        conn.execute(
            delete(actor_days).where(
                d.workspace_id == workspace_id,
                tuple_(d.platform, d.author, d.day).in_(keys[start : start + _IN_CHUNK]),
            )
        )
    names = (*COUNTS, "first_seen", "last_seen", "detail")
    values = [
        {
            "workspace_id": workspace_id,
            "platform": platform,
            "author": author,
            "day": day,
            **dict(zip(names, row, strict=True)),
        }
        for (platform, author, day), row in rows.items()
    ]
    for start in range(0, len(values), 5000):
        conn.execute(insert(actor_days), values[start : start + 5000])


def accounts_between(conn: Connection, workspace_id: int, first: date, last: date) -> set[Account]:
    d = actor_days.c
    stmt = (
        select(d.platform, d.author)
        .where(d.workspace_id == workspace_id, d.day >= first, d.day <= last)
        .distinct()
    )
    return {(p, a) for p, a in conn.execute(stmt)}


def day_range(conn: Connection, workspace_id: int) -> tuple[date | None, date | None]:
    d = actor_days.c
    low, high = conn.execute(
        select(func.min(d.day), func.max(d.day)).where(d.workspace_id == workspace_id)
    ).one()
    return (None if low is None else _day(low)), (None if high is None else _day(high))


def _one_of(
    platform: ColumnElement, author: ColumnElement, accounts: Sequence[Account]
) -> ColumnElement[bool]:
    """``(platform, author) IN accounts``, with each column's own ``IN`` beside it: SQLite,
    which keeps no table statistics, then walks the key led by the account for each of them
    instead of another index over the workspace's every account."""
    return and_(
        platform.in_({p for p, _a in accounts}),
        author.in_({a for _p, a in accounts}),
        tuple_(platform, author).in_(accounts),
    )


def account_days(
    conn: Connection,
    workspace_id: int,
    accounts: Sequence[Account],
    first: date | None,
    last: date | None,
) -> list[tuple]:
    """(platform, author, day, posts, first_seen, detail) of some accounts in [first, last]
    (everything when None), newest day first."""
    d = actor_days.c
    out: list[tuple] = []
    for start in range(0, len(accounts), _IN_CHUNK):
        stmt = select(d.platform, d.author, d.day, d.posts, d.first_seen, d.detail).where(
            d.workspace_id == workspace_id,
            _one_of(d.platform, d.author, accounts[start : start + _IN_CHUNK]),
        )
        if first is not None:
            stmt = stmt.where(d.day >= first)
        if last is not None:
            stmt = stmt.where(d.day <= last)
        out.extend(
            (p, a, _day(day), int(n), _time(seen), bytes(detail))
            for p, a, day, n, seen, detail in conn.execute(stmt)
        )
    out.sort(key=lambda r: r[2], reverse=True)
    return out


def _total_columns() -> list:
    d = actor_days.c
    return [
        d.platform,
        d.author,
        *(func.sum(d[c]).label(c) for c in COUNTS),
        func.min(d.first_seen).label("first_seen"),
        func.max(d.last_seen).label("last_seen"),
    ]


def _in_days(stmt: Select[Any], first: date | None, last: date | None) -> Select[Any]:
    if first is not None:
        stmt = stmt.where(actor_days.c.day >= first)
    if last is not None:
        stmt = stmt.where(actor_days.c.day <= last)
    return stmt


def totals_between(
    conn: Connection,
    workspace_id: int,
    first: date | None,
    last: date | None,
    account: Account | None = None,
) -> list[dict]:
    """Per account, its figures summed over the days [first, last] (all when None)."""
    d = actor_days.c
    stmt = _in_days(select(*_total_columns()), first, last)
    stmt = stmt.where(d.workspace_id == workspace_id).group_by(d.platform, d.author)
    if account is not None:
        stmt = stmt.where(d.platform == account[0], d.author == account[1])
    return [_figures(r._mapping) for r in conn.execute(stmt)]


def _figures(row: Mapping) -> dict:
    out = dict(row)
    for c in COUNTS:
        out[c] = int(out[c] or 0)
    out["first_seen"], out["last_seen"] = _time(out["first_seen"]), _time(out["last_seen"])
    return out


# --- per standard period -------------------------------------------------------------------------


def profiles(conn: Connection, workspace_id: int, accounts: Iterable[Account]) -> dict:
    """(platform, handle) → (name, followers, verified) of the accounts that have a profile."""
    wanted = sorted(set(accounts))
    a = authors.c
    out: dict[Account, tuple] = {}
    if len(wanted) > 10 * _IN_CHUNK:  # SQLite reads every author for each list: read them once
        keep = set(wanted)
        stmt = select(a.platform, a.handle, a.name, a.followers, a.verified).where(
            a.workspace_id == workspace_id
        )
        rows = conn.execute(stmt)
        return {(p, h): (n, f, v) for p, h, n, f, v in rows if (p, h) in keep}
    for start in range(0, len(wanted), _IN_CHUNK):
        stmt = select(a.platform, a.handle, a.name, a.followers, a.verified).where(
            a.workspace_id == workspace_id,
            tuple_(a.platform, a.handle).in_(wanted[start : start + _IN_CHUNK]),
        )
        out.update(((p, h), (n, f, v)) for p, h, n, f, v in conn.execute(stmt))
    return out


def period_accounts(conn: Connection, workspace_id: int) -> set[Account]:
    p = actor_periods.c
    stmt = select(p.platform, p.author).where(p.workspace_id == workspace_id).distinct()
    return {(platform, author) for platform, author in conn.execute(stmt)}


def materialize(
    conn: Connection,
    workspace_id: int,
    periods: Mapping[int, tuple[date | None, date]],
    picks: Mapping[Account, tuple],
) -> None:
    """Rewrite the picked accounts' rows of each period (days → its first and last day; the
    first None for everything) from ``actor_days``, with the profile and type given per
    account (``PROFILE`` order). An account without days in a period has no row there."""
    if not picks:
        return
    meta = MetaData()
    pick = Table(
        "actor_pick",
        meta,
        # the key is an index: without it SQLite joins every day row to every picked account
        Column("platform", String(32), primary_key=True),
        Column("author", String(300), primary_key=True),
        Column("name", String(500)),
        Column("followers", BigInteger),
        Column("verified", Boolean),
        Column("type", String(16)),
        Column("institution", String(300)),
        Column("listed", Boolean),
        prefixes=["TEMPORARY"],
    )
    pick.drop(conn, checkfirst=True)
    pick.create(conn)
    rows = [
        {"platform": p, "author": a, **dict(zip(PROFILE, values, strict=True))}
        for (p, a), values in picks.items()
    ]
    for start in range(0, len(rows), 5000):
        conn.execute(insert(pick), rows[start : start + 5000])
    d, k = actor_days.c, pick.c
    chosen = select(k.platform, k.author)
    for days, (first, last) in periods.items():
        conn.execute(
            delete(actor_periods).where(
                actor_periods.c.workspace_id == workspace_id,
                actor_periods.c.days == days,
                tuple_(actor_periods.c.platform, actor_periods.c.author).in_(chosen),
            )
        )
        profile = [k[c] for c in PROFILE]
        stmt = (
            select(literal(workspace_id), literal(days), *_total_columns(), *profile)
            .select_from(
                actor_days.join(pick, and_(d.platform == k.platform, d.author == k.author))
            )
            .where(d.workspace_id == workspace_id)
            .group_by(d.platform, d.author, *profile)
        )
        stmt = _in_days(stmt, first, last)
        names = ["workspace_id", "days", "platform", "author", *COUNTS, "first_seen", "last_seen"]
        conn.execute(insert(actor_periods).from_select([*names, *PROFILE], stmt))
    pick.drop(conn)


def clear_period(conn: Connection, workspace_id: int, days: int) -> None:
    conn.execute(
        delete(actor_periods).where(
            actor_periods.c.workspace_id == workspace_id, actor_periods.c.days == days
        )
    )


def period_figures(
    conn: Connection, workspace_id: int, days: int
) -> tuple[list[int], list[int], list[int]]:
    """Posts, engagement and known followers of every account of a period."""
    p = actor_periods.c
    stmt = select(p.posts, p.engagement, p.followers).where(
        p.workspace_id == workspace_id, p.days == days
    )
    found = conn.execute(stmt).all()
    return (
        [int(r[0]) for r in found],
        [int(r[1]) for r in found],
        [int(r[2]) for r in found if r[2] is not None],
    )


@dataclass(frozen=True, slots=True)
class Window:
    """A standard period: its days, accounts and role thresholds (``followers_min`` None:
    nobody is influential by followers alone)."""

    days: int
    first_day: date
    last_day: date
    accounts: int
    posts_min: int
    engagement_min: int
    followers_min: int | None
    updated_at: datetime


def windows(conn: Connection, workspace_id: int) -> dict[int, Window]:
    w = actor_windows.c
    stmt = select(
        w.days, w.first_day, w.last_day, w.accounts, w.posts_min, w.engagement_min,
        w.followers_min, w.updated_at,
    ).where(w.workspace_id == workspace_id)  # fmt: skip
    return {
        r.days: Window(
            r.days, _day(r.first_day), _day(r.last_day), r.accounts, r.posts_min,
            r.engagement_min, r.followers_min, _time(r.updated_at),
        )
        for r in conn.execute(stmt)
    }  # fmt: skip


def save_window(conn: Connection, workspace_id: int, window: Window) -> None:
    values = {
        "first_day": window.first_day,
        "last_day": window.last_day,
        "accounts": window.accounts,
        "posts_min": window.posts_min,
        "engagement_min": window.engagement_min,
        "followers_min": window.followers_min,
        "updated_at": window.updated_at,
    }
    w = actor_windows.c
    done = conn.execute(
        update(actor_windows)
        .where(w.workspace_id == workspace_id, w.days == window.days)
        .values(**values)
    ).rowcount
    if not done:
        conn.execute(
            insert(actor_windows).values(workspace_id=workspace_id, days=window.days, **values)
        )


def drop_window(conn: Connection, workspace_id: int, days: int) -> None:
    conn.execute(
        delete(actor_windows).where(
            actor_windows.c.workspace_id == workspace_id, actor_windows.c.days == days
        )
    )


# --- what pages read -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PeriodFilter:
    platform: str | None = None
    type: str | None = None
    active_from: int | None = None  # posts
    influential_from: tuple[int, int | None] | None = None  # (engagement, followers)


_SORTS: dict[str, tuple] = {
    "engagement": (
        actor_periods.c.engagement.desc(),
        actor_periods.c.posts.desc(),
        actor_periods.c.author,
    ),
    "posts": (
        actor_periods.c.posts.desc(),
        actor_periods.c.engagement.desc(),
        actor_periods.c.author,
    ),
    "followers": (
        nulls_last(actor_periods.c.followers.desc()),
        actor_periods.c.engagement.desc(),
        actor_periods.c.posts.desc(),
        actor_periods.c.author,
    ),
}
SORTS = tuple(_SORTS)


def _period_where(stmt: Select[Any], workspace_id: int, days: int, f: PeriodFilter) -> Select[Any]:
    p = actor_periods.c
    stmt = stmt.where(p.workspace_id == workspace_id, p.days == days)
    if f.platform:
        stmt = stmt.where(p.platform == f.platform)
    if f.type:
        stmt = stmt.where(p.type == f.type)
    if f.active_from is not None:
        stmt = stmt.where(p.posts >= f.active_from)
    if f.influential_from is not None:
        engagement, followers = f.influential_from
        stmt = stmt.where(
            p.engagement >= engagement
            if followers is None
            else (p.engagement >= engagement) | (p.followers >= followers)
        )
    return stmt


def period_page(
    conn: Connection,
    workspace_id: int,
    days: int,
    f: PeriodFilter,
    sort: str,
    limit: int | None,
) -> tuple[list[dict], int]:
    """One page of a period's accounts (all when ``limit`` is None), filtered and sorted,
    and how many match."""
    stmt = _period_where(select(actor_periods), workspace_id, days, f)
    stmt = stmt.order_by(*_SORTS.get(sort, _SORTS["engagement"])).limit(limit)
    rows = [_figures(r._mapping) for r in conn.execute(stmt)]
    count = _period_where(select(func.count()).select_from(actor_periods), workspace_id, days, f)
    return rows, int(conn.execute(count).scalar_one())


def period_rows(
    conn: Connection, workspace_id: int, days: int, accounts: Sequence[Account]
) -> dict[Account, dict]:
    p = actor_periods.c
    out: dict[Account, dict] = {}
    for start in range(0, len(accounts), _IN_CHUNK):
        stmt = select(actor_periods).where(
            p.workspace_id == workspace_id,
            p.days == days,
            _one_of(p.platform, p.author, accounts[start : start + _IN_CHUNK]),
        )
        out.update(((r.platform, r.author), _figures(r._mapping)) for r in conn.execute(stmt))
    return out


def issues_of_posts(
    conn: Connection, workspace_id: int, post_ids: Sequence[int], limit: int = 20
) -> list[dict]:
    """The issues some posts belong to: id, label, stage, priority, status and how many of
    the posts, most first (merged issues left out)."""
    counts: dict[int, int] = {}
    ip = issue_posts.c
    for start in range(0, len(post_ids), _IN_CHUNK):
        stmt = (
            select(ip.issue_id, func.count())
            .where(ip.workspace_id == workspace_id)
            .where(ip.post_id.in_(post_ids[start : start + _IN_CHUNK]))
            .group_by(ip.issue_id)
        )
        for issue_id, n in conn.execute(stmt):
            counts[issue_id] = counts.get(issue_id, 0) + int(n)
    if not counts:
        return []
    i = issues.c
    stmt = select(i.id, i.label, i.stage, i.priority, i.status).where(
        i.workspace_id == workspace_id, i.id.in_(list(counts)), i.merged_into.is_(None)
    )
    found = [{**r._mapping, "posts": counts[r.id]} for r in conn.execute(stmt)]
    found.sort(key=lambda r: (-r["posts"], -r["id"]))
    return found[:limit]


def posts_by_ids(conn: Connection, workspace_id: int, post_ids: Sequence[int]) -> list[dict]:
    """Some posts as the post lists show them, newest first."""
    cols = [c for c in posts.c if c.name != "raw"]
    stmt = (
        select(*cols)
        .where(same_workspace(posts, workspace_id), posts.c.id.in_(list(post_ids)))
        .order_by(posts.c.created_at.desc(), posts.c.id.desc())
    )
    return [{str(k): v for k, v in r._mapping.items()} for r in conn.execute(stmt)]


def posts_after(conn: Connection, workspace_id: int, position: int, cap: int) -> int:
    """Posts stored after ``position`` (a stage's), counted up to ``cap``."""
    found = (
        select(posts.c.id)
        .where(same_workspace(posts, workspace_id), posts.c.id > position)
        .limit(cap)
        .subquery()
    )
    return int(conn.execute(select(func.count()).select_from(found)).scalar_one())
