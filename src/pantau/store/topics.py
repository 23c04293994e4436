"""Topics and the posts they match: topic rows, batched reads of post text, match writes.

Matches are written as a difference against what is stored (insert what is new, delete what
no longer matches), so the matching stage can run any number of times over the same posts.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import orjson
from sqlalchemy import (
    Connection,
    Engine,
    Row,
    Text,
    bindparam,
    cast,
    delete,
    func,
    insert,
    select,
    update,
)

from pantau.store.schema import posts, topic_matches, topics
from pantau.store.sql import insert_ignoring_duplicates, same_workspace

_IN_CHUNK = 500


@dataclass(frozen=True, slots=True)
class Topic:
    """A saved query a workspace watches. ``matches``: stored matching posts, when counted."""

    id: int
    name: str
    category: str
    owner: str | None
    query: str
    active: bool
    created_at: datetime
    updated_at: datetime
    matches: int = 0


@dataclass(frozen=True, slots=True)
class PostText:
    """The columns of a post that topic matching reads."""

    id: int
    platform: str
    created_at: datetime
    author: str | None
    lang: str | None
    title: str | None
    text: str
    hashtags: list[str] | None
    mentions: list[str] | None


_TOPIC_COLUMNS = (
    topics.c.id,
    topics.c.name,
    topics.c.category,
    topics.c.owner,
    topics.c.query,
    topics.c.active,
    topics.c.created_at,
    topics.c.updated_at,
)
# JSON lists are read as text and parsed with orjson: several times faster than the JSON
# type's per-row processing, on both databases.
POST_TEXT_COLUMNS = (
    posts.c.id,
    posts.c.platform,
    posts.c.created_at,
    posts.c.author,
    posts.c.lang,
    posts.c.title,
    posts.c.text,
    cast(posts.c.hashtags, Text),
    cast(posts.c.mentions, Text),
)


def post_text(row: Row) -> PostText:
    post_id, platform, created_at, author, lang, title, text, hashtags, mentions = row
    return PostText(
        post_id,
        platform,
        created_at,
        author,
        lang,
        title,
        text,
        orjson.loads(hashtags) if hashtags else None,
        orjson.loads(mentions) if mentions else None,
    )


def topics_of(conn: Connection, workspace_id: int) -> list[Topic]:
    """Every topic of the workspace by name (``matches`` left at 0: see ``match_counts``)."""
    stmt = select(*_TOPIC_COLUMNS).where(topics.c.workspace_id == workspace_id)
    return [Topic(*row) for row in conn.execute(stmt.order_by(topics.c.name))]


def match_counts(conn: Connection, workspace_id: int) -> dict[int, int]:
    stmt = (
        select(topic_matches.c.topic_id, func.count())
        .where(topic_matches.c.workspace_id == workspace_id)
        .group_by(topic_matches.c.topic_id)
    )
    return {topic_id: int(n) for topic_id, n in conn.execute(stmt)}


def insert_topic(
    conn: Connection,
    workspace_id: int,
    *,
    name: str,
    category: str,
    owner: str | None,
    query: str,
    active: bool,
    now: datetime,
) -> int:
    result = conn.execute(
        insert(topics)
        .values(
            workspace_id=workspace_id,
            name=name,
            category=category,
            owner=owner,
            query=query,
            active=active,
            created_at=now,
            updated_at=now,
        )
        .returning(topics.c.id)
    )
    return int(result.scalar_one())


def update_topic(
    conn: Connection, workspace_id: int, topic_id: int, values: Mapping[str, object]
) -> None:
    conn.execute(
        update(topics)
        .where(topics.c.workspace_id == workspace_id, topics.c.id == topic_id)
        .values(**values)
    )


def delete_matches(conn: Connection, workspace_id: int, topic_id: int) -> int:
    return conn.execute(
        delete(topic_matches).where(
            topic_matches.c.workspace_id == workspace_id, topic_matches.c.topic_id == topic_id
        )
    ).rowcount


def delete_topic(conn: Connection, workspace_id: int, topic_id: int) -> None:
    delete_matches(conn, workspace_id, topic_id)
    conn.execute(
        delete(topics).where(topics.c.workspace_id == workspace_id, topics.c.id == topic_id)
    )


def count_posts_after(conn: Connection, workspace_id: int, after_id: int = 0) -> int:
    stmt = select(func.count()).where(same_workspace(posts, workspace_id), posts.c.id > after_id)
    return int(conn.execute(stmt).scalar_one())


def iter_post_texts(
    engine: Engine,
    workspace_id: int,
    *,
    after_id: int = 0,
    post_ids: Iterable[int] | None = None,
    batch: int = 5000,
) -> Iterator[list[PostText]]:
    """Posts in id order, one list per batch: every post with ``id > after_id``, or only the
    given ``post_ids``. Each batch is read on its own connection (no long read transaction)."""
    base = (
        select(*POST_TEXT_COLUMNS).where(same_workspace(posts, workspace_id)).order_by(posts.c.id)
    )
    if post_ids is not None:
        wanted = sorted(set(post_ids))
        for start in range(0, len(wanted), _IN_CHUNK):
            with engine.connect() as conn:
                stmt = base.where(posts.c.id.in_(wanted[start : start + _IN_CHUNK]))
                found = [post_text(row) for row in conn.execute(stmt)]
            if found:
                yield found
        return
    last = after_id
    while True:
        with engine.connect() as conn:
            stmt = base.where(posts.c.id > last).limit(batch)
            found = [post_text(row) for row in conn.execute(stmt)]
        if not found:
            return
        yield found
        last = found[-1].id


def stored_matches(
    conn: Connection, workspace_id: int, topic_ids: Sequence[int], first_id: int, last_id: int
) -> set[tuple[int, int]]:
    """(topic_id, post_id) stored for these topics and posts with ids in [first_id, last_id]."""
    stmt = select(topic_matches.c.topic_id, topic_matches.c.post_id).where(
        topic_matches.c.workspace_id == workspace_id,
        topic_matches.c.topic_id.in_(topic_ids),
        topic_matches.c.post_id.between(first_id, last_id),
    )
    return {(t, p) for t, p in conn.execute(stmt)}


def add_matches(
    conn: Connection, workspace_id: int, rows: Sequence[tuple[int, int, datetime]]
) -> None:
    """Store (topic_id, post_id, post created_at) rows; ones already stored are left alone."""
    if rows:
        conn.execute(
            insert_ignoring_duplicates(conn, topic_matches),
            [
                {"workspace_id": workspace_id, "topic_id": t, "post_id": p, "created_at": c}
                for t, p, c in rows
            ],
        )


def add_known_matches(
    conn: Connection, workspace_id: int, topic_id: int, post_ids: Sequence[int]
) -> int:
    """Store these posts as matches of the topic (their times read here); returns how many."""
    wanted = sorted(set(post_ids))
    rows: list[tuple[int, int, datetime]] = []
    for start in range(0, len(wanted), _IN_CHUNK * 10):
        stmt = select(posts.c.id, posts.c.created_at).where(
            posts.c.workspace_id == workspace_id,
            posts.c.id.in_(wanted[start : start + _IN_CHUNK * 10]),
        )
        rows += [(topic_id, int(pid), created) for pid, created in conn.execute(stmt)]
    add_matches(conn, workspace_id, rows)
    return len(rows)


def remove_matches(conn: Connection, workspace_id: int, pairs: Sequence[tuple[int, int]]) -> None:
    """Delete (topic_id, post_id) matches."""
    if pairs:
        conn.execute(
            delete(topic_matches).where(
                topic_matches.c.workspace_id == workspace_id,
                topic_matches.c.topic_id == bindparam("t"),
                topic_matches.c.post_id == bindparam("p"),
            ),
            [{"t": t, "p": p} for t, p in pairs],
        )
