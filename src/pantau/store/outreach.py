"""Owned channels and their analytics: accounts, post metrics, daily metrics, audience slices,
and the provenance of every export file imported.

Writes are idempotent upserts keyed by (workspace, channel, post id), (workspace, channel,
metric, date) and (workspace, channel, dimension, as-of date, key). A stored value is replaced
only by a copy downloaded on the same day or later, so importing an old file after a new one
does not take lifetime metrics backwards. Files are small (thousands of rows), so the writer
looks up the keys of a batch first and then inserts the new rows and updates the changed ones
with plain SQLAlchemy Core statements that both databases run.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import orjson
from sqlalchemy import (
    Connection,
    Engine,
    Insert,
    Row,
    Table,
    and_,
    bindparam,
    delete,
    func,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.sql import ColumnElement

from pantau.store.outreach_records import (
    POST_METRICS,
    Audience,
    AudienceItem,
    Channel,
    ChannelRef,
    DailyItem,
    Goal,
    Item,
    OutreachCounts,
    OwnedPost,
    PlanItem,
    PlanLink,
    PostFacts,
    PostItem,
)
from pantau.store.schema import (
    channel_audience,
    channel_daily,
    channel_posts,
    channels,
    outreach_audiences,
    outreach_captions,
    outreach_goals,
    outreach_imports,
    outreach_plan_items,
    outreach_plan_posts,
    post_enrichment,
    posts,
)
from pantau.store.sql import inserted_id

_CHUNK = 500
_STAMP = ("collected_at", "import_id")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _insert(conn: Connection, table: Table) -> Insert:
    dialect_insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    return dialect_insert(table).on_conflict_do_nothing()


# --- channels -------------------------------------------------------------------------------


def _channel(row: Row) -> Channel:
    return Channel(id=row.id, platform=row.platform, handle=row.handle, name=row.name)


def ensure_channel(conn: Connection, workspace_id: int, ref: ChannelRef) -> Channel:
    """The stored channel for ``ref``, created when new; a newly given name replaces the old."""
    c = channels.c
    where = and_(c.workspace_id == workspace_id, c.platform == ref.platform, c.handle == ref.handle)
    row = conn.execute(select(channels).where(where)).first()
    if row is None:
        conn.execute(
            _insert(conn, channels).values(
                workspace_id=workspace_id,
                platform=ref.platform,
                handle=ref.handle,
                name=ref.name,
                created_at=_now(),
            )
        )
        row = conn.execute(select(channels).where(where)).one()
    elif ref.name and ref.name != row.name:
        conn.execute(update(channels).where(c.id == row.id).values(name=ref.name))
        return Channel(row.id, row.platform, row.handle, ref.name)
    return _channel(row)


def find_channels(
    conn: Connection, workspace_id: int, text: str | None = None, platform: str | None = None
) -> list[Channel]:
    """Channels whose handle or name is ``text`` (any case, a leading @ ignored)."""
    c = channels.c
    stmt = select(channels).where(c.workspace_id == workspace_id)
    if platform:
        stmt = stmt.where(c.platform == platform)
    if text:
        needle = text.strip().lstrip("@").lower()
        stmt = stmt.where(
            (func.lower(c.handle) == needle) | (func.lower(func.coalesce(c.name, "")) == needle)
        )
    return [_channel(r) for r in conn.execute(stmt.order_by(c.platform, c.handle))]


@dataclass(frozen=True)
class ChannelSummary:
    channel: Channel
    posts: int
    first_post: datetime | None
    last_post: datetime | None
    daily_metrics: int
    followers: float | None
    followers_on: date | None


def channel_summaries(conn: Connection, workspace_id: int) -> list[ChannelSummary]:
    p, d = channel_posts.c, channel_daily.c
    post_stats = {
        cid: (n, lo, hi)
        for cid, n, lo, hi in conn.execute(
            select(p.channel_id, func.count(), func.min(p.published_at), func.max(p.published_at))
            .where(p.workspace_id == workspace_id)
            .group_by(p.channel_id)
        )
    }
    daily_counts: dict[int, int] = dict(
        conn.execute(
            select(d.channel_id, func.count())
            .where(d.workspace_id == workspace_id)
            .group_by(d.channel_id)
        ).all()
    )
    followers = latest_followers(conn, workspace_id)
    out = []
    for ch in find_channels(conn, workspace_id):
        n, lo, hi = post_stats.get(ch.id, (0, None, None))
        value, on = followers.get(ch.id, (None, None))
        out.append(
            ChannelSummary(ch, int(n), _dt(lo), _dt(hi), int(daily_counts.get(ch.id, 0)), value, on)
        )
    return out


def _dt(value: datetime | str | None) -> datetime | None:
    if isinstance(value, str):  # SQLite aggregates return the stored text
        return datetime.fromisoformat(value)
    return value


def latest_followers(
    conn: Connection, workspace_id: int, until: date | None = None
) -> dict[int, tuple[float, date]]:
    """Each channel's newest follower count (metric ``followers``) on or before ``until``.

    Reads the series and keeps the last value per channel: a year of daily counts is a few
    hundred rows per account, and a max-per-group join was planned badly by PostgreSQL on
    freshly imported tables (seconds instead of milliseconds)."""
    d = channel_daily.c
    where = [d.workspace_id == workspace_id, d.metric == "followers"]
    if until is not None:
        where.append(d.date <= until)
    stmt = select(d.channel_id, d.value, d.date).where(*where).order_by(d.channel_id, d.date)
    return {cid: (value, _as_date(day)) for cid, value, day in conn.execute(stmt)}


# --- writing ------------------------------------------------------------------------------


def _extra(values: dict[str, float]) -> str | None:
    return orjson.dumps(values, option=orjson.OPT_SORT_KEYS).decode() if values else None


def _upsert(
    conn: Connection,
    table: Table,
    keys: tuple[str, ...],
    values: tuple[str, ...],
    rows: dict[tuple, dict],
    existing: dict[tuple, tuple],
) -> OutreachCounts:
    """Insert rows whose key is new; update rows whose values changed, unless the stored copy
    was downloaded later. ``existing`` maps key -> (*values, collected_at)."""
    counts = OutreachCounts()
    fresh, changed = [], []
    for key, row in rows.items():
        stored = existing.get(key)
        if stored is None:
            fresh.append(row)
        elif tuple(row[v] for v in values) != stored[:-1] and row["collected_at"] >= stored[-1]:
            changed.append(
                {f"k_{k}": row[k] for k in keys} | {f"v_{v}": row[v] for v in (*values, *_STAMP)}
            )
        else:
            counts.unchanged += 1
    if fresh:
        conn.execute(_insert(conn, table), fresh)
    if changed:
        stmt = (
            update(table)
            .where(*[table.c[k] == bindparam(f"k_{k}") for k in keys])
            .values({v: bindparam(f"v_{v}") for v in (*values, *_STAMP)})
        )
        conn.execute(stmt, changed)
    counts.new, counts.updated = len(fresh), len(changed)
    return counts


def _lookup(
    conn: Connection,
    table: Table,
    keys: tuple[str, ...],
    values: tuple[str, ...],
    where: Sequence[ColumnElement[bool]],
) -> dict[tuple, tuple]:
    cols = [table.c[k] for k in keys] + [table.c[v] for v in (*values, "collected_at")]
    found = {}
    for row in conn.execute(select(*cols).where(*where)):
        found[tuple(row[: len(keys)])] = tuple(row[len(keys) :])
    return found


_POST_KEYS = ("workspace_id", "channel_id", "post_id")
_POST_VALUES = (
    "published_at",
    "time_known",
    "caption",
    "post_type",
    "permalink",
    *POST_METRICS,
    "extra",
    "raw_format",
    "raw",
)


def write_posts(
    conn: Connection,
    workspace_id: int,
    channel_id: int,
    items: Iterable[PostItem],
    *,
    import_id: int | None,
    collected_at: datetime,
    raw_format: str,
) -> OutreachCounts:
    """Store post metrics; a post listed twice in one batch keeps its last row."""
    rows: dict[tuple, dict] = {}
    for it in items:
        row = {
            "workspace_id": workspace_id,
            "channel_id": channel_id,
            "post_id": it.post_id,
            "published_at": it.published_at,
            "time_known": it.time_known,
            "caption": it.caption,
            "post_type": it.post_type,
            "permalink": it.permalink,
            **{m: getattr(it, m) for m in POST_METRICS},
            "extra": _extra(it.extra),
            "raw_format": raw_format,
            "raw": it.raw,
            "collected_at": collected_at,
            "import_id": import_id,
        }
        rows[(workspace_id, channel_id, it.post_id)] = row
    counts = OutreachCounts()
    ordered = list(rows.items())
    c = channel_posts.c
    for start in range(0, len(ordered), _CHUNK):
        chunk = dict(ordered[start : start + _CHUNK])
        existing = _lookup(
            conn,
            channel_posts,
            _POST_KEYS,
            _POST_VALUES,
            [
                c.workspace_id == workspace_id,
                c.channel_id == channel_id,
                c.post_id.in_([k[2] for k in chunk]),
            ],
        )
        for key, row in chunk.items():
            if key in existing:
                _keep_known(row, dict(zip(_POST_VALUES, existing[key], strict=False)))
        counts.add(_upsert(conn, channel_posts, _POST_KEYS, _POST_VALUES, chunk, existing))
    return counts


def _keep_known(row: dict, stored: dict) -> None:
    """A newer copy of a post from another kind of file may know less (X's newer export has
    no time of day, older Meta files no saves): keep what the stored copy knew."""
    if not row["time_known"] and stored["time_known"]:
        row["published_at"], row["time_known"] = stored["published_at"], True
    for name in ("caption", "post_type", "permalink", *POST_METRICS):
        if row[name] is None:
            row[name] = stored[name]
    if stored["extra"]:
        merged = orjson.loads(stored["extra"]) | (
            orjson.loads(row["extra"]) if row["extra"] else {}
        )
        row["extra"] = _extra(merged)


def write_daily(
    conn: Connection,
    workspace_id: int,
    channel_id: int,
    items: Iterable[DailyItem],
    *,
    import_id: int | None,
    collected_at: datetime,
) -> OutreachCounts:
    rows: dict[tuple, dict] = {}
    for it in items:
        rows[(workspace_id, channel_id, it.metric, it.day)] = {
            "workspace_id": workspace_id,
            "channel_id": channel_id,
            "metric": it.metric,
            "date": it.day,
            "value": it.value,
            "collected_at": collected_at,
            "import_id": import_id,
        }
    if not rows:
        return OutreachCounts()
    c = channel_daily.c
    days = [k[3] for k in rows]
    keys = ("workspace_id", "channel_id", "metric", "date")
    existing = _lookup(
        conn,
        channel_daily,
        keys,
        ("value",),
        [
            c.workspace_id == workspace_id,
            c.channel_id == channel_id,
            c.metric.in_({k[2] for k in rows}),
            c.date.between(min(days), max(days)),
        ],
    )
    return _upsert(conn, channel_daily, keys, ("value",), rows, existing)


def write_audience(
    conn: Connection,
    workspace_id: int,
    channel_id: int,
    items: Iterable[AudienceItem],
    *,
    import_id: int | None,
    collected_at: datetime,
) -> OutreachCounts:
    rows: dict[tuple, dict] = {}
    for it in items:
        rows[(workspace_id, channel_id, it.dimension, it.as_of, it.key)] = {
            "workspace_id": workspace_id,
            "channel_id": channel_id,
            "dimension": it.dimension,
            "as_of": it.as_of,
            "key": it.key,
            "value": it.value,
            "collected_at": collected_at,
            "import_id": import_id,
        }
    if not rows:
        return OutreachCounts()
    c = channel_audience.c
    keys = ("workspace_id", "channel_id", "dimension", "as_of", "key")
    existing = _lookup(
        conn,
        channel_audience,
        keys,
        ("value",),
        [
            c.workspace_id == workspace_id,
            c.channel_id == channel_id,
            c.dimension.in_({k[2] for k in rows}),
            c.as_of.in_({k[3] for k in rows}),
        ],
    )
    return _upsert(conn, channel_audience, keys, ("value",), rows, existing)


# --- reading ------------------------------------------------------------------------------


def post_facts(
    conn: Connection,
    workspace_id: int,
    channel_ids: Sequence[int] | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[PostFacts]:
    """Owned posts published in ``[since, until)`` (naive UTC), oldest first."""
    c = channel_posts.c
    stmt = select(
        c.channel_id,
        c.post_id,
        c.published_at,
        c.time_known,
        c.post_type,
        *[c[m] for m in POST_METRICS],
    ).where(c.workspace_id == workspace_id)
    if channel_ids is not None:
        stmt = stmt.where(c.channel_id.in_(list(channel_ids)))
    if since is not None:
        stmt = stmt.where(c.published_at >= since)
    if until is not None:
        stmt = stmt.where(c.published_at < until)
    stmt = stmt.order_by(c.published_at, c.post_id)
    return [PostFacts(*row) for row in conn.execute(stmt)]


def daily_values(
    conn: Connection,
    workspace_id: int,
    channel_ids: Sequence[int],
    metrics: Sequence[str],
    since: date | None = None,
    until: date | None = None,
) -> list[tuple[int, str, date, float]]:
    """(channel, metric, date, value) in date order; ``until`` inclusive."""
    c = channel_daily.c
    stmt = select(c.channel_id, c.metric, c.date, c.value).where(
        c.workspace_id == workspace_id,
        c.channel_id.in_(list(channel_ids)),
        c.metric.in_(list(metrics)),
    )
    if since is not None:
        stmt = stmt.where(c.date >= since)
    if until is not None:
        stmt = stmt.where(c.date <= until)
    return [(r[0], r[1], r[2], r[3]) for r in conn.execute(stmt.order_by(c.date))]


def audience_values(
    conn: Connection, workspace_id: int, channel_id: int, dimension: str
) -> list[tuple[str, date, float]]:
    """(key, as-of date, value) of one dimension, oldest first."""
    c = channel_audience.c
    stmt = (
        select(c.key, c.as_of, c.value)
        .where(
            c.workspace_id == workspace_id,
            c.channel_id == channel_id,
            c.dimension == dimension,
        )
        .order_by(c.as_of, c.key)
    )
    return [(r[0], r[1], r[2]) for r in conn.execute(stmt)]


def audience_days(
    conn: Connection, workspace_id: int, channel_id: int, dimension: str
) -> list[date]:
    c = channel_audience.c
    stmt = (
        select(c.as_of)
        .where(
            c.workspace_id == workspace_id,
            c.channel_id == channel_id,
            c.dimension == dimension,
        )
        .distinct()
        .order_by(c.as_of)
    )
    return list(conn.execute(stmt).scalars())


def write_items(
    conn: Connection,
    workspace_id: int,
    channel_id: int,
    items: Iterable[Item],
    import_id: int,
    collected_at: datetime,
    raw_format: str,
) -> OutreachCounts:
    """Store one channel's items of every kind (posts, daily metrics, audience slices)."""
    posts = [i for i in items if isinstance(i, PostItem)]
    daily = [i for i in items if isinstance(i, DailyItem)]
    audience = [i for i in items if isinstance(i, AudienceItem)]
    counts = OutreachCounts()
    if posts:
        counts.add(
            write_posts(
                conn,
                workspace_id,
                channel_id,
                posts,
                raw_format=raw_format,
                import_id=import_id,
                collected_at=collected_at,
            )
        )
    if daily:
        counts.add(
            write_daily(
                conn,
                workspace_id,
                channel_id,
                daily,
                import_id=import_id,
                collected_at=collected_at,
            )
        )
    if audience:
        counts.add(
            write_audience(
                conn,
                workspace_id,
                channel_id,
                audience,
                import_id=import_id,
                collected_at=collected_at,
            )
        )
    return counts


