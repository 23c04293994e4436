"""Posts and their authors: the idempotent batch writer and the read queries.

The writer classifies every record of a batch as new, updated (a newer copy with changed
text or metrics) or duplicate, inside the caller's transaction, so an interrupted import is
repaired by running it again. Both databases insert first and only then deal with keys that
were already stored, so the common fresh import pays for no look-up. SQLite gets a plain
``executemany``; PostgreSQL gets ``COPY`` into a temporary table merged server-side.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import lru_cache
from typing import Any

import orjson
from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Select,
    and_,
    bindparam,
    delete,
    func,
    select,
)

from pantau.records import PostRecord, WriteCounts
from pantau.store.schema import (
    authors,
    issue_posts,
    issues,
    monitor_state,
    post_enrichment,
    posts,
    topic_matches,
    topics,
)
from pantau.store.search import (
    SearchTerms,
    among,
    indexed_count,
    indexed_ids,
    match_condition,
    search_position,
    tail_ids,
    verified_ids,
)
from pantau.store.sql import same_workspace

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
_COLUMNS = ", ".join(_INSERT_COLUMNS)
_METRICS = ("text", "title", "likes", "reposts", "replies", "views")
_UPDATED = (*_METRICS, "collected_at", "import_run_id", "raw", "raw_format", "flags")

_SQLITE_INSERT = (
    f"INSERT INTO posts ({_COLUMNS}) VALUES ({', '.join('?' * len(_INSERT_COLUMNS))}) "
    "ON CONFLICT (workspace_id, platform, external_id) DO NOTHING"
)
_SQLITE_UPDATE = (
    f"UPDATE posts SET {', '.join(f'{c} = ?' for c in _UPDATED)} "
    "WHERE workspace_id = ? AND platform = ? AND external_id = ?"
)

_STAGING = "posts_staging"
_PG_CREATE_STAGING = (
    f"CREATE TEMP TABLE IF NOT EXISTS {_STAGING} ON COMMIT DELETE ROWS AS "
    f"SELECT {_COLUMNS} FROM posts WITH NO DATA"
)
_PG_COPY = f"COPY {_STAGING} ({_COLUMNS}) FROM STDIN"
_PG_MERGE_NEW = (
    f"INSERT INTO posts ({_COLUMNS}) SELECT {_COLUMNS} FROM {_STAGING} "
    "ON CONFLICT (workspace_id, platform, external_id) DO NOTHING"
)
_PG_MERGE_CHANGED = (
    f"UPDATE posts AS p SET {', '.join(f'{c} = s.{c}' for c in _UPDATED)} "
    f"FROM {_STAGING} AS s "
    "WHERE p.workspace_id = s.workspace_id AND p.platform = s.platform "
    "AND p.external_id = s.external_id AND s.collected_at >= p.collected_at "
    f"AND ({', '.join('p.' + c for c in _METRICS)}) "
    f"IS DISTINCT FROM ({', '.join('s.' + c for c in _METRICS)})"
)


def _json(value: object) -> str | None:
    return None if value is None else orjson.dumps(value).decode()


def _sqlite_time(value: datetime) -> str:
    # The exact text form SQLAlchemy's SQLite DateTime type reads and writes.
    return value.isoformat(" ", "microseconds")


@lru_cache(maxsize=64)
def _sqlite_time_cached(value: datetime) -> str:
    """For values shared by a whole import (its collection time)."""
    return _sqlite_time(value)


def _row_values(workspace_id: int, run_id: int | None, p: PostRecord, sqlite: bool) -> tuple:
    return (
        workspace_id,
        p.platform,
        p.external_id,
        p.key_kind,
        _sqlite_time(p.created_at) if sqlite else p.created_at,
        _sqlite_time_cached(p.collected_at) if sqlite else p.collected_at,
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


def _stored_before(
    conn: Connection, workspace_id: int, keys: Iterable[tuple[str, str]], max_id: int
) -> dict[tuple[str, str], tuple]:
    """(metrics, collected_at) of the keys stored before this batch (``id <= max_id``)."""
    by_platform: dict[str, list[str]] = {}
    for platform, external_id in keys:
        by_platform.setdefault(platform, []).append(external_id)
    found: dict[tuple[str, str], tuple] = {}
    for platform, ids in by_platform.items():
        for start in range(0, len(ids), _LOOKUP_CHUNK):
            chunk = ids[start : start + _LOOKUP_CHUNK]
            sql = (
                f"SELECT external_id, {', '.join(_METRICS)}, collected_at FROM posts "
                f"WHERE workspace_id = ? AND platform = ? AND id <= ? "
                f"AND external_id IN ({', '.join('?' * len(chunk))})"
            )
            rows = conn.exec_driver_sql(sql, (workspace_id, platform, max_id, *chunk))
            for external_id, *metrics, collected in rows:
                found[(platform, external_id)] = (
                    tuple(metrics),
                    datetime.fromisoformat(collected),
                )
    return found


def _write_sqlite(
    conn: Connection,
    workspace_id: int,
    run_id: int | None,
    latest: dict[tuple[str, str], PostRecord],
) -> tuple[int, int]:
    """Insert first; look up only when some keys were already stored. Returns (new, updated).

    An updated post loses its enrichment, so the enrichment stage analyses the new text."""
    before = conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM posts").scalar_one()
    rows = [_row_values(workspace_id, run_id, p, True) for p in latest.values()]
    inserted = conn.exec_driver_sql(_SQLITE_INSERT, rows).rowcount
    if inserted == len(latest):
        return inserted, 0
    stored = _stored_before(conn, workspace_id, latest, before)
    changed = []
    for key, (metrics, collected_at) in stored.items():
        p = latest[key]
        if p.metrics() != metrics and p.collected_at >= collected_at:
            values = _row_values(workspace_id, run_id, p, True)
            by_name = dict(zip(_INSERT_COLUMNS, values, strict=True))
            changed.append((*(by_name[c] for c in _UPDATED), workspace_id, *key))
    if changed:
        conn.exec_driver_sql(_SQLITE_UPDATE, changed)
        conn.exec_driver_sql(
            "DELETE FROM post_enrichment WHERE workspace_id = ? AND post_id IN "
            "(SELECT id FROM posts WHERE workspace_id = ? AND platform = ? AND external_id = ?)",
            [(workspace_id, *row[-3:]) for row in changed],
        )
        _forget_enrichment_positions(conn, workspace_id)
    return inserted, len(changed)


def _forget_enrichment_positions(conn: Connection, workspace_id: int) -> None:
    """Updated posts lost their enrichment: the enrichment stage must look for pending posts
    from the start again, not only after where it stopped."""
    conn.execute(
        delete(monitor_state).where(
            monitor_state.c.workspace_id == workspace_id, monitor_state.c.stage.like("enrich:%")
        )
    )


def _write_postgres(
    conn: Connection,
    workspace_id: int,
    run_id: int | None,
    latest: dict[tuple[str, str], PostRecord],
) -> tuple[int, int]:
    """``COPY`` the batch into a temporary table, then merge it server-side."""
    conn.exec_driver_sql(_PG_CREATE_STAGING)
    raw_conn = conn.connection.driver_connection
    assert raw_conn is not None  # an open connection has its driver's connection
    with raw_conn.cursor() as cur, cur.copy(_PG_COPY) as copy:
        for p in latest.values():
            copy.write_row(_row_values(workspace_id, run_id, p, False))
    inserted = conn.exec_driver_sql(_PG_MERGE_NEW).rowcount
    updated = 0
    if inserted < len(latest):
        changed_ids = [r[0] for r in conn.exec_driver_sql(_PG_MERGE_CHANGED + " RETURNING p.id")]
        updated = len(changed_ids)
        if changed_ids:
            conn.exec_driver_sql(
                "DELETE FROM post_enrichment WHERE workspace_id = %s AND post_id = ANY(%s)",
                (workspace_id, changed_ids),
            )
            _forget_enrichment_positions(conn, workspace_id)
    conn.exec_driver_sql(f"TRUNCATE {_STAGING}")
    return inserted, updated


AuthorCache = dict[tuple[str, str], tuple]


def _upsert_authors(
    conn: Connection, workspace_id: int, records: Iterable[PostRecord], cache: AuthorCache
) -> None:
    """Keep each author's newest known profile. ``cache`` remembers what this writer already
    stored, so an unchanged profile costs one dictionary look-up (most posts come from known
    authors)."""
    changed: dict[tuple[str, str], PostRecord] = {}
    for p in records:
        if not p.author:
            continue
        key = (p.platform, p.author)
        cached = cache.get(key)
        if cached is not None and (
            cached[1] > p.created_at
            or cached[0] == (p.author_name, p.author_followers, p.author_verified)
        ):
            continue
        prior = changed.get(key)
        if prior is None or p.created_at >= prior.created_at:
            changed[key] = p
    if not changed:
        return
    sqlite = conn.dialect.name == "sqlite"
    params = []
    for key, p in changed.items():
        profile = (p.author_name, p.author_followers, p.author_verified)
        cache[key] = (profile, p.created_at)
        when = _sqlite_time(p.created_at) if sqlite else p.created_at
        params.append((workspace_id, p.platform, p.author, *profile, when))
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


def write_posts(
    conn: Connection,
    workspace_id: int,
    records: Sequence[PostRecord],
    import_run_id: int | None = None,
    author_cache: AuthorCache | None = None,
) -> WriteCounts:
    """Store a batch idempotently inside the caller's transaction; return what happened."""
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
    write = _write_sqlite if conn.dialect.name == "sqlite" else _write_postgres
    inserted, updated = write(conn, workspace_id, import_run_id, latest)
    counts.new += inserted
    counts.updated += updated
    counts.duplicate += len(latest) - inserted - updated
    cache = {} if author_cache is None else author_cache
    _upsert_authors(conn, workspace_id, latest.values(), cache)
    return counts


