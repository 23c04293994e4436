"""Posts and their authors: the idempotent batch writer and the read queries.

The writer classifies every record of a batch as new, updated (a newer copy with changed
text or metrics) or duplicate, in one transaction per batch, so an interrupted import is
repaired by running it again. SQLite gets a plain ``executemany``; PostgreSQL gets ``COPY``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import orjson
from sqlalchemy import Connection, bindparam, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from pantau.records import PostRecord, WriteCounts
from pantau.store.schema import posts

_LOOKUP_CHUNK = 500
_INSERT_COLUMNS = (
    "workspace_id",
    "platform",
    "external_id",
    "key_kind",
    "created_at",
    "collected_at",
    "author",
    "title",
    "text",
    "url",
    "lang",
    "likes",
    "reposts",
    "replies",
    "views",
    "reply_to",
    "repost_of",
    "quote_of",
    "hashtags",
    "mentions",
    "media",
    "flags",
    "import_run_id",
    "raw_format",
    "raw",
)
_SQLITE_INSERT = (
    f"INSERT INTO posts ({', '.join(_INSERT_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(_INSERT_COLUMNS))}) "
    "ON CONFLICT (workspace_id, platform, external_id) DO NOTHING"
)
_PG_COPY = f"COPY posts ({', '.join(_INSERT_COLUMNS)}) FROM STDIN"

_LOOKUP_COLUMNS = "external_id, text, title, likes, reposts, replies, views, collected_at"
_PG_LOOKUP = (
    f"SELECT {_LOOKUP_COLUMNS} FROM posts "
    "WHERE workspace_id = %s AND platform = %s AND external_id = ANY(%s)"
)


def _sqlite_lookup(size: int) -> str:
    marks = ", ".join("?" * size)
    return (
        f"SELECT {_LOOKUP_COLUMNS} FROM posts "
        f"WHERE workspace_id = ? AND platform = ? AND external_id IN ({marks})"
    )


_update = (
    update(posts)
    .where(posts.c.workspace_id == bindparam("b_ws"))
    .where(posts.c.platform == bindparam("b_platform"))
    .where(posts.c.external_id == bindparam("b_external_id"))
    .values(
        text=bindparam("text"),
        title=bindparam("title"),
        likes=bindparam("likes"),
        reposts=bindparam("reposts"),
        replies=bindparam("replies"),
        views=bindparam("views"),
        collected_at=bindparam("collected_at"),
        import_run_id=bindparam("import_run_id"),
        raw=bindparam("raw"),
        raw_format=bindparam("raw_format"),
        flags=bindparam("flags"),
    )
)


def _json(value: object) -> str | None:
    return None if value is None else orjson.dumps(value).decode()


def _sqlite_time(value: datetime) -> str:
    # The exact text form SQLAlchemy's SQLite DateTime type reads and writes.
    return value.isoformat(" ", "microseconds")


def _existing(
    conn: Connection,
    workspace_id: int,
    keys: Iterable[tuple[str, str]],
    max_id: int | None = None,
) -> dict[tuple[str, str], tuple]:
    """Stored (metrics, collected_at) of those keys that already exist (with ``id <= max_id``
    when given: rows stored before the current batch)."""
    sqlite = conn.dialect.name == "sqlite"
    by_platform: dict[str, list[str]] = {}
    for platform, external_id in keys:
        by_platform.setdefault(platform, []).append(external_id)
    found: dict[tuple[str, str], tuple] = {}
    for platform, ids in by_platform.items():
        for start in range(0, len(ids), _LOOKUP_CHUNK):
            chunk = ids[start : start + _LOOKUP_CHUNK]
            if sqlite:
                sql = _sqlite_lookup(len(chunk))
                if max_id is not None:
                    sql += f" AND id <= {int(max_id)}"
                rows = conn.exec_driver_sql(sql, (workspace_id, platform, *chunk))
            else:
                rows = conn.exec_driver_sql(_PG_LOOKUP, (workspace_id, platform, chunk))
            for external_id, *metrics, collected in rows:
                if isinstance(collected, str):
                    collected = datetime.fromisoformat(collected)
                found[(platform, external_id)] = (tuple(metrics), collected)
    return found


def _insert_rows(
    conn: Connection, workspace_id: int, run_id: int | None, new: list[PostRecord]
) -> int:
    """Insert rows whose key is not stored yet; returns how many were inserted."""
    sqlite = conn.dialect.name == "sqlite"

    def row(p: PostRecord) -> tuple:
        created = _sqlite_time(p.created_at) if sqlite else p.created_at
        collected = _sqlite_time(p.collected_at) if sqlite else p.collected_at
        return (
            workspace_id,
            p.platform,
            p.external_id,
            p.key_kind,
            created,
            collected,
            p.author,
            p.title,
            p.text,
            p.url,
            p.lang,
            p.likes,
            p.reposts,
            p.replies,
            p.views,
            p.reply_to,
            p.repost_of,
            p.quote_of,
            _json(p.hashtags),
            _json(p.mentions),
            _json(p.media),
            ",".join(p.flags),
            run_id,
            p.raw_format,
            p.raw,
        )

    rows = [row(p) for p in new]
    if sqlite:
        return conn.exec_driver_sql(_SQLITE_INSERT, rows).rowcount
    raw_conn = conn.connection.driver_connection
    try:
        with raw_conn.cursor() as cur, raw_conn.transaction(), cur.copy(_PG_COPY) as copy:
            for r in rows:
                copy.write_row(r)
        return len(rows)
    except Exception as exc:  # another writer stored some of these keys meanwhile
        if getattr(exc, "sqlstate", None) != "23505":
            raise
        stmt = pg_insert(posts).on_conflict_do_nothing(
            index_elements=["workspace_id", "platform", "external_id"]
        )
        result = conn.execute(stmt, [dict(zip(_INSERT_COLUMNS, r, strict=True)) for r in rows])
        return result.rowcount


AuthorCache = dict[tuple[str, str], tuple]


def _upsert_authors(
    conn: Connection, workspace_id: int, records: Sequence[PostRecord], cache: AuthorCache
) -> None:
    """Keep each author's newest known profile. ``cache`` remembers what this writer already
    stored, so an unchanged profile costs nothing (most posts come from known authors)."""
    latest: dict[tuple[str, str], PostRecord] = {}
    for p in records:
        if p.author:
            key = (p.platform, p.author)
            prior = latest.get(key)
            if prior is None or p.created_at >= prior.created_at:
                latest[key] = p
    sqlite = conn.dialect.name == "sqlite"
    params = []
    for key, p in latest.items():
        profile = (p.author_name, p.author_followers, p.author_verified)
        cached = cache.get(key)
        if cached is not None and (cached[0] == profile or cached[1] > p.created_at):
            continue
        cache[key] = (profile, p.created_at)
        when = _sqlite_time(p.created_at) if sqlite else p.created_at
        params.append((workspace_id, p.platform, p.author, *profile, when))
    if not params:
        return
    params.sort(key=lambda row: (row[1], row[2]))  # stable lock order between writers
    if sqlite:
        conn.exec_driver_sql(_AUTHORS_UPSERT.format(values="VALUES (?, ?, ?, ?, ?, ?, ?)"), params)
        return
    # PostgreSQL: the whole batch in one statement (one round trip) through unnest().
    columns = list(zip(*params, strict=True))[1:]
    conn.exec_driver_sql(
        _AUTHORS_UPSERT.format(
            values="SELECT %s, * FROM unnest(%s::varchar[], %s::varchar[], %s::varchar[], "
            "%s::bigint[], %s::boolean[], %s::timestamp[])"
        ),
        (workspace_id, *[list(c) for c in columns]),
    )


_AUTHORS_UPSERT = (
    "INSERT INTO authors (workspace_id, platform, handle, name, followers, verified, profile_at) "
    "{values} "
    "ON CONFLICT (workspace_id, platform, handle) DO UPDATE SET "
    "name = coalesce(excluded.name, authors.name), "
    "followers = coalesce(excluded.followers, authors.followers), "
    "verified = coalesce(excluded.verified, authors.verified), "
    "profile_at = excluded.profile_at "
    "WHERE excluded.profile_at >= authors.profile_at"
)


def _classify(
    latest: dict[tuple[str, str], PostRecord],
    existing: dict[tuple[str, str], tuple],
    workspace_id: int,
    import_run_id: int | None,
) -> tuple[list[PostRecord], list[dict]]:
    """Split a batch into records not stored yet and updates of stored ones."""
    new: list[PostRecord] = []
    changed: list[dict] = []
    for key, p in latest.items():
        stored = existing.get(key)
        if stored is None:
            new.append(p)
        elif p.metrics() != stored[0] and p.collected_at >= stored[1]:
            changed.append(
                {
                    "b_ws": workspace_id,
                    "b_platform": p.platform,
                    "b_external_id": p.external_id,
                    "text": p.text,
                    "title": p.title,
                    "likes": p.likes,
                    "reposts": p.reposts,
                    "replies": p.replies,
                    "views": p.views,
                    "collected_at": p.collected_at,
                    "import_run_id": import_run_id,
                    "raw": p.raw,
                    "raw_format": p.raw_format,
                    "flags": ",".join(p.flags),
                }
            )
    return new, changed


def write_posts(
    conn: Connection,
    workspace_id: int,
    records: Sequence[PostRecord],
    import_run_id: int | None = None,
    author_cache: AuthorCache | None = None,
) -> WriteCounts:
    """Store a batch idempotently inside the caller's transaction; return what happened.

    SQLite inserts first and looks up only when some keys were already there (the common
    fresh import needs no look-up); PostgreSQL looks up first and then ``COPY``s the new rows.
    """
    counts = WriteCounts()
    latest: dict[tuple[str, str], PostRecord] = {}
    for p in records:
        key = (p.platform, p.external_id)
        prior = latest.get(key)
        if prior is None:
            latest[key] = p
            continue
        if p.metrics() != prior.metrics() and p.collected_at >= prior.collected_at:
            latest[key] = p
        counts.duplicate += 1
    if not latest:
        return counts
    if conn.dialect.name == "sqlite":
        before = conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM posts").scalar_one()
        inserted = _insert_rows(conn, workspace_id, import_run_id, list(latest.values()))
        changed: list[dict] = []
        if inserted < len(latest):
            existing = _existing(conn, workspace_id, latest, max_id=before)
            _, changed = _classify(
                {k: v for k, v in latest.items() if k in existing},
                existing,
                workspace_id,
                import_run_id,
            )
    else:
        existing = _existing(conn, workspace_id, latest)
        new, changed = _classify(latest, existing, workspace_id, import_run_id)
        inserted = _insert_rows(conn, workspace_id, import_run_id, new) if new else 0
    if changed:
        conn.execute(_update, changed)
    counts.new += inserted
    counts.updated += len(changed)
    counts.duplicate += len(latest) - inserted - len(changed)
    _upsert_authors(
        conn, workspace_id, list(latest.values()), {} if author_cache is None else author_cache
    )
    return counts


@dataclass(frozen=True)
class PostFilter:
    platform: str | None = None
    author: str | None = None
    contains: str | None = None
    since: datetime | None = None  # naive UTC
    until: datetime | None = None  # naive UTC, exclusive


def _filtered(stmt, workspace_id: int, f: PostFilter):  # type: ignore[no-untyped-def]
    stmt = stmt.where(posts.c.workspace_id == workspace_id)
    if f.platform:
        stmt = stmt.where(posts.c.platform == f.platform)
    if f.author:
        stmt = stmt.where(posts.c.author == f.author.lstrip("@"))
    if f.since:
        stmt = stmt.where(posts.c.created_at >= f.since)
    if f.until:
        stmt = stmt.where(posts.c.created_at < f.until)
    if f.contains:
        needle = f.contains.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{needle}%"
        stmt = stmt.where(
            func.lower(posts.c.text).like(pattern.lower(), escape="\\")
            | func.lower(func.coalesce(posts.c.title, "")).like(pattern.lower(), escape="\\")
        )
    return stmt


def list_posts(
    conn: Connection, workspace_id: int, f: PostFilter, limit: int = 20, offset: int = 0
) -> list[dict]:
    cols = [c for c in posts.c if c.name not in ("raw",)]
    stmt = _filtered(select(*cols), workspace_id, f)
    stmt = stmt.order_by(posts.c.created_at.desc(), posts.c.id.desc()).limit(limit).offset(offset)
    return [{str(k): v for k, v in r._mapping.items()} for r in conn.execute(stmt)]


def count_posts(conn: Connection, workspace_id: int, f: PostFilter | None = None) -> int:
    stmt = _filtered(select(func.count()).select_from(posts), workspace_id, f or PostFilter())
    return int(conn.execute(stmt).scalar_one())


def get_raw(conn: Connection, workspace_id: int, platform: str, external_id: str) -> str | None:
    stmt = select(posts.c.raw).where(
        posts.c.workspace_id == workspace_id,
        posts.c.platform == platform,
        posts.c.external_id == external_id,
    )
    return conn.execute(stmt).scalar_one_or_none()


def counts_by_platform(conn: Connection, workspace_id: int) -> dict[str, int]:
    stmt = (
        select(posts.c.platform, func.count())
        .where(posts.c.workspace_id == workspace_id)
        .group_by(posts.c.platform)
        .order_by(func.count().desc())
    )
    return {platform: int(n) for platform, n in conn.execute(stmt)}


def hourly_counts(conn: Connection, workspace_id: int) -> list[tuple[datetime, int]]:
    """Post counts per UTC hour (callers regroup into the workspace's local days)."""
    if conn.dialect.name == "sqlite":
        bucket = func.strftime("%Y-%m-%d %H:00:00", posts.c.created_at)
    else:
        bucket = func.date_trunc("hour", posts.c.created_at)
    stmt = (
        select(bucket.label("hour"), func.count())
        .where(posts.c.workspace_id == workspace_id)
        .group_by(bucket)
        .order_by(bucket)
    )
    out = []
    for hour, n in conn.execute(stmt):
        when = datetime.fromisoformat(hour) if isinstance(hour, str) else hour
        out.append((when, int(n)))
    return out


def time_range(conn: Connection, workspace_id: int) -> tuple[datetime | None, datetime | None]:
    stmt = select(func.min(posts.c.created_at), func.max(posts.c.created_at)).where(
        posts.c.workspace_id == workspace_id
    )
    lo, hi = conn.execute(stmt).one()
    if isinstance(lo, str):  # SQLite aggregates return the stored text
        lo, hi = datetime.fromisoformat(lo), datetime.fromisoformat(hi)
    return lo, hi


def top_authors(conn: Connection, workspace_id: int, limit: int = 10) -> list[tuple[str, str, int]]:
    stmt = (
        select(posts.c.platform, posts.c.author, func.count().label("n"))
        .where(posts.c.workspace_id == workspace_id, posts.c.author.is_not(None))
        .group_by(posts.c.platform, posts.c.author)
        .order_by(func.count().desc(), posts.c.author)
        .limit(limit)
    )
    return [(p, a, int(n)) for p, a, n in conn.execute(stmt)]