# --- provenance ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportFile:
    file_name: str
    file_path: str
    member: str | None
    file_size: int
    checksum: str
    encoding: str | None
    downloaded_on: date
    software_version: str


def start_import(
    engine: Engine,
    workspace_id: int,
    fmt: str,
    f: ImportFile,
    source_id: int | None = None,
    started_at: datetime | None = None,
) -> int:
    """Record a running import of a file (or of one collection of a live source, started at
    ``started_at``, naive UTC)."""
    with engine.begin() as conn:
        result = conn.execute(
            outreach_imports.insert().values(
                workspace_id=workspace_id,
                source_id=source_id,
                file_name=f.file_name,
                file_path=f.file_path,
                member=f.member,
                file_size=f.file_size,
                checksum=f.checksum,
                format=fmt,
                encoding=f.encoding,
                downloaded_on=f.downloaded_on,
                status="running",
                started_at=started_at or _now(),
                software_version=f.software_version,
            )
        )
        return inserted_id(result)


def add_import_counts(
    conn: Connection,
    import_id: int,
    *,
    read: int,
    rejected: int,
    skipped: int,
    counts: OutreachCounts,
) -> None:
    c = outreach_imports.c
    conn.execute(
        update(outreach_imports)
        .where(c.id == import_id)
        .values(
            rows_read=c.rows_read + read,
            rows_rejected=c.rows_rejected + rejected,
            rows_skipped=c.rows_skipped + skipped,
            rows_new=c.rows_new + counts.new,
            rows_updated=c.rows_updated + counts.updated,
            rows_unchanged=c.rows_unchanged + counts.unchanged,
        )
    )


