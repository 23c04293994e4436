"""SQL for the claims database (known hoaxes and clarifications) and the posts matched to them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime

from sqlalchemy import Connection, Engine, delete, func, insert, select, update

from pantau.store.schema import claim_matches, claims, posts
from pantau.store.sql import same_workspace

_IN_CHUNK = 500
CLAIM_FIELDS = ("claim", "verdict", "category", "clarification", "source_url", "published")


def upsert_claims(
    conn: Connection,
    workspace_id: int,
    rows: Sequence[Mapping[str, object]],
    now: datetime,
    shared: bool = False,
) -> tuple[int, int, int]:
    """Store claims keyed by ``claim_key``; returns (new, updated, unchanged). ``shared``
    claims (the coordinator's) are matched in every workspace."""
    existing: dict[str, dict] = {}
    keys = sorted({str(r["claim_key"]) for r in rows})
    for start in range(0, len(keys), _IN_CHUNK):
        stmt = select(claims).where(
            claims.c.workspace_id == workspace_id,
            claims.c.claim_key.in_(keys[start : start + _IN_CHUNK]),
        )
        for row in conn.execute(stmt).mappings():
            existing[row["claim_key"]] = dict(row)
    new = updated = unchanged = 0
    for r in rows:
        values = {f: r.get(f) for f in CLAIM_FIELDS} | {"shared": shared}
        old = existing.get(str(r["claim_key"]))
        if old is None:
            conn.execute(
                insert(claims).values(
                    workspace_id=workspace_id, claim_key=r["claim_key"], created_at=now, **values
                )
            )
            existing[str(r["claim_key"])] = {**values, "id": None}
            new += 1
        elif all(old.get(f) == values[f] for f in values):
            unchanged += 1
        else:
            conn.execute(
                update(claims)
                .where(claims.c.workspace_id == workspace_id, claims.c.claim_key == r["claim_key"])
                .values(**values)
            )
            existing[str(r["claim_key"])].update(values)
            updated += 1
    return new, updated, unchanged


def claim_rows(conn: Connection, workspace_id: int) -> list[dict]:
    """Every claim of the workspace and every shared claim (entered by the coordinator in any
    workspace), with its number of posts matched in this workspace, oldest first."""
    counts: dict[int, int] = dict(
        conn.execute(
            select(claim_matches.c.claim_id, func.count())
            .where(claim_matches.c.workspace_id == workspace_id)
            .group_by(claim_matches.c.claim_id)
        ).all()
    )
    stmt = (
        select(claims)
        .where((claims.c.workspace_id == workspace_id) | claims.c.shared)
        .order_by(claims.c.id)
    )
    found = []
    for row in conn.execute(stmt).mappings():
        item = dict(row)
        item["matches"] = counts.get(item["id"], 0)
        found.append(item)
    return found


def delete_claim(conn: Connection, workspace_id: int, claim_id: int) -> bool:
    """Delete a claim of this workspace with its matches (in every workspace, for a shared
    claim)."""
    owned = conn.execute(
        select(claims.c.shared).where(
            claims.c.workspace_id == workspace_id, claims.c.id == claim_id
        )
    ).first()
    if owned is None:
        return False
    matches = delete(claim_matches).where(claim_matches.c.claim_id == claim_id)
    if not owned.shared:
        matches = matches.where(claim_matches.c.workspace_id == workspace_id)
    conn.execute(matches)
    result = conn.execute(
        delete(claims).where(claims.c.workspace_id == workspace_id, claims.c.id == claim_id)
    )
    return result.rowcount > 0


def iter_posts(
    engine: Engine, workspace_id: int, *, after_id: int = 0, batch: int = 5000
) -> Iterator[list[tuple[int, str | None, str, str | None]]]:
    """(id, title, text, url) of posts with ``id > after_id`` in id order, one list per batch."""
    last = after_id
    base = (
        select(posts.c.id, posts.c.title, posts.c.text, posts.c.url)
        .where(same_workspace(posts, workspace_id))
        .order_by(posts.c.id)
    )
    while True:
        with engine.connect() as conn:
            found = [tuple(r) for r in conn.execute(base.where(posts.c.id > last).limit(batch))]
        if not found:
            return
        yield found
        last = found[-1][0]


def recent_post_texts(
    conn: Connection, workspace_id: int, limit: int, before_id: int | None = None
) -> list[str]:
    """Texts of the newest posts (background for term weights)."""
    stmt = select(posts.c.title, posts.c.text).where(posts.c.workspace_id == workspace_id)
    if before_id is not None:
        stmt = stmt.where(posts.c.id <= before_id)
    stmt = stmt.order_by(posts.c.id.desc()).limit(limit)
    return [(t + "\n" + x) if t else x for t, x in conn.execute(stmt)]


def replace_matches(
    conn: Connection,
    workspace_id: int,
    rows: Sequence[Mapping[str, object]],
    after_post_id: int | None = None,
) -> None:
    """Replace the stored matches of all posts (or of posts with ``id > after_post_id``)."""
    stmt = delete(claim_matches).where(claim_matches.c.workspace_id == workspace_id)
    if after_post_id is not None:
        stmt = stmt.where(claim_matches.c.post_id > after_post_id)
    conn.execute(stmt)
    if rows:
        conn.execute(
            insert(claim_matches), [{"workspace_id": workspace_id, **dict(r)} for r in rows]
        )


def stored_matches(conn: Connection, workspace_id: int) -> dict[tuple[int, int], dict]:
    stmt = select(claim_matches).where(claim_matches.c.workspace_id == workspace_id)
    return {(r["claim_id"], r["post_id"]): dict(r) for r in conn.execute(stmt).mappings()}


def matches_for_posts(conn: Connection, workspace_id: int, post_ids: Iterable[int]) -> list[dict]:
    wanted = sorted(set(post_ids))
    found: list[dict] = []
    for start in range(0, len(wanted), _IN_CHUNK):
        stmt = select(claim_matches).where(
            claim_matches.c.workspace_id == workspace_id,
            claim_matches.c.post_id.in_(wanted[start : start + _IN_CHUNK]),
        )
        found.extend(dict(r) for r in conn.execute(stmt).mappings())
    return found


FALSE_VERDICTS = ("HOAKS", "DISINFORMASI", "MISINFORMASI")
SPREADING = "menyebarkan"  # claim_matches.stance of a post that spreads the claim


DEBUNKING = "membantah"


def false_claims_for_posts(
    conn: Connection, workspace_id: int, post_ids: Iterable[int], stance: str = SPREADING
) -> dict[int, str]:
    """For each of these posts that spreads a known false claim (or debunks one, with
    ``stance=DEBUNKING``): the claim's text (the best-scoring one when several match). Posts
    debunking the claim do not make an issue a hoax issue."""
    wanted = sorted(set(post_ids))
    found: dict[int, tuple[float, str]] = {}
    for start in range(0, len(wanted), _IN_CHUNK):
        stmt = (
            select(claim_matches.c.post_id, claim_matches.c.score, claims.c.claim)
            .join(
                claims,
                claims.c.id == claim_matches.c.claim_id,  # shared claims: any workspace's
            )
            .where(
                claim_matches.c.workspace_id == workspace_id,
                claim_matches.c.post_id.in_(wanted[start : start + _IN_CHUNK]),
                claims.c.verdict.in_(FALSE_VERDICTS),
                claim_matches.c.stance == stance,
            )
        )
        for post_id, score, claim in conn.execute(stmt):
            if post_id not in found or score > found[post_id][0]:
                found[post_id] = (score, claim)
    return {post_id: claim for post_id, (_, claim) in found.items()}


def claim_of_posts(conn: Connection, workspace_id: int, post_ids: Iterable[int]) -> dict[int, int]:
    """For each of these posts matched to a claim, whatever its stance or verdict: the id of
    the best-scoring claim (ties to the lower id). Used to tell which issues are one story."""
    wanted = sorted(set(post_ids))
    found: dict[int, tuple[float, int]] = {}
    for start in range(0, len(wanted), _IN_CHUNK):
        stmt = select(
            claim_matches.c.post_id, claim_matches.c.score, claim_matches.c.claim_id
        ).where(
            claim_matches.c.workspace_id == workspace_id,
            claim_matches.c.post_id.in_(wanted[start : start + _IN_CHUNK]),
        )
        for post_id, score, claim_id in conn.execute(stmt):
            best = found.get(post_id)
            if best is None or (score, -claim_id) > (best[0], -best[1]):
                found[post_id] = (score, claim_id)
    return {post_id: claim_id for post_id, (_, claim_id) in found.items()}


def update_claim(
    conn: Connection, workspace_id: int, claim_id: int, values: Mapping[str, object]
) -> None:
    conn.execute(
        update(claims)
        .where(claims.c.workspace_id == workspace_id, claims.c.id == claim_id)
        .values(**values)
    )


def claim_key_owner(conn: Connection, workspace_id: int, key: str) -> int | None:
    """The id of the claim stored under ``key``, if any."""
    return conn.execute(
        select(claims.c.id).where(claims.c.workspace_id == workspace_id, claims.c.claim_key == key)
    ).scalar()


def matched_posts(
    conn: Connection, workspace_id: int, claim_id: int, limit: int = 50
) -> list[dict]:
    """The newest posts matched to one claim, with the match's score, passage, method and
    stance (by the claim's key, then the posts by id)."""
    m = claim_matches.c
    stmt = (
        select(
            posts.c.id,
            posts.c.platform,
            posts.c.author,
            posts.c.created_at,
            posts.c.text,
            posts.c.url,
            m.score,
            m.passage,
            m.method,
            m.stance,
        )
        .select_from(
            claim_matches.join(
                posts, (posts.c.workspace_id == m.workspace_id) & (posts.c.id == m.post_id)
            )
        )
        .where(m.workspace_id == workspace_id, m.claim_id == claim_id)
        .order_by(posts.c.created_at.desc(), posts.c.id.desc())
        .limit(limit)
    )
    return [dict(r._mapping) for r in conn.execute(stmt)]


def stance_counts(conn: Connection, workspace_id: int, claim_id: int) -> dict[str, int]:
    m = claim_matches.c
    stmt = (
        select(m.stance, func.count())
        .where(m.workspace_id == workspace_id, m.claim_id == claim_id)
        .group_by(m.stance)
    )
    return {str(s): int(n) for s, n in conn.execute(stmt)}
