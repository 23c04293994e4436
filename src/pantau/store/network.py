"""Read queries for actors and networks (``pantau.network``) and the workspace account lists."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Select,
    Table,
    and_,
    delete,
    func,
    insert,
    literal,
    select,
    tuple_,
    update,
)
from sqlalchemy.orm import aliased

from pantau.store.schema import (
    account_lists,
    authors,
    claim_matches,
    issue_networks,
    issue_posts,
    issues,
    post_enrichment,
    posts,
)
from pantau.store.sql import same_workspace


def _period(
    stmt: Select[Any], since: datetime | None, until: datetime | None, table: Table = posts
) -> Select[Any]:
    if since is not None:
        stmt = stmt.where(table.c.created_at >= since)
    if until is not None:
        stmt = stmt.where(table.c.created_at < until)
    return stmt


def iter_activity(
    engine: Engine,
    workspace_id: int,
    since: datetime | None = None,
    until: datetime | None = None,
    batch: int = 20_000,
    account: tuple[str, str] | None = None,
    after_id: int = 0,
) -> Iterator[dict]:
    """Posts with an author, with their normalised text when enriched, in id order
    (keyset-paginated, flat memory); only posts with ``id > after_id``."""
    cols = (
        posts.c.id,
        posts.c.platform,
        posts.c.external_id,
        posts.c.author,
        posts.c.created_at,
        posts.c.text,
        posts.c.url,
        posts.c.repost_of,
        posts.c.hashtags,
        post_enrichment.c.normalized_text,
    )
    join = posts.outerjoin(
        post_enrichment,
        and_(
            post_enrichment.c.workspace_id == posts.c.workspace_id,
            post_enrichment.c.post_id == posts.c.id,
        ),
    )
    last = after_id
    while True:
        stmt = (
            select(*cols)
            .select_from(join)
            .where(same_workspace(posts, workspace_id), posts.c.author.is_not(None))
            .where(posts.c.author != "", posts.c.id > last)
            .order_by(posts.c.id)
            .limit(batch)
        )
        stmt = _account(_period(stmt, since, until), account)
        with engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(stmt)]
        if not rows:
            return
        yield from rows
        last = rows[-1]["id"]


def first_post_id_since(conn: Connection, workspace_id: int, since: datetime) -> int:
    """The lowest post id among the posts dated at or after ``since`` (0: none): every post
    of the period has an id at least this high, so reading by id can start there."""
    stmt = select(func.min(posts.c.id)).where(
        posts.c.workspace_id == workspace_id, posts.c.created_at >= since
    )
    return int(conn.execute(stmt).scalar_one() or 0)


def author_totals(
    engine: Engine,
    workspace_id: int,
    since: datetime | None = None,
    until: datetime | None = None,
    account: tuple[str, str] | None = None,
) -> list[dict]:
    """Per (platform, author): posts, first/last seen, engagement received."""
    engagement = func.sum(
        func.coalesce(posts.c.likes, 0)
        + func.coalesce(posts.c.reposts, 0)
        + func.coalesce(posts.c.replies, 0)
    )
    stmt = (
        select(
            posts.c.platform,
            posts.c.author,
            func.count().label("posts"),
            func.min(posts.c.created_at).label("first_seen"),
            func.max(posts.c.created_at).label("last_seen"),
            engagement.label("engagement"),
        )
        .where(posts.c.workspace_id == workspace_id, posts.c.author.is_not(None))
        .where(posts.c.author != "")
        .group_by(posts.c.platform, posts.c.author)
    )
    stmt = _account(_period(stmt, since, until), account)
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(stmt)]


def author_sentiments(
    engine: Engine,
    workspace_id: int,
    since: datetime | None = None,
    until: datetime | None = None,
    account: tuple[str, str] | None = None,
    issue_id: int | None = None,
    unenriched: bool = False,
) -> list[tuple[str, str, str | None, int]]:
    """(platform, author, sentiment, posts) for enriched posts (of one issue when given);
    with ``unenriched``, posts not yet enriched too, with sentiment None."""
    on = and_(
        post_enrichment.c.workspace_id == posts.c.workspace_id,
        post_enrichment.c.post_id == posts.c.id,
    )
    stmt = (
        select(posts.c.platform, posts.c.author, post_enrichment.c.sentiment, func.count())
        .select_from(
            posts.outerjoin(post_enrichment, on) if unenriched else posts.join(post_enrichment, on)
        )
        .where(posts.c.author.is_not(None), posts.c.author != "")
        .group_by(posts.c.platform, posts.c.author, post_enrichment.c.sentiment)
    )
    stmt = _in_issue(_account(_period(stmt, since, until), account), workspace_id, issue_id)
    with engine.connect() as conn:
        return [(p, a, s, int(n)) for p, a, s, n in conn.execute(stmt)]


def _account(stmt: Select[Any], account: tuple[str, str] | None) -> Select[Any]:
    """Only one (platform, handle) when given."""
    if account is None:
        return stmt
    return stmt.where(posts.c.platform == account[0], posts.c.author == account[1])


def author_issues(
    engine: Engine, workspace_id: int, platform: str, handle: str, limit: int = 20
) -> list[dict]:
    """The issues an account's posts were assigned to: id, label, stage, priority, status and
    how many of its posts, most posts first (merged issues left out)."""
    n = func.count().label("posts")
    stmt = (
        select(issues.c.id, issues.c.label, issues.c.stage, issues.c.priority, issues.c.status, n)
        .select_from(
            issue_posts.join(
                posts,
                and_(
                    posts.c.workspace_id == issue_posts.c.workspace_id,
                    posts.c.id == issue_posts.c.post_id,
                ),
            ).join(
                issues,
                and_(
                    issues.c.workspace_id == issue_posts.c.workspace_id,
                    issues.c.id == issue_posts.c.issue_id,
                ),
            )
        )
        .where(
            issue_posts.c.workspace_id == workspace_id,
            posts.c.platform == platform,
            posts.c.author == handle,
            issues.c.merged_into.is_(None),
        )
        .group_by(issues.c.id, issues.c.label, issues.c.stage, issues.c.priority, issues.c.status)
        .order_by(n.desc(), issues.c.id.desc())
        .limit(limit)
    )
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(stmt)]


def author_profiles(
    engine: Engine, workspace_id: int, account: tuple[str, str] | None = None
) -> dict[tuple[str, str], dict]:
    stmt = select(
        authors.c.platform,
        authors.c.handle,
        authors.c.name,
        authors.c.followers,
        authors.c.verified,
    ).where(authors.c.workspace_id == workspace_id)
    if account is not None:
        stmt = stmt.where(authors.c.platform == account[0], authors.c.handle == account[1])
    with engine.connect() as conn:
        return {(r.platform, r.handle): dict(r._mapping) for r in conn.execute(stmt)}


def _in_issue(stmt: Select[Any], workspace_id: int, issue_id: int | None) -> Select[Any]:
    """Only posts assigned to one issue, when given, looked up by id from the issue's posts
    (``same_workspace``: otherwise SQLite walks every post of the workspace)."""
    if issue_id is None:
        return stmt.where(posts.c.workspace_id == workspace_id)
    members = select(issue_posts.c.post_id).where(
        issue_posts.c.workspace_id == workspace_id, issue_posts.c.issue_id == issue_id
    )
    return stmt.where(same_workspace(posts, workspace_id), posts.c.id.in_(members))


def reference_edges(
    engine: Engine,
    workspace_id: int,
    since: datetime | None = None,
    until: datetime | None = None,
    issue_id: int | None = None,
) -> list[tuple[str, str, str, str, int]]:
    """(platform, source author, target author, kind, count) for replies, reposts and quotes
    whose target post is stored; the period and the issue apply to the acting post."""
    target = aliased(posts)
    out: list[tuple[str, str, str, str, int]] = []
    for kind, column in (
        ("reply", posts.c.reply_to),
        ("repost", posts.c.repost_of),
        ("quote", posts.c.quote_of),
    ):
        stmt = (
            select(posts.c.platform, posts.c.author, target.c.author, literal(kind), func.count())
            .select_from(
                posts.join(
                    target,
                    and_(
                        target.c.workspace_id == posts.c.workspace_id,
                        target.c.platform == posts.c.platform,
                        target.c.external_id == column,
                    ),
                )
            )
            .where(column.is_not(None))
            .where(posts.c.author.is_not(None), target.c.author.is_not(None))
            .group_by(posts.c.platform, posts.c.author, target.c.author)
        )
        stmt = _in_issue(_period(stmt, since, until), workspace_id, issue_id)
        with engine.connect() as conn:
            out.extend((p, s, t, k, int(n)) for p, s, t, k, n in conn.execute(stmt))
    return out


def iter_mentions(
    engine: Engine,
    workspace_id: int,
    since: datetime | None = None,
    until: datetime | None = None,
    batch: int = 20_000,
    issue_id: int | None = None,
) -> Iterator[tuple[str, str, list]]:
    """(platform, author, mentions) of posts with an author (of one issue when given), in id
    order."""
    last = 0
    while True:
        stmt: Select[Any] = (
            select(posts.c.id, posts.c.platform, posts.c.author, posts.c.mentions)
            .where(posts.c.author.is_not(None))
            .where(posts.c.mentions.is_not(None), posts.c.id > last)
            .order_by(posts.c.id)
            .limit(batch)
        )
        if issue_id is None:  # keyset pages by id: no index serves the workspace here
            stmt = stmt.where(same_workspace(posts, workspace_id))
        else:
            stmt = _in_issue(stmt, workspace_id, issue_id)
        stmt = _period(stmt, since, until)
        with engine.connect() as conn:
            rows = conn.execute(stmt).all()
        if not rows:
            return
        for row in rows:
            if isinstance(row.mentions, list) and row.mentions:
                yield row.platform, row.author, row.mentions
        last = rows[-1][0]


# --- workspace account lists ----------------------------------------------------------------

ACCOUNT_LIST_FIELDS = ("type", "institution", "source")


def upsert_account_list(
    conn: Connection, workspace_id: int, rows: Sequence[Mapping[str, object]], now: datetime
) -> tuple[int, int, int]:
    """Store listed accounts keyed by (platform, handle); returns (new, updated, unchanged).
    Handles arrive already lower case without "@"."""
    existing: dict[tuple[str, str], Mapping[Any, object]] = {
        (r.platform, r.handle): r._mapping
        for r in conn.execute(
            select(account_lists).where(account_lists.c.workspace_id == workspace_id)
        )
    }
    new = updated = unchanged = 0
    for r in rows:
        key = (str(r["platform"]), str(r["handle"]))
        values = {f: r.get(f) for f in ACCOUNT_LIST_FIELDS}
        old = existing.get(key)
        if old is None:
            conn.execute(
                insert(account_lists).values(
                    workspace_id=workspace_id,
                    platform=key[0],
                    handle=key[1],
                    updated_at=now,
                    **values,
                )
            )
            existing[key] = values
            new += 1
        elif all(old[f] == values[f] for f in ("type", "institution")):
            unchanged += 1
        else:
            conn.execute(
                update(account_lists)
                .where(
                    account_lists.c.workspace_id == workspace_id,
                    account_lists.c.platform == key[0],
                    account_lists.c.handle == key[1],
                )
                .values(updated_at=now, **values)
            )
            existing[key] = values
            updated += 1
    return new, updated, unchanged


def account_list_rows(conn: Connection, workspace_id: int) -> list[dict]:
    """Every listed account of the workspace, by platform and handle."""
    stmt = (
        select(account_lists)
        .where(account_lists.c.workspace_id == workspace_id)
        .order_by(account_lists.c.platform, account_lists.c.handle)
    )
    return [dict(r._mapping) for r in conn.execute(stmt)]


def delete_account_list(conn: Connection, workspace_id: int, platform: str, handle: str) -> bool:
    result = conn.execute(
        delete(account_lists).where(
            account_lists.c.workspace_id == workspace_id,
            account_lists.c.platform == platform,
            account_lists.c.handle == handle,
        )
    )
    return result.rowcount > 0


# --- issue networks ----------------------------------------------------------------------------


def issue_sizes(conn: Connection, workspace_id: int) -> dict[int, int]:
    """Posts of every issue not merged into another."""
    n = func.count()
    stmt = (
        select(issue_posts.c.issue_id, n)
        .select_from(
            issue_posts.join(
                issues,
                and_(
                    issues.c.workspace_id == issue_posts.c.workspace_id,
                    issues.c.id == issue_posts.c.issue_id,
                ),
            )
        )
        .where(issue_posts.c.workspace_id == workspace_id, issues.c.merged_into.is_(None))
        .group_by(issue_posts.c.issue_id)
    )
    return {i: int(k) for i, k in conn.execute(stmt)}


def network_sizes(conn: Connection, workspace_id: int) -> dict[int, int]:
    """The posts each stored issue network was computed for."""
    n = issue_networks.c
    stmt = select(n.issue_id, n.posts).where(n.workspace_id == workspace_id)
    return {i: int(k) for i, k in conn.execute(stmt)}


def save_network(
    conn: Connection, workspace_id: int, issue_id: int, posts_: int, at: datetime, payload: bytes
) -> None:
    n = issue_networks.c
    conn.execute(
        delete(issue_networks).where(n.workspace_id == workspace_id, n.issue_id == issue_id)
    )
    conn.execute(
        insert(issue_networks).values(
            workspace_id=workspace_id,
            issue_id=issue_id,
            posts=posts_,
            computed_at=at,
            payload=payload,
        )
    )


def drop_networks(conn: Connection, workspace_id: int, issue_ids: Sequence[int]) -> None:
    n = issue_networks.c
    conn.execute(
        delete(issue_networks).where(n.workspace_id == workspace_id, n.issue_id.in_(issue_ids))
    )


def network_version(
    conn: Connection, workspace_id: int, issue_id: int
) -> tuple[int, datetime] | None:
    """(posts it was computed for, when) of an issue's stored network, without its payload."""
    n = issue_networks.c
    found = conn.execute(
        select(n.posts, n.computed_at).where(n.workspace_id == workspace_id, n.issue_id == issue_id)
    ).one_or_none()
    return None if found is None else (int(found[0]), found[1])


