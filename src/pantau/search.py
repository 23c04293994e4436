"""Search: ``search_terms`` turns a query in the topic language into what the index answers,
and ``index_posts`` is the idempotent stage that indexes the posts stored since the last run
(see ``store.search`` for the index itself).

Search never depends on it for correctness — posts not yet indexed are matched by a plain
scan of just those posts — only for speed, so it runs after imports and in ``pantau run``.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine

from pantau.faults import fault_point
from pantau.monitor.query import (
    And,
    Near,
    Node,
    Not,
    Or,
    Phrase,
    Prefix,
    Term,
    compile_query,
    spellings,
)
from pantau.monitor.topics import build_match_doc
from pantau.records import Workspace
from pantau.store.search import (
    IndexExpr,
    SearchTerms,
    all_of,
    any_of,
    index_batch,
    indexed_ids,
    newest_post_texts,
    none_of,
    phrase,
    search_position,
    tail_ids,
    verified_ids,
    word,
)
from pantau.store.topics import PostText


def index_posts(
    engine: Engine,
    workspace: Workspace,
    batch: int = 20_000,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Index every post not yet in the search index; returns how many were added. Each batch
    commits with the new position, so an interrupted run resumes where it stopped."""
    total = 0
    while True:
        with engine.begin() as conn:
            n = index_batch(conn, workspace.id, batch)
            fault_point("search.writing")
        fault_point("search.batch_written")
        if not n:
            return total
        total += n
        if progress is not None:
            progress(n)


def search_terms(query: str | None) -> SearchTerms | None:
    """A search in the topic query language (``monitor.query``): whole words, ``*`` for a
    prefix, ``"phrases"``, AND/OR/NOT and ``-word``, ``#tag``, ``@account``, fields. The
    index answers alone what it can say exactly; the rest is checked post by post with the
    same matcher topics use, so a search and a topic test of one query find the same posts.
    None for an empty query."""
    if query is None or not query.strip():
        return None
    return parse_search(query)


def parse_search(query: str) -> SearchTerms:
    """:func:`search_terms` of a query that must not be empty (the parser says so)."""
    compiled = compile_query(query.strip())
    index, exact = _index(compiled.ast)
    return SearchTerms(index, exact, lambda post: compiled.matches(build_match_doc(post)))


def _index(node: Node) -> tuple[IndexExpr | None, bool]:
    """The candidates of ``node`` in the index (None: every post) and whether they are
    exactly its matches."""
    match node:
        case Term(token):
            return word(spellings(token)), True
        case Prefix(prefix):
            return word([prefix], prefix=True), True
        case Phrase(tokens):
            if all(spellings(t) == {t} for t in tokens):
                return phrase(tokens), True
            return all_of([word(spellings(t)) for t in tokens]), False
        case And(operands):
            return _together([_index(op) for op in operands], exact=True)
        case Near(left, right):  # both words, then their distance checked post by post
            return _together([_index(left), _index(right)], exact=False)
        case Or(operands):
            parts = [_index(op) for op in operands]
            if any(expr is None for expr, _ in parts):
                return None, False
            return any_of([expr for expr, _ in parts if expr is not None]), all(x for _, x in parts)
        case Not(operand):
            expr, exact = _index(operand)
            if expr is None or not exact:
                return None, False
            return none_of(expr), True
    return None, False  # hashtags, accounts, fields: not in the index's words


def _together(
    parts: list[tuple[IndexExpr | None, bool]], exact: bool
) -> tuple[IndexExpr | None, bool]:
    known = [expr for expr, _ in parts if expr is not None]
    exact = exact and all(x for _, x in parts)
    return (all_of(known) if known else None), exact


def query_matches(
    engine: Engine, workspace: Workspace, query: str, sample: int = 5
) -> tuple[int, list[PostText]]:
    """How many stored posts ``query`` matches, exactly as a topic with it would, and up to
    ``sample`` of the newest of them. Nothing is saved."""
    ids = matching_ids(engine, workspace, query)
    with engine.connect() as conn:
        return len(ids), newest_post_texts(conn, workspace.id, ids, sample)


def matching_ids(engine: Engine, workspace: Workspace, query: str) -> list[int]:
    """The ids of the stored posts ``query`` matches (what a topic with it matches): from
    the index when it says exactly, else its candidates checked by the topic matcher."""
    terms = parse_search(query)
    with engine.connect() as conn:
        position = search_position(conn, workspace.id)
        if terms.exact and position:
            return indexed_ids(conn, workspace.id, terms, 2**62) + tail_ids(
                conn, workspace.id, terms, position
            )
        return verified_ids(conn, workspace.id, terms, position)