def finish_import(
    engine: Engine,
    import_id: int,
    status: str,
    *,
    platform: str | None = None,
    channel_id: int | None = None,
    rejects_path: str | None = None,
    notes: Sequence[str] = (),
    error: str | None = None,
) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(outreach_imports)
            .where(outreach_imports.c.id == import_id)
            .values(
                status=status,
                finished_at=_now(),
                platform=platform,
                channel_id=channel_id,
                rejects_path=rejects_path,
                notes=orjson.dumps(list(notes)).decode() if notes else None,
                error=error,
            )
        )


def list_imports(engine: Engine, workspace_id: int, limit: int = 50) -> list[dict]:
    c = outreach_imports.c
    stmt = (
        select(outreach_imports)
        .where(c.workspace_id == workspace_id)
        .order_by(c.id.desc())
        .limit(limit)
    )
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(stmt)]


# --- plans: target audiences, goals, content calendar ---------------------------------------


def _as_date(value: date | str) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _channel_list(value: object) -> list[int]:
    return [int(v) for v in value] if isinstance(value, list | tuple) else []


def _ids(value: str | Sequence[int] | None) -> tuple[int, ...]:
    if isinstance(value, str):
        value = orjson.loads(value)
    return tuple(int(v) for v in value or ())


def _texts(value: str | Sequence[str] | None) -> tuple[str, ...]:
    if isinstance(value, str):
        value = orjson.loads(value)
    return tuple(str(v) for v in value or ())


