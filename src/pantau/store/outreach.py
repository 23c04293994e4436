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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import orjson
from sqlalchemy import Connection, Engine, Insert, Row, Table, and_, bindparam, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.sql import ColumnElement

from pantau.outreach.records import (
    POST_METRICS,
    AudienceItem,
    Channel,
    ChannelRef,
    DailyItem,
    OutreachCounts,
    PostFacts,
    PostItem,
)
from pantau.store.schema import (
    channel_audience,
    channel_daily,
    channel_posts,
    channels,
    outreach_imports,
)

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
    daily_counts = dict(
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
    """Each channel's newest follower count (metric ``followers``) on or before ``until``."""
    d = channel_daily.c
    where = [d.workspace_id == workspace_id, d.metric == "followers"]
    if until is not None:
        where.append(d.date <= until)
    newest = (
        select(d.channel_id, func.max(d.date).label("day")).where(*where).group_by(d.channel_id)
    ).subquery()
    stmt = select(d.channel_id, d.value, d.date).join(
        newest,
        and_(
            d.channel_id == newest.c.channel_id,
            d.date == newest.c.day,
            d.workspace_id == workspace_id,
            d.metric == "followers",
        ),
    )
    return {cid: (value, day) for cid, value, day in conn.execute(stmt)}


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


def start_import(engine: Engine, workspace_id: int, fmt: str, f: ImportFile) -> int:
    with engine.begin() as conn:
        result = conn.execute(
            outreach_imports.insert().values(
                workspace_id=workspace_id,
                file_name=f.file_name,
                file_path=f.file_path,
                member=f.member,
                file_size=f.file_size,
                checksum=f.checksum,
                format=fmt,
                encoding=f.encoding,
                downloaded_on=f.downloaded_on,
                status="running",
                started_at=_now(),
                software_version=f.software_version,
            )
        )
        return int(result.inserted_primary_key[0])


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