def stored_network(
    conn: Connection, workspace_id: int, issue_id: int
) -> tuple[int, datetime, bytes] | None:
    """(posts it was computed for, when, payload) of an issue's stored network."""
    n = issue_networks.c
    found = conn.execute(
        select(n.posts, n.computed_at, n.payload).where(
            n.workspace_id == workspace_id, n.issue_id == issue_id
        )
    ).one_or_none()
    return None if found is None else (int(found[0]), found[1], bytes(found[2]))


def issue_post_authors(conn: Connection, workspace_id: int, issue_id: int) -> list[dict]:
    """Every authored post of one issue: id, platform, author, time, whether it reposts,
    engagement received, and how it stands to a known claim (``menyebarkan``, ``membantah``
    or None), oldest first."""
    engagement = (
        func.coalesce(posts.c.likes, 0)
        + func.coalesce(posts.c.reposts, 0)
        + func.coalesce(posts.c.replies, 0)
    )
    stance = (
        select(func.min(claim_matches.c.stance))
        .where(
            claim_matches.c.workspace_id == posts.c.workspace_id,
            claim_matches.c.post_id == posts.c.id,
        )
        .scalar_subquery()
    )
    stmt = (
        select(
            posts.c.id,
            posts.c.platform,
            posts.c.author,
            posts.c.created_at,
            posts.c.repost_of.is_not(None).label("is_repost"),
            engagement.label("engagement"),
            stance.label("stance"),
        )
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
        .order_by(posts.c.created_at, posts.c.id)
    )
    return [dict(r._mapping) for r in conn.execute(stmt)]