def _audience(row: Row) -> Audience:
    return Audience(row.id, row.name, _texts(row.ages), _texts(row.genders), _texts(row.regions))


def audiences_of(conn: Connection, workspace_id: int) -> list[Audience]:
    a = outreach_audiences.c
    stmt = select(outreach_audiences).where(a.workspace_id == workspace_id).order_by(a.name)
    return [_audience(r) for r in conn.execute(stmt)]


def save_audience(
    conn: Connection,
    workspace_id: int,
    name: str,
    ages: Sequence[str],
    genders: Sequence[str],
    regions: Sequence[str],
) -> Audience:
    """Insert or replace the audience called ``name``."""
    a = outreach_audiences.c
    values = {"ages": list(ages), "genders": list(genders), "regions": list(regions)}
    where = and_(a.workspace_id == workspace_id, a.name == name)
    if conn.execute(select(a.id).where(where)).first() is None:
        conn.execute(
            outreach_audiences.insert().values(
                workspace_id=workspace_id, name=name, created_at=_now(), **values
            )
        )
    else:
        conn.execute(update(outreach_audiences).where(where).values(**values))
    return _audience(conn.execute(select(outreach_audiences).where(where)).one())


def delete_audience(conn: Connection, workspace_id: int, audience_id: int) -> int:
    a = outreach_audiences.c
    stmt = delete(outreach_audiences).where(a.workspace_id == workspace_id, a.id == audience_id)
    return conn.execute(stmt).rowcount


