"""SQL for narrative kits (narasi tunggal): the kits, the accounts asked to carry them, and the
posts found carrying them."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime

from sqlalchemy import (
    ColumnElement,
    Connection,
    DateTime,
    Engine,
    Integer,
    String,
    Table,
    Text,
    cast,
    delete,
    func,
    insert,
    literal_column,
    select,
    type_coerce,
    update,
)

from pantau.store.schema import (
    authors,
    narrative_accounts,
    narrative_kits,
    narrative_matches,
    posts,
)
from pantau.store.sql import insert_ignoring_duplicates, inserted_id, same_workspace

KIT_FIELDS = ("title", "message", "hashtags", "link", "assets", "release_at")
ACCOUNT_FIELDS = ("name", "institution", "via_workspace")
_IN_CHUNK = 500


# --- kits -----------------------------------------------------------------------------------


def insert_kit(
    conn: Connection, workspace_id: int, values: Mapping[str, object], now: datetime
) -> int:
    result = conn.execute(
        insert(narrative_kits).values(
            workspace_id=workspace_id,
            created_at=now,
            updated_at=now,
            matched_through=0,
            **{f: values[f] for f in KIT_FIELDS},
        )
    )
    return inserted_id(result)


def _counts(
    conn: Connection, workspace_id: int, table: Table, kit_ids: Sequence[int]
) -> dict[int, int]:
    if not kit_ids:
        return {}
    stmt = (
        select(table.c.kit_id, func.count())
        .where(table.c.workspace_id == workspace_id, table.c.kit_id.in_(list(kit_ids)))
        .group_by(table.c.kit_id)
    )
    return {int(k): int(n) for k, n in conn.execute(stmt)}


def kit_rows(conn: Connection, workspace_id: int, kit_id: int | None = None) -> list[dict]:
    """Kits of the workspace (or the one kit), newest release first, each with ``accounts``
    (asked) and ``matches`` (carrying posts stored)."""
    stmt = select(narrative_kits).where(narrative_kits.c.workspace_id == workspace_id)
    if kit_id is not None:
        stmt = stmt.where(narrative_kits.c.id == kit_id)
    rows = [
        dict(r)
        for r in conn.execute(
            stmt.order_by(narrative_kits.c.release_at.desc(), narrative_kits.c.id.desc())
        ).mappings()
    ]
    ids = [r["id"] for r in rows]
    asked = _counts(conn, workspace_id, narrative_accounts, ids)
    matched = _counts(conn, workspace_id, narrative_matches, ids)
    for r in rows:
        r["accounts"] = asked.get(r["id"], 0)
        r["matches"] = matched.get(r["id"], 0)
    return rows


def update_kit(
    conn: Connection, workspace_id: int, kit_id: int, values: Mapping[str, object], now: datetime
) -> None:
    conn.execute(
        update(narrative_kits)
        .where(narrative_kits.c.workspace_id == workspace_id, narrative_kits.c.id == kit_id)
        .values(updated_at=now, **{f: values[f] for f in KIT_FIELDS})
    )


def kit_id_by_title(conn: Connection, workspace_id: int, title: str) -> int | None:
    return conn.execute(
        select(narrative_kits.c.id).where(
            narrative_kits.c.workspace_id == workspace_id, narrative_kits.c.title == title
        )
    ).scalar()


def delete_kit(conn: Connection, workspace_id: int, kit_id: int) -> bool:
    for table in (narrative_matches, narrative_accounts):
        conn.execute(
            delete(table).where(table.c.workspace_id == workspace_id, table.c.kit_id == kit_id)
        )
    result = conn.execute(
        delete(narrative_kits).where(
            narrative_kits.c.workspace_id == workspace_id, narrative_kits.c.id == kit_id
        )
    )
    return result.rowcount > 0


# --- accounts asked -------------------------------------------------------------------------


def upsert_accounts(
    conn: Connection,
    workspace_id: int,
    kit_id: int,
    rows: Sequence[Mapping[str, object]],
    now: datetime,
) -> tuple[int, int, int]:
    """Store asked accounts keyed by (platform, handle); returns (new, updated, unchanged).
    Later rows for the same account win."""
    latest: dict[tuple[str, str], Mapping[str, object]] = {}
    for r in rows:
        latest[(str(r["platform"]), str(r["handle"]))] = r
    a = narrative_accounts.c
    existing = {
        (row["platform"], row["handle"]): dict(row)
        for row in conn.execute(
            select(narrative_accounts).where(a.workspace_id == workspace_id, a.kit_id == kit_id)
        ).mappings()
    }
    new = updated = unchanged = 0
    for (platform, handle), r in latest.items():
        values = {f: r.get(f) for f in ACCOUNT_FIELDS}
        old = existing.get((platform, handle))
        if old is None:
            conn.execute(
                insert(narrative_accounts).values(
                    workspace_id=workspace_id,
                    kit_id=kit_id,
                    platform=platform,
                    handle=handle,
                    added_at=now,
                    **values,
                )
            )
            new += 1
        elif all(old[f] == values[f] for f in ACCOUNT_FIELDS):
            unchanged += 1
        else:
            conn.execute(
                update(narrative_accounts)
                .where(
                    a.workspace_id == workspace_id,
                    a.kit_id == kit_id,
                    a.platform == platform,
                    a.handle == handle,
                )
                .values(**values)
            )
            updated += 1
    return new, updated, unchanged


def delete_account(
    conn: Connection, workspace_id: int, kit_id: int, platform: str, handle: str
) -> bool:
    a = narrative_accounts.c
    result = conn.execute(
        delete(narrative_accounts).where(
            a.workspace_id == workspace_id,
            a.kit_id == kit_id,
            a.platform == platform,
            a.handle == handle,
        )
    )
    return result.rowcount > 0


def account_rows(conn: Connection, workspace_id: int, kit_id: int) -> list[dict]:
    a = narrative_accounts.c
    stmt = (
        select(narrative_accounts)
        .where(a.workspace_id == workspace_id, a.kit_id == kit_id)
        .order_by(a.institution, a.platform, a.handle)
    )
    return [dict(r) for r in conn.execute(stmt).mappings()]


# --- matching -------------------------------------------------------------------------------


def iter_posts_since(
    engine: Engine,
    workspace_id: int,
    *,
    after_id: int,
    through_id: int,
    since: datetime,
    batch: int = 20_000,
) -> Iterator[Sequence[tuple]]:
    """(id, created_at, title, text, url, hashtags) of posts with ``after_id < id <=
    through_id`` created at or after ``since``, in id order, one list per batch. For speed,
    nothing is converted: ``hashtags`` is the stored JSON list as text and ``created_at`` is
    what the driver returns (text on SQLite; see ``as_datetime``)."""
    p = posts.c
    workspace: ColumnElement[int] = p.workspace_id
    created: ColumnElement[datetime] = p.created_at
    if engine.dialect.name == "sqlite":
        # Compared bare, these columns make SQLite walk the (workspace_id, created_at) index and
        # sort every batch by id; "+" keeps it on the id (rowid) order, one pass over the table.
        workspace = literal_column("+posts.workspace_id", Integer)
        created = literal_column("+posts.created_at", DateTime)
    base = (
        select(
            p.id,
            type_coerce(p.created_at, String),
            p.title,
            p.text,
            p.url,
            cast(p.hashtags, Text),
        )
        .where(workspace == workspace_id, p.id <= through_id, created >= since)
        .order_by(p.id)
        .limit(batch)
    )
    last = after_id
    while True:
        with engine.connect() as conn:
            result = conn.execute(base.where(p.id > last))
            found = result.cursor.fetchall()  # plain tuples: no row objects for every post
            result.close()
        if not found:
            return
        yield found
        if len(found) < batch:
            return
        last = found[-1][0]


def as_datetime(value: datetime | str) -> datetime:
    """A ``created_at`` from ``iter_posts_since`` as a naive datetime."""
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def max_post_id(conn: Connection, workspace_id: int) -> int:
    stmt = select(posts.c.id).where(same_workspace(posts, workspace_id))
    value = conn.execute(stmt.order_by(posts.c.id.desc()).limit(1)).scalar()
    return int(value or 0)


def kit_match_key(conn: Connection, workspace_id: int, kit_id: int) -> str | None:
    return conn.execute(
        select(narrative_kits.c.match_key).where(
            narrative_kits.c.workspace_id == workspace_id, narrative_kits.c.id == kit_id
        )
    ).scalar()


def reset_matches(conn: Connection, workspace_id: int, kit_id: int, match_key: str) -> None:
    """Forget the kit's matches and its progress (the kit or the method changed)."""
    conn.execute(
        delete(narrative_matches).where(
            narrative_matches.c.workspace_id == workspace_id,
            narrative_matches.c.kit_id == kit_id,
        )
    )
    conn.execute(
        update(narrative_kits)
        .where(narrative_kits.c.workspace_id == workspace_id, narrative_kits.c.id == kit_id)
        .values(matched_through=0, match_key=match_key)
    )


