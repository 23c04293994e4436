"""Keeping the full-text search index current: ``index_posts`` is the idempotent stage that
indexes the posts stored since the last run (see ``store.search`` for the index itself).

Search never depends on it for correctness — posts not yet indexed are matched by a plain
scan of just those posts — only for speed, so it runs after imports and in ``pantau run``.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine

from pantau.faults import fault_point
from pantau.records import Workspace
from pantau.store.search import index_batch


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