def _goal(row: Row) -> Goal:
    return Goal(
        id=row.id,
        name=row.name,
        objective=row.objective,
        metric=row.metric,
        target=float(row.target),
        starts_on=_as_date(row.starts_on),
        ends_on=_as_date(row.ends_on),
        channel_ids=_ids(row.channels),
        audience_id=row.audience_id,
        notes=row.notes,
    )


def goals_of(conn: Connection, workspace_id: int) -> list[Goal]:
    g = outreach_goals.c
    stmt = (
        select(outreach_goals)
        .where(g.workspace_id == workspace_id)
        .order_by(g.starts_on, g.name, g.id)
    )
    return [_goal(r) for r in conn.execute(stmt)]


def save_goal(conn: Connection, workspace_id: int, values: Mapping[str, object]) -> Goal:
    """Insert or replace the goal called ``values["name"]``."""
    g = outreach_goals.c
    row = dict(values)
    row["channels"] = _channel_list(row.get("channels"))
    where = and_(g.workspace_id == workspace_id, g.name == row["name"])
    now = _now()
    if conn.execute(select(g.id).where(where)).first() is None:
        conn.execute(
            outreach_goals.insert().values(
                workspace_id=workspace_id, created_at=now, updated_at=now, **row
            )
        )
    else:
        conn.execute(update(outreach_goals).where(where).values(updated_at=now, **row))
    return _goal(conn.execute(select(outreach_goals).where(where)).one())