def add_matches(
    conn: Connection,
    workspace_id: int,
    kit_id: int,
    rows: Sequence[Mapping[str, object]],
    matched_through: int,
) -> int:
    """Store new matches (an already stored post is left as it is) and how far matching got;
    returns how many rows were new."""
    m = narrative_matches.c
    wanted = sorted({int(r["post_id"]) for r in rows})  # type: ignore[call-overload]  # post ids are integers
    stored: set[int] = set()
    for start in range(0, len(wanted), _IN_CHUNK):
        stmt = select(m.post_id).where(
            m.workspace_id == workspace_id,
            m.kit_id == kit_id,
            m.post_id.in_(wanted[start : start + _IN_CHUNK]),
        )
        stored.update(int(v) for v in conn.execute(stmt).scalars())
    fresh = [
        {"workspace_id": workspace_id, "kit_id": kit_id, **dict(r)}
        for r in rows
        if r["post_id"] not in stored
    ]
    if fresh:
        conn.execute(insert_ignoring_duplicates(conn, narrative_matches), fresh)
    conn.execute(
        update(narrative_kits)
        .where(narrative_kits.c.workspace_id == workspace_id, narrative_kits.c.id == kit_id)
        .values(matched_through=matched_through)
    )
    return len(fresh)


def carrying_posts(conn: Connection, workspace_id: int, kit_id: int) -> list[dict]:
    """The kit's stored matches with the post's platform, author, time, text, link and metrics
    and the author's newest known follower count and name, oldest post first."""
    m, p, a = narrative_matches.c, posts.c, authors.c
    stmt = (
        select(
            m.post_id,
            m.signals,
            m.fidelity,
            m.posted_at,
            p.platform,
            p.external_id,
            p.author,
            p.text,
            p.url,
            p.likes,
            p.reposts,
            p.replies,
            p.views,
            a.name.label("author_name"),
            a.followers,
        )
        .select_from(
            narrative_matches.join(
                posts, (p.workspace_id == m.workspace_id) & (p.id == m.post_id)
            ).outerjoin(
                authors,
                (a.workspace_id == p.workspace_id)
                & (a.platform == p.platform)
                & (a.handle == p.author),
            )
        )
        .where(m.workspace_id == workspace_id, m.kit_id == kit_id)
        .order_by(m.posted_at, m.post_id)
    )
    return [dict(r) for r in conn.execute(stmt).mappings()]
