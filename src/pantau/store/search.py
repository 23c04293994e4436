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

A query is words and ``"quoted phrases"``; every word must occur, as a word or the start of
one (``bera`` finds ``beras``), case- and accent-insensitively.
"""

from __future__ import annotations

import re
import unicodedata
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

from pantau.errors import PantauError
from pantau.store.monitor import set_stage_position, stage_position
from pantau.store.schema import posts
from pantau.store.sql import same_workspace

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
MAX_TERMS = 8
MAX_TERM_CHARS = 60
_WORD = re.compile(r"[^\W_]+")
_PART = re.compile(r'"([^"]*)"|([^"\s]+)')


@dataclass(frozen=True)
class SearchTerms:
    """A parsed search: each item is one word (matched as a prefix) or a phrase (a tuple of
    words matched in order, the last one as a prefix)."""

    items: tuple[tuple[str, ...], ...]

    @classmethod
    def parse(cls, q: str) -> SearchTerms:
        items: list[tuple[str, ...]] = []
        for phrase, word in _PART.findall(fold(q)):
            words = tuple(w[:MAX_TERM_CHARS] for w in _WORD.findall(phrase or word))
            if phrase and words:
                items.append(words)
            else:
                items.extend((w,) for w in words)
        if len(items) > MAX_TERMS:
            raise PantauError(f"terlalu banyak kata pencarian (paling banyak {MAX_TERMS})")
        return cls(tuple(items))

    def __bool__(self) -> bool:
        return bool(self.items)

    def fts5(self, workspace_id: int) -> str:
        parts = [f"ws : {int(workspace_id)}"]
        for words in self.items:
            parts.append('body : "' + " ".join(words) + '" *')
        return " AND ".join(parts)

    def tsquery(self) -> str:
        def one(words: tuple[str, ...]) -> str:
            quoted = [f"'{w}'" for w in words]
            quoted[-1] += ":*"
            return " <-> ".join(quoted)

        return " & ".join(f"({one(words)})" for words in self.items)

    def matches(self, text: str) -> bool:
        """The same test as the index, for posts not indexed yet."""
        words = _WORD.findall(fold(text))
        for item in self.items:
            n = len(item)
            if not any(
                words[i : i + n - 1] == list(item[:-1]) and words[i + n - 1].startswith(item[-1])
                for i in range(len(words) - n + 1)
            ):
                return False
        return True


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
            # FTS5's tokenizer folds case and accents itself
            [
                (pid, str(workspace_id), f"{title}\n{body}" if title else body)
                for pid, body, title in rows
            ],
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
    return fold(f"{title}\n{body}" if title else body)


def search_position(conn: Connection, workspace_id: int) -> int:
    return stage_position(conn, workspace_id, STAGE)


def pending_count(conn: Connection, workspace_id: int) -> int:
    position = stage_position(conn, workspace_id, STAGE)
    stmt = select(func.count()).where(same_workspace(posts, workspace_id), posts.c.id > position)
    return int(conn.execute(stmt).scalar_one())


def indexed_ids(
    conn: Connection, workspace_id: int, terms: SearchTerms, limit: int, newest: bool = False
) -> list[int]:
    """Ids of indexed posts matching ``terms``, at most ``limit``: in no useful order, or
    the highest ids (the latest stored) first with ``newest``."""
    order = " ORDER BY {} DESC" if newest else ""
    if conn.dialect.name == "sqlite":
        stmt = text(
            "SELECT rowid FROM post_fts WHERE post_fts MATCH :q"
            + order.format("rowid")
            + " LIMIT :n"
        )
        params: dict[str, object] = {"q": terms.fts5(workspace_id), "n": limit}
    else:
        stmt = text(
            "SELECT post_id FROM post_search WHERE workspace_id = :w "
            "AND doc @@ to_tsquery('simple', :q)" + order.format("post_id") + " LIMIT :n"
        )
        params = {"w": workspace_id, "q": terms.tsquery(), "n": limit}
    return [int(r[0]) for r in conn.execute(stmt, params)]


def indexed_count(conn: Connection, workspace_id: int, terms: SearchTerms) -> int:
    """How many indexed posts of the workspace match ``terms`` (the index alone)."""
    if conn.dialect.name == "sqlite":
        stmt = text("SELECT count(*) FROM post_fts WHERE post_fts MATCH :q")
        params: dict[str, object] = {"q": terms.fts5(workspace_id)}
    else:
        stmt = text(
            "SELECT count(*) FROM post_search WHERE workspace_id = :w "
            "AND doc @@ to_tsquery('simple', :q)"
        )
        params = {"w": workspace_id, "q": terms.tsquery()}
    return int(conn.execute(stmt, params).scalar_one())


def match_condition(
    conn: Connection,
    workspace_id: int,
    terms: SearchTerms,
    position: int,
    known_ids: list[int] | None = None,
) -> ColumnElement[bool]:
    """A condition on ``posts`` true for the posts matching ``terms``: from the index up to
    ``position`` (``known_ids`` when the caller already fetched them all), by reading the
    posts stored after it."""
    if known_ids is not None:
        indexed: ColumnElement[bool] = _among(known_ids)
    elif conn.dialect.name == "sqlite":
        sub = text("SELECT rowid AS id FROM post_fts WHERE post_fts MATCH :fts_q").bindparams(
            fts_q=terms.fts5(workspace_id)
        )
        indexed = posts.c.id.in_(sub.columns(column("id", BigInteger)))
    else:
        sub = text(
            "SELECT post_id AS id FROM post_search WHERE workspace_id = :fts_w "
            "AND doc @@ to_tsquery('simple', :fts_q)"
        ).bindparams(fts_w=workspace_id, fts_q=terms.tsquery())
        indexed = posts.c.id.in_(sub.columns(column("id", BigInteger)))
    tail = tail_ids(conn, workspace_id, terms, position)
    return or_(and_(posts.c.id <= position, indexed), _among(tail))


def _among(ids: list[int]) -> ColumnElement[bool]:
    if not ids:
        return false()
    # inline: a search right after a large import may hold more ids than SQLite takes as
    # parameters
    return posts.c.id.in_(bindparam("ids", ids, expanding=True, literal_execute=True, unique=True))


def tail_ids(conn: Connection, workspace_id: int, terms: SearchTerms, position: int) -> list[int]:
    """Ids of the posts stored after ``position`` that match: read and tested one by one, so
    this is only fast while the index is kept current."""
    stmt = (
        select(posts.c.id, posts.c.text, posts.c.title)
        # walk the ids after the position, not the workspace's whole index
        .where(same_workspace(posts, workspace_id), posts.c.id > position)
        .execution_options(yield_per=5_000)
    )
    return [
        int(pid)
        for pid, body, title in conn.execute(stmt)
        if terms.matches(f"{title}\n{body}" if title else body)
    ]