def emotion_counts(
    conn: Connection,
    workspace_id: int,
    *,
    issue_id: int | None = None,
    account: tuple[str, str] | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> dict[str, int]:
    """Enriched posts per emotion: of one issue (its posts by key), or of one account in a
    period."""
    e = post_enrichment.c
    if issue_id is not None:
        stmt = (
            select(e.emotion, func.count())
            .select_from(
                issue_posts.join(
                    post_enrichment,
                    and_(
                        e.workspace_id == issue_posts.c.workspace_id,
                        e.post_id == issue_posts.c.post_id,
                    ),
                )
            )
            .where(issue_posts.c.workspace_id == workspace_id, issue_posts.c.issue_id == issue_id)
            .group_by(e.emotion)
        )
    else:
        on = and_(e.workspace_id == posts.c.workspace_id, e.post_id == posts.c.id)
        stmt = _account(
            _period(
                select(e.emotion, func.count())
                .select_from(posts.join(post_enrichment, on))
                .where(posts.c.workspace_id == workspace_id)
                .group_by(e.emotion),
                since,
                until,
            ),
            account,
        )
    return {str(emotion): int(n) for emotion, n in conn.execute(stmt) if emotion}


def profiles_of(
    conn: Connection, workspace_id: int, accounts: Sequence[tuple[str, str]]
) -> dict[tuple[str, str], dict]:
    """(platform, handle) → name, followers and verified of the named accounts only."""
    wanted = sorted(set(accounts))
    found: dict[tuple[str, str], dict] = {}
    for start in range(0, len(wanted), 500):
        stmt = select(
            authors.c.platform,
            authors.c.handle,
            authors.c.name,
            authors.c.followers,
            authors.c.verified,
        ).where(
            authors.c.workspace_id == workspace_id,
            tuple_(authors.c.platform, authors.c.handle).in_(wanted[start : start + 500]),
        )
        found.update(((r.platform, r.handle), dict(r._mapping)) for r in conn.execute(stmt))
    return found