def delete_goal(conn: Connection, workspace_id: int, goal_id: int) -> int:
    g = outreach_goals.c
    stmt = delete(outreach_goals).where(g.workspace_id == workspace_id, g.id == goal_id)
    return conn.execute(stmt).rowcount


def _captions(
    conn: Connection, workspace_id: int, item_ids: Sequence[int]
) -> dict[int, dict[str, str]]:
    c = outreach_captions.c
    found: dict[int, dict[str, str]] = {}
    for start in range(0, len(item_ids), _CHUNK):
        stmt = select(c.plan_item_id, c.platform, c.text).where(
            c.workspace_id == workspace_id,
            c.plan_item_id.in_(list(item_ids[start : start + _CHUNK])),
        )
        for item_id, platform, text in conn.execute(stmt.order_by(c.platform)):
            found.setdefault(item_id, {})[platform] = text
    return found


def _plan_item(row: Row, captions: dict[str, str]) -> PlanItem:
    return PlanItem(
        id=row.id,
        title=row.title,
        pillar=row.pillar,
        content_type=row.content_type,
        channel_ids=_ids(row.channels),
        scheduled_at=_dt(row.scheduled_at),  # type: ignore[arg-type]  # a plan item always has a time
        agenda_item_id=row.agenda_item_id,
        goal_id=row.goal_id,
        audience_id=row.audience_id,
        owner=row.owner,
        status=row.status,
        created_by=row.created_by,
        approved_by=row.approved_by,
        approved_at=_dt(row.approved_at),
        notes=row.notes,
        captions=captions,
    )