@dataclass(frozen=True)
class PostFilter:
    platform: str | None = None
    author: str | None = None
    terms: SearchTerms | None = None  # a parsed search (``pantau.search.search_terms``)
    since: datetime | None = None  # naive UTC
    until: datetime | None = None  # naive UTC, exclusive
    # the search looked up once (``resolve``), shared by the queries of one page
    matches: Matches | None = field(default=None, compare=False, repr=False)


# Up to this many matches a search fetches the matching ids from the full-text index and
# filters posts by them; beyond it (a common word) the index is joined as a subquery.
SEARCH_ID_LIMIT = 5_000


@dataclass(frozen=True)
class Matches:
    """What the search index and the posts after its position say about a search, at one
    moment: an exact search's indexed matches when there are few (``ids``, at most
    ``SEARCH_ID_LIMIT``; None for a common word) and its matches stored after the position;
    any other search's every match, each read and tested (``verified``)."""

    workspace_id: int
    position: int
    ids: list[int] | None
    tail: list[int]
    verified: list[int] | None = None
    # a common word's latest-stored indexed matches read so far, by how many were asked for
    latest: dict[int, list[int]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def complete(self) -> bool:
        """Whether ``ids`` holds every indexed match."""
        return self.ids is not None


def _look_up(conn: Connection, workspace_id: int, terms: SearchTerms) -> Matches:
    position = search_position(conn, workspace_id)
    if not terms.exact:
        return Matches(
            workspace_id, position, [], [], verified_ids(conn, workspace_id, terms, position)
        )
    # in no particular order, so the database may use the index whatever it guesses (in id
    # order it may walk every indexed post when it takes a phrase for a common word)
    ids = indexed_ids(conn, workspace_id, terms, SEARCH_ID_LIMIT + 1) if position else []
    known = ids if len(ids) <= SEARCH_ID_LIMIT else None
    return Matches(workspace_id, position, known, tail_ids(conn, workspace_id, terms, position))


def _latest_ids(conn: Connection, m: Matches, terms: SearchTerms, n: int) -> list[int]:
    """A common word's ``n`` latest-stored indexed matches (fewer: there are no more), read
    once per ``Matches`` for the largest ``n`` asked."""
    for asked, ids in m.latest.items():
        if asked >= n:
            return ids[:n]
    ids = indexed_ids(conn, m.workspace_id, terms, n, newest=True)
    m.latest[n] = ids
    return ids


def resolve(conn: Connection, workspace_id: int, f: PostFilter) -> PostFilter:
    """``f`` with its search looked up now, so a page's count, list and summary read the
    index and the unindexed posts once instead of each time. Use it within one
    connection's work: it does not see posts stored or indexed afterwards."""
    if f.terms is None:
        return f
    return replace(f, matches=_look_up(conn, workspace_id, f.terms))


def _matches(conn: Connection, workspace_id: int, f: PostFilter) -> Matches:
    assert f.terms is not None
    if f.matches is not None and f.matches.workspace_id == workspace_id:
        return f.matches
    return _look_up(conn, workspace_id, f.terms)


def _contains(
    conn: Connection, workspace_id: int, f: PostFilter
) -> tuple[ColumnElement[bool], bool]:
    """The condition for ``PostFilter.terms`` (see ``store.search``) and whether it names few
    enough posts to look them up by id."""
    m = _matches(conn, workspace_id, f)
    if m.verified is not None:
        return among(m.verified), len(m.verified) <= SEARCH_ID_LIMIT
    known = m.ids
    terms = f.terms
    assert terms is not None
    condition = match_condition(conn, workspace_id, terms, m.position, known, m.tail)
    return condition, known is not None


def _filtered(stmt: Select[Any], conn: Connection, workspace_id: int, f: PostFilter) -> Select[Any]:
    by_id = False
    if f.terms is not None:
        condition, by_id = _contains(conn, workspace_id, f)
        stmt = stmt.where(condition)
    # With a short list of ids, "+ 0" keeps SQLite from walking the workspace's whole
    # (workspace_id, created_at) index instead of looking the ids up.
    workspace = posts.c.workspace_id + 0 if by_id else posts.c.workspace_id
    stmt = stmt.where(workspace == workspace_id)
    if f.platform:
        stmt = stmt.where(posts.c.platform == f.platform)
    if f.author:
        stmt = stmt.where(posts.c.author == f.author.lstrip("@"))
    if f.since:
        stmt = stmt.where(posts.c.created_at >= f.since)
    if f.until:
        stmt = stmt.where(posts.c.created_at < f.until)
    return stmt


SORTS = ("waktu", "interaksi", "jangkauan")  # newest, most interactions, widest reach


def _sort_key(sort: str) -> ColumnElement[Any]:
    """Interactions: likes + reposts + replies; reach: the post's views, else its author's
    followers."""
    if sort == "interaksi":
        return (
            func.coalesce(posts.c.likes, 0)
            + func.coalesce(posts.c.reposts, 0)
            + func.coalesce(posts.c.replies, 0)
        )
    followers = (
        select(authors.c.followers)
        .where(
            authors.c.workspace_id == posts.c.workspace_id,
            authors.c.platform == posts.c.platform,
            authors.c.handle == posts.c.author,
        )
        .scalar_subquery()
    )
    return func.coalesce(posts.c.views, followers, 0)


def list_posts(
    conn: Connection,
    workspace_id: int,
    f: PostFilter,
    limit: int = 20,
    offset: int = 0,
    sort: str = "waktu",
) -> list[dict]:
    """A page of posts matching ``f``, ordered by ``sort`` (one of ``SORTS``)."""
    cols = [c for c in posts.c if c.name not in ("raw",)]
    order = [posts.c.created_at.desc(), posts.c.id.desc()]
    if sort == "waktu":
        newest = _newest_common_matches(conn, workspace_id, f, cols, limit, offset)
        if newest is not None:
            return newest
    else:
        order.insert(0, _sort_key(sort).desc())
    stmt = _filtered(select(*cols), conn, workspace_id, f)
    stmt = stmt.order_by(*order).limit(limit).offset(offset)
    return [{str(k): v for k, v in r._mapping.items()} for r in conn.execute(stmt)]


@dataclass
class PostsSummary:
    """What a set of posts looks like at a glance: counts per UTC hour (callers regroup into
    local days), per model sentiment (``None``: not analysed yet) and the top accounts."""

    hours: list[tuple[datetime, int]]
    sentiments: dict[str | None, int]
    accounts: list[tuple[str, str, int]]
    # with ``newest``: how many matches were summarised, and whether there are more
    read: int | None = field(default=None, compare=False)
    more: bool = field(default=False, compare=False)


def summarize_posts(
    conn: Connection,
    workspace_id: int,
    f: PostFilter,
    accounts: int = 5,
    newest: int | None = None,
) -> PostsSummary:
    """Posts per hour, the model's sentiment split and the top accounts of the posts matching
    ``f``; with ``newest``, of the newest that many of them only (read newest first and
    counted here), so a common word costs the same however large the workspace."""
    if newest is not None:
        return _summarize_newest(conn, workspace_id, f, accounts, newest)
    found = _filtered(select(posts.c.id), conn, workspace_id, f).scalar_subquery()
    chosen = and_(same_workspace(posts, workspace_id), posts.c.id.in_(found))
    bucket = _hour(conn)
    hours = [
        (_as_datetime(hour), int(n))
        for hour, n in conn.execute(
            select(bucket, func.count()).where(chosen).group_by(bucket).order_by(bucket)
        )
    ]
    mood = (
        select(post_enrichment.c.sentiment, func.count())
        .select_from(
            posts.outerjoin(
                post_enrichment,
                and_(
                    post_enrichment.c.workspace_id == posts.c.workspace_id,
                    post_enrichment.c.post_id == posts.c.id,
                ),
            )
        )
        .where(chosen)
        .group_by(post_enrichment.c.sentiment)
    )
    top = (
        select(posts.c.platform, posts.c.author, func.count())
        .where(chosen, posts.c.author.is_not(None))
        .group_by(posts.c.platform, posts.c.author)
        .order_by(func.count().desc(), posts.c.author, posts.c.platform)
        .limit(accounts)
    )
    return PostsSummary(
        hours,
        {label: int(n) for label, n in conn.execute(mood)},
        [(p, a, int(n)) for p, a, n in conn.execute(top)],
    )


def _newest_rows(
    conn: Connection, workspace_id: int, f: PostFilter, fields: Select[Any], n: int
) -> list[Any]:
    """The ``n`` newest rows of ``fields`` (with ``posts.created_at`` and ``posts.id``) over
    the posts matching ``f``. A common word's indexed matches and those waiting for the
    index are read apart and merged here: one condition holding both would make the
    database collect every indexed match before reading the newest posts."""
    order = (posts.c.created_at.desc(), posts.c.id.desc())
    m = _matches(conn, workspace_id, f) if f.terms is not None else None
    if m is None or m.verified is not None or m.complete or not m.tail:
        return list(
            conn.execute(_filtered(fields, conn, workspace_id, f).order_by(*order).limit(n))
        )
    indexed = _filtered(fields, conn, workspace_id, replace(f, matches=replace(m, tail=[])))
    waiting = _filtered(fields, conn, workspace_id, replace(f, terms=None)).where(among(m.tail))
    rows = [*conn.execute(indexed.order_by(*order).limit(n))]
    rows += conn.execute(waiting.order_by(*order).limit(n))
    rows.sort(key=lambda row: (row.created_at, row.id), reverse=True)
    return rows[:n]


def _summarize_newest(
    conn: Connection, workspace_id: int, f: PostFilter, accounts: int, newest: int
) -> PostsSummary:
    """``summarize_posts`` of the newest ``newest`` matches: the few fields it needs read
    newest first (the search's own order, ``_newest_rows``) and counted here."""
    with_mood = posts.outerjoin(
        post_enrichment,
        and_(
            post_enrichment.c.workspace_id == posts.c.workspace_id,
            post_enrichment.c.post_id == posts.c.id,
        ),
    )
    fields = select(
        posts.c.created_at,
        posts.c.platform,
        posts.c.author,
        post_enrichment.c.sentiment,
        posts.c.id,
    ).select_from(with_mood)
    # one more than asked: whether there are more matches than the summary covers
    rows = _newest_rows(conn, workspace_id, f, fields, newest + 1)
    hours: Counter[datetime] = Counter()
    moods: Counter[str | None] = Counter()
    authors: Counter[tuple[str, str]] = Counter()
    for created, platform, author, sentiment, _id in rows[:newest]:
        hours[_as_datetime(created).replace(minute=0, second=0, microsecond=0)] += 1
        moods[sentiment] += 1
        if author is not None:
            authors[(platform, author)] += 1
    top = sorted(authors.items(), key=lambda item: (-item[1], item[0][1], item[0][0]))
    return PostsSummary(
        sorted(hours.items()),
        dict(moods),
        [(platform, author, n) for (platform, author), n in top[:accounts]],
        read=min(len(rows), newest),
        more=len(rows) > newest,
    )


@dataclass
class PostContext:
    """What Pantau found about a post: the model's labels, the topics and issues it is in."""

    sentiment: str | None = None
    emotion: str | None = None
    topics: list[str] = field(default_factory=list)
    issues: list[str] = field(default_factory=list)


def post_context(conn: Connection, workspace_id: int, ids: list[int]) -> dict[int, PostContext]:
    """:class:`PostContext` of each post of ``ids`` (absent: nothing known)."""
    found: dict[int, PostContext] = {}
    for pid, (sentiment, emotion) in model_labels(conn, workspace_id, ids).items():
        found[pid] = PostContext(sentiment, emotion)
    if not ids:
        return found
    named = (
        (topic_matches, topic_matches.c.post_id, topics.c.name, topics, topic_matches.c.topic_id),
        (issue_posts, issue_posts.c.post_id, issues.c.label, issues, issue_posts.c.issue_id),
    )
    for i, (link, post_id, name, table, key) in enumerate(named):
        stmt = (
            select(post_id, name)
            .select_from(link.join(table, table.c.id == key))
            .where(link.c.workspace_id == workspace_id, post_id.in_(ids))
            .order_by(post_id, name)
        )
        for pid, label in conn.execute(stmt):
            context = found.setdefault(int(pid), PostContext())
            (context.topics if i == 0 else context.issues).append(label)
    return found


def model_labels(conn: Connection, workspace_id: int, ids: list[int]) -> dict[int, tuple[str, str]]:
    """The model's (sentiment, emotion) of each post of ``ids`` that was analysed."""
    if not ids:
        return {}
    stmt = select(
        post_enrichment.c.post_id, post_enrichment.c.sentiment, post_enrichment.c.emotion
    ).where(post_enrichment.c.workspace_id == workspace_id, post_enrichment.c.post_id.in_(ids))
    return {int(pid): (sentiment, emotion) for pid, sentiment, emotion in conn.execute(stmt)}


def count_posts(
    conn: Connection, workspace_id: int, f: PostFilter | None = None, cap: int | None = None
) -> int:
    """Posts matching ``f``; with ``cap``, counting stops at ``cap + 1`` (callers show
    "more than cap")."""
    only_words = f is not None and f.terms and not (f.platform or f.author or f.since or f.until)
    if only_words:
        total = _word_count(conn, workspace_id, f)  # type: ignore[arg-type]  # only_words implies f is set
        if total is not None:
            return total if cap is None else min(total, cap + 1)
    if cap is None:
        stmt = _filtered(
            select(func.count()).select_from(posts), conn, workspace_id, f or PostFilter()
        )
        return int(conn.execute(stmt).scalar_one())
    inner = _filtered(select(posts.c.id), conn, workspace_id, f or PostFilter()).limit(cap + 1)
    return int(conn.execute(select(func.count()).select_from(inner.subquery())).scalar_one())


def _word_count(conn: Connection, workspace_id: int, f: PostFilter) -> int | None:
    """The number of posts matching a search, from the index plus the posts not yet
    indexed (None when nothing is indexed)."""
    m = _matches(conn, workspace_id, f)
    if not m.position:
        return None
    if m.verified is not None:
        return len(m.verified)
    assert f.terms is not None
    indexed = len(m.ids) if m.ids is not None else indexed_count(conn, workspace_id, f.terms)
    return indexed + len(m.tail)


def _newest_common_matches(
    conn: Connection,
    workspace_id: int,
    f: PostFilter,
    cols: Sequence[ColumnElement[Any]],
    limit: int,
    offset: int,
) -> list[dict] | None:
    """A page of a common word's matches, newest first, without reading every match: the
    latest-stored matches are the candidates, and the answer is used only when no post
    stored before them was created after the page's last post (so it is exact); otherwise
    None, and the caller reads all matches."""
    terms = f.terms
    if terms is None or not terms.exact:
        return None
    m = _matches(conn, workspace_id, f)
    if not m.position or m.complete:
        return None  # few matches: the id-list path is exact and fast
    want = offset + limit
    n = max(SEARCH_ID_LIMIT + 1, 4 * want)
    ids = _latest_ids(conn, m, terms, n)
    chosen = posts.c.id.in_(bindparam("ids", ids + m.tail, expanding=True, literal_execute=True))
    stmt = _filtered(select(*cols), conn, workspace_id, replace(f, terms=None))
    stmt = stmt.where(chosen).order_by(posts.c.created_at.desc(), posts.c.id.desc()).limit(want)
    rows = [{str(k): v for k, v in r._mapping.items()} for r in conn.execute(stmt)]
    if len(rows) < want:
        return None
    if len(ids) == n:  # older-stored matches exist: could one be newer than the page?
        last = rows[-1]["created_at"]
        earlier = _filtered(select(posts.c.id), conn, workspace_id, replace(f, terms=None))
        earlier = earlier.where(posts.c.id < min(ids), posts.c.created_at > last)
        # in time order: the database walks the posts created after the page's last one
        earlier = earlier.order_by(posts.c.created_at.desc()).limit(1)
        if conn.execute(earlier).first() is not None:
            return None
    return rows[offset:]


def post_exists(conn: Connection, workspace_id: int, post_id: int) -> bool:
    stmt = select(posts.c.id).where(posts.c.workspace_id == workspace_id, posts.c.id == post_id)
    return conn.execute(stmt).first() is not None


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


def _hour(conn: Connection) -> ColumnElement[Any]:
    if conn.dialect.name == "sqlite":
        return func.strftime("%Y-%m-%d %H:00:00", posts.c.created_at)
    return func.date_trunc("hour", posts.c.created_at)


def _as_datetime(value: str | datetime) -> datetime:
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def hourly_counts(conn: Connection, workspace_id: int) -> list[tuple[datetime, int]]:
    """Post counts per UTC hour (callers regroup into the workspace's local days)."""
    bucket = _hour(conn)
    stmt = (
        select(bucket.label("hour"), func.count())
        .where(posts.c.workspace_id == workspace_id)
        .group_by(bucket)
        .order_by(bucket)
    )
    return [(_as_datetime(hour), int(n)) for hour, n in conn.execute(stmt)]


def time_range(conn: Connection, workspace_id: int) -> tuple[datetime | None, datetime | None]:
    # two queries: SQLite answers a lone min() or max() from the index, not both together
    where = posts.c.workspace_id == workspace_id
    lo = conn.execute(select(func.min(posts.c.created_at)).where(where)).scalar_one()
    hi = conn.execute(select(func.max(posts.c.created_at)).where(where)).scalar_one()
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


def iter_posts(
    engine: Engine, workspace_id: int, f: PostFilter | None = None, batch: int = 5000
) -> Iterator[dict]:
    """Every post matching ``f`` in id order, read in keyset-paginated batches (flat memory)."""
    cols = [c for c in posts.c if c.name != "raw"]
    last = 0
    with engine.connect() as conn:
        base = _filtered(select(*cols), conn, workspace_id, f or PostFilter())
    while True:
        stmt = base.where(posts.c.id > last).order_by(posts.c.id).limit(batch)
        with engine.connect() as conn:
            rows = [{str(k): v for k, v in r._mapping.items()} for r in conn.execute(stmt)]
        if not rows:
            return
        yield from rows
        last = rows[-1]["id"]
