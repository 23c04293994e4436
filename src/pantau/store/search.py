"""Full-text search over posts: the index and the queries that use it.

The index is kept by a stage, not by the post writer, so imports stay fast: ``index_batch``
adds the posts stored since the workspace's last indexed post id (kept in ``monitor_state``
under the stage name ``search``) and moves that position in the same transaction, so running
it again never indexes a post twice. Posts newer than the position are still found, by
reading just those posts, so search is always complete.

- SQLite: a contentless FTS5 table ``post_fts(ws, body)``; the rowid is the post id and
  ``ws`` holds the workspace id, so a match is restricted to one workspace inside the index.
- PostgreSQL: ``post_search(workspace_id, post_id, doc tsvector)`` with a GIN index on ``doc``,
  using the ``simple`` configuration (no stemming: Indonesian is not an English dictionary).

Both tables are created by migration 0013 and are not part of ``schema.metadata`` (they have
dialect-specific types); ``SEARCH_TABLES`` names them for the schema checks.

A search is the topic query language (``pantau.search.search_terms`` parses it): this module
only knows :class:`IndexExpr`, an expression over whole indexed words (built by ``word``,
``phrase``, ``all_of``, ``any_of``, ``none_of``) that selects the candidates, and the full
test of one post the caller supplies. When the expression says exactly what the query says,
the index alone answers; otherwise every candidate is read and tested.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    Connection,
    and_,
    bindparam,
    column,
    false,
    func,
    or_,
    select,
    text,
)

from pantau.store.monitor import set_stage_position, stage_position
from pantau.store.schema import posts
from pantau.store.sql import same_workspace
from pantau.store.topics import POST_TEXT_COLUMNS, PostText, post_text

STAGE = "search"
SEARCH_TABLES = frozenset(
    {
        "post_fts",
        "post_fts_data",
        "post_fts_idx",
        "post_fts_docsize",
        "post_fts_config",
        "post_fts_content",
        "post_search",
    }
)
_EVERY = "{every}"  # the whole workspace in an FTS5 expression (``ws : <id>``)
URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)  # not words: left out of matching
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class IndexExpr:
    """One expression in both index languages (FTS5 on SQLite, tsquery on PostgreSQL)."""

    fts5: str
    tsquery: str


def _quoted(token: str) -> str:
    return '"' + fold(token).replace('"', '""') + '"'


def word(spellings: Iterable[str], prefix: bool = False) -> IndexExpr:
    """A whole word in any of its spellings (or, with ``prefix``, a word starting so)."""
    forms = sorted({fold(s) for s in spellings})
    star = " *" if prefix else ""
    pg = ":*" if prefix else ""
    return IndexExpr(
        "(" + " OR ".join(f"body : {_quoted(f)}{star}" for f in forms) + ")",
        "(" + " | ".join(f"'{_lexeme(f)}'{pg}" for f in forms) + ")",
    )


def _lexeme(token: str) -> str:
    return token.replace("'", "''").replace("\\", "\\\\")


def phrase(tokens: Iterable[str]) -> IndexExpr:
    """Whole words next to each other, in order."""
    forms = [fold(t) for t in tokens]
    return IndexExpr(
        "body : " + _quoted(" ".join(forms)),
        "(" + " <-> ".join(f"'{_lexeme(f)}'" for f in forms) + ")",
    )


def _joined(parts: list[IndexExpr], fts5_op: str, tsquery_op: str) -> IndexExpr:
    if len(parts) == 1:
        return parts[0]
    return IndexExpr(
        "(" + f" {fts5_op} ".join(p.fts5 for p in parts) + ")",
        "(" + f" {tsquery_op} ".join(p.tsquery for p in parts) + ")",
    )


def all_of(parts: list[IndexExpr]) -> IndexExpr:
    return _joined(parts, "AND", "&")


def any_of(parts: list[IndexExpr]) -> IndexExpr:
    return _joined(parts, "OR", "|")


def none_of(part: IndexExpr) -> IndexExpr:
    """Every post without ``part`` (FTS5's NOT is binary: the workspace NOT ``part``)."""
    return IndexExpr(f"({_EVERY} NOT {part.fts5})", f"(!{part.tsquery})")


@dataclass(frozen=True)
class SearchTerms:
    """A parsed search. ``index`` selects the candidates (None: every post); when ``exact``
    they are the answer, otherwise each is read and checked by ``test``, as are the posts
    not indexed yet."""

    index: IndexExpr | None
    exact: bool
    test: Callable[[PostText], bool]

    def fts5(self, workspace_id: int) -> str:
        every = f"ws : {int(workspace_id)}"
        if self.index is None:
            return every
        return f"{every} AND {self.index.fts5}".replace(_EVERY, every)

    def tsquery(self) -> str | None:
        return None if self.index is None else self.index.tsquery


# Every combining mark of the Basic Multilingual Plane, as one character class.
_COMBINING = re.compile(
    "[" + "".join(chr(c) for c in range(0x300, 0x10000) if unicodedata.combining(chr(c))) + "]"
)


def fold(text: str) -> str:
    """Lower case without accents (``Kafé`` → ``kafe``), as both indexes compare words."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    if decomposed.isascii():
        return decomposed.lower()
    return _COMBINING.sub("", decomposed).lower()


def index_batch(conn: Connection, workspace_id: int, limit: int = 20_000) -> int:
    """Index up to ``limit`` posts stored after the workspace's search position; returns how
    many. Call it in its own transaction and repeat until it returns 0."""
    position = stage_position(conn, workspace_id, STAGE)
    rows = conn.execute(
        select(posts.c.id, posts.c.text, posts.c.title)
        .where(same_workspace(posts, workspace_id), posts.c.id > position)
        .order_by(posts.c.id)
        .limit(limit)
    ).all()
    if not rows:
        return 0
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(
            "INSERT INTO post_fts(rowid, ws, body) VALUES (?, ?, ?)",
            [(pid, str(workspace_id), _body(body, title)) for pid, body, title in rows],
        )
    else:
        conn.execute(
            text(
                "INSERT INTO post_search (workspace_id, post_id, doc) "
                "VALUES (:w, :p, to_tsvector('simple', :b)) ON CONFLICT DO NOTHING"
            ),
            [{"w": workspace_id, "p": pid, "b": _body(body, title)} for pid, body, title in rows],
        )
    set_stage_position(
        conn, workspace_id, STAGE, rows[-1][0], datetime.now(UTC).replace(tzinfo=None)
    )
    return len(rows)


def _body(body: str, title: str | None) -> str:
    """What is indexed: the words alone, as topic matching splits them (FTS5 would keep an
    emoji stuck to a word as part of it), without links."""
    text = f"{title}\n{body}" if title else body
    if "://" in text or "www." in text.lower():
        text = URL.sub(" ", text)
    return " ".join(_WORD.findall(fold(text)))


def search_position(conn: Connection, workspace_id: int) -> int:
    return stage_position(conn, workspace_id, STAGE)


def pending_count(conn: Connection, workspace_id: int) -> int:
    position = stage_position(conn, workspace_id, STAGE)
    stmt = select(func.count()).where(same_workspace(posts, workspace_id), posts.c.id > position)
    return int(conn.execute(stmt).scalar_one())


def _index_sql(conn: Connection, workspace_id: int, terms: SearchTerms) -> tuple[str, dict]:
    """SELECT of the candidate ids (column ``id``) and its parameters."""
    if conn.dialect.name == "sqlite":
        return "SELECT rowid AS id FROM post_fts WHERE post_fts MATCH :fts_q", {
            "fts_q": terms.fts5(workspace_id)
        }
    where = "workspace_id = :fts_w"
    params: dict[str, object] = {"fts_w": workspace_id}
    query = terms.tsquery()
    if query is not None:
        where += " AND doc @@ to_tsquery('simple', :fts_q)"
        params["fts_q"] = query
    return f"SELECT post_id AS id FROM post_search WHERE {where}", params


def indexed_ids(
    conn: Connection, workspace_id: int, terms: SearchTerms, limit: int, newest: bool = False
) -> list[int]:
    """Ids of indexed candidates for ``terms`` (the matches when ``terms.exact``), at most
    ``limit``: in no useful order, or the highest ids (the latest stored) first with
    ``newest``."""
    sql, params = _index_sql(conn, workspace_id, terms)
    order = " ORDER BY id DESC" if newest else ""
    stmt = text(f"SELECT id FROM ({sql}) AS found{order} LIMIT :n")
    return [int(r[0]) for r in conn.execute(stmt, {**params, "n": limit})]


def indexed_count(conn: Connection, workspace_id: int, terms: SearchTerms) -> int:
    """How many indexed posts of the workspace are candidates for ``terms``."""
    sql, params = _index_sql(conn, workspace_id, terms)
    return int(conn.execute(text(f"SELECT count(*) FROM ({sql}) AS found"), params).scalar_one())


def match_condition(
    conn: Connection,
    workspace_id: int,
    terms: SearchTerms,
    position: int,
    known_ids: list[int] | None = None,
    tail: list[int] | None = None,
) -> ColumnElement[bool]:
    """A condition on ``posts`` true for the posts matching ``terms``: the matches of an
    exact search from the index up to ``position`` (``known_ids`` when the caller already
    fetched them all), else every candidate read and tested; posts stored after the
    position are read and tested (``tail``: the caller already did)."""
    if not terms.exact:
        return among(verified_ids(conn, workspace_id, terms, position))
    if known_ids is not None:
        indexed: ColumnElement[bool] = among(known_ids)
    else:
        sql, params = _index_sql(conn, workspace_id, terms)
        sub = text(sql).bindparams(**params)
        indexed = posts.c.id.in_(sub.columns(column("id", BigInteger)))
    if tail is None:
        tail = tail_ids(conn, workspace_id, terms, position)
    return or_(and_(posts.c.id <= position, indexed), among(tail))


def among(ids: list[int]) -> ColumnElement[bool]:
    """``posts.id`` in ``ids``."""
    if not ids:
        return false()
    # inline: a search right after a large import may hold more ids than SQLite takes as
    # parameters
    return posts.c.id.in_(bindparam("ids", ids, expanding=True, literal_execute=True, unique=True))


def _tested(conn: Connection, terms: SearchTerms, stmt) -> list[int]:  # type: ignore[no-untyped-def]
    rows = conn.execute(stmt.execution_options(yield_per=5_000))
    return [post.id for post in map(post_text, rows) if terms.test(post)]


def tail_ids(conn: Connection, workspace_id: int, terms: SearchTerms, position: int) -> list[int]:
    """Ids of the posts stored after ``position`` that match: read and tested one by one, so
    this is only fast while the index is kept current."""
    # walk the ids after the position, not the workspace's whole index
    stmt = select(*POST_TEXT_COLUMNS).where(
        same_workspace(posts, workspace_id), posts.c.id > position
    )
    return _tested(conn, terms, stmt)


def verified_ids(
    conn: Connection, workspace_id: int, terms: SearchTerms, position: int
) -> list[int]:
    """Every matching post: the index's candidates up to ``position`` (every post when the
    index cannot narrow them) and every post after it, each read and tested."""
    mine = same_workspace(posts, workspace_id)
    if terms.index is None or not position:
        return _tested(conn, terms, select(*POST_TEXT_COLUMNS).where(mine))
    found = []
    candidates = indexed_ids(conn, workspace_id, terms, 2**62)
    for start in range(0, len(candidates), 20_000):
        chunk = candidates[start : start + 20_000]
        found += _tested(conn, terms, select(*POST_TEXT_COLUMNS).where(mine, among(chunk)))
    return found + tail_ids(conn, workspace_id, terms, position)


def newest_post_texts(
    conn: Connection, workspace_id: int, ids: list[int], limit: int
) -> list[PostText]:
    """Up to ``limit`` of the posts ``ids``, the latest created first."""
    if limit <= 0 or not ids:
        return []
    stmt = (
        select(*POST_TEXT_COLUMNS)
        .where(same_workspace(posts, workspace_id), among(ids))
        .order_by(posts.c.created_at.desc(), posts.c.id.desc())
        .limit(limit)
    )
    return [post_text(row) for row in conn.execute(stmt)]