def plan_items_of(
    conn: Connection,
    workspace_id: int,
    since: datetime | None = None,
    until: datetime | None = None,
    item_ids: Sequence[int] | None = None,
) -> list[PlanItem]:
    """Plan items scheduled in ``[since, until)`` (naive UTC), in time order."""
    p = outreach_plan_items.c
    stmt = select(outreach_plan_items).where(p.workspace_id == workspace_id)
    if since is not None:
        stmt = stmt.where(p.scheduled_at >= since)
    if until is not None:
        stmt = stmt.where(p.scheduled_at < until)
    if item_ids is not None:
        stmt = stmt.where(p.id.in_(list(item_ids)))
    rows = list(conn.execute(stmt.order_by(p.scheduled_at, p.id)))
    captions = _captions(conn, workspace_id, [r.id for r in rows])
    return [_plan_item(r, captions.get(r.id, {})) for r in rows]


def insert_plan_item(conn: Connection, workspace_id: int, values: Mapping[str, object]) -> int:
    now = _now()
    row = dict(values)
    row["channels"] = _channel_list(row.get("channels"))
    result = conn.execute(
        outreach_plan_items.insert().values(
            workspace_id=workspace_id, created_at=now, updated_at=now, **row
        )
    )
    return inserted_id(result)


def update_plan_item(
    conn: Connection, workspace_id: int, item_id: int, values: Mapping[str, object]
) -> int:
    p = outreach_plan_items.c
    row = dict(values)
    if "channels" in row:
        row["channels"] = list(row["channels"] or [])  # type: ignore[call-overload]  # the caller passes a list of channel ids
    stmt = (
        update(outreach_plan_items)
        .where(p.workspace_id == workspace_id, p.id == item_id)
        .values(updated_at=_now(), **row)
    )
    return conn.execute(stmt).rowcount


def set_captions(
    conn: Connection, workspace_id: int, item_id: int, captions: Mapping[str, str]
) -> None:
    """Replace the item's caption variants with ``captions`` (platform -> text)."""
    c = outreach_captions.c
    conn.execute(
        delete(outreach_captions).where(c.workspace_id == workspace_id, c.plan_item_id == item_id)
    )
    rows = [
        {
            "workspace_id": workspace_id,
            "plan_item_id": item_id,
            "platform": platform,
            "text": text,
            "updated_at": _now(),
        }
        for platform, text in sorted(captions.items())
    ]
    if rows:
        conn.execute(outreach_captions.insert(), rows)


def delete_plan_item(conn: Connection, workspace_id: int, item_id: int) -> int:
    for table in (outreach_captions, outreach_plan_posts):
        conn.execute(
            delete(table).where(
                table.c.workspace_id == workspace_id, table.c.plan_item_id == item_id
            )
        )
    p = outreach_plan_items.c
    stmt = delete(outreach_plan_items).where(p.workspace_id == workspace_id, p.id == item_id)
    return conn.execute(stmt).rowcount


def owned_posts(
    conn: Connection,
    workspace_id: int,
    channel_ids: Sequence[int],
    since: datetime,
    until: datetime,
) -> list[OwnedPost]:
    """Owned posts of ``channel_ids`` published in ``[since, until)`` with their captions."""
    c = channel_posts.c
    stmt = (
        select(c.channel_id, c.post_id, c.published_at, c.caption, c.permalink)
        .where(
            c.workspace_id == workspace_id,
            c.channel_id.in_(list(channel_ids)),
            c.published_at >= since,
            c.published_at < until,
        )
        .order_by(c.published_at, c.post_id)
    )
    return [OwnedPost(r[0], r[1], _dt(r[2]), r[3], r[4]) for r in conn.execute(stmt)]  # type: ignore[arg-type]  # a published post always has a time


def plan_links(
    conn: Connection, workspace_id: int, item_ids: Sequence[int] | None = None
) -> list[PlanLink]:
    c = outreach_plan_posts.c
    stmt = select(c.plan_item_id, c.channel_id, c.post_id, c.score, c.method).where(
        c.workspace_id == workspace_id
    )
    if item_ids is not None:
        stmt = stmt.where(c.plan_item_id.in_(list(item_ids)))
    stmt = stmt.order_by(c.plan_item_id, c.channel_id, c.post_id)
    return [PlanLink(r[0], r[1], r[2], float(r[3]), r[4]) for r in conn.execute(stmt)]


def link_posts(conn: Connection, workspace_id: int, links: Sequence[PlanLink]) -> int:
    """Store links; a post already linked (to any item) keeps its link. Returns how many
    links are new."""
    if not links:
        return 0
    c = outreach_plan_posts.c
    existing = {
        (r[0], r[1])
        for r in conn.execute(
            select(c.channel_id, c.post_id).where(
                c.workspace_id == workspace_id,
                c.post_id.in_(sorted({link.post_id for link in links})),
            )
        )
    }
    fresh = [
        {
            "workspace_id": workspace_id,
            "channel_id": link.channel_id,
            "post_id": link.post_id,
            "plan_item_id": link.plan_item_id,
            "score": link.score,
            "method": link.method,
            "linked_at": _now(),
        }
        for link in links
        if (link.channel_id, link.post_id) not in existing
    ]
    if fresh:
        conn.execute(outreach_plan_posts.insert(), fresh)
    return len(fresh)


def unlink_post(conn: Connection, workspace_id: int, channel_id: int, post_id: str) -> int:
    c = outreach_plan_posts.c
    stmt = delete(outreach_plan_posts).where(
        c.workspace_id == workspace_id, c.channel_id == channel_id, c.post_id == post_id
    )
    return conn.execute(stmt).rowcount


def linked_post_facts(
    conn: Connection, workspace_id: int, item_ids: Sequence[int] | None = None
) -> list[tuple[int, PostFacts]]:
    """(plan item id, post facts) of every linked post."""
    c, lp = channel_posts.c, outreach_plan_posts.c
    stmt = (
        select(
            lp.plan_item_id,
            c.channel_id,
            c.post_id,
            c.published_at,
            c.time_known,
            c.post_type,
            *[c[m] for m in POST_METRICS],
        )
        .join(
            channel_posts,
            and_(
                c.workspace_id == lp.workspace_id,
                c.channel_id == lp.channel_id,
                c.post_id == lp.post_id,
            ),
        )
        .where(lp.workspace_id == workspace_id)
    )
    if item_ids is not None:
        stmt = stmt.where(lp.plan_item_id.in_(list(item_ids)))
    stmt = stmt.order_by(lp.plan_item_id, c.published_at)
    return [(r[0], PostFacts(*r[1:])) for r in conn.execute(stmt)]


def sentiment_counts(
    conn: Connection, workspace_id: int, since: datetime, until: datetime
) -> dict[str, int]:
    """Enriched monitored posts created in ``[since, until)`` per sentiment label."""
    e, p = post_enrichment.c, posts.c
    stmt = (
        select(e.sentiment, func.count())
        .select_from(
            post_enrichment.join(posts, and_(p.workspace_id == e.workspace_id, p.id == e.post_id))
        )
        .where(e.workspace_id == workspace_id, p.created_at >= since, p.created_at < until)
        .group_by(e.sentiment)
    )
    return {label: int(n) for label, n in conn.execute(stmt)}
