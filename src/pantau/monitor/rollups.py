"""Hourly rollups: the numbers dashboards and detection read instead of raw posts.

Per workspace × hour × topic (0 = all posts) × platform × sentiment: posts, unique authors,
engagement (likes + reposts + replies) and reach (sum of the authors' followers, where known).
Per hour × trend key (see :mod:`pantau.monitor.facts`): how many posts contain the key, kept
when at least ``MIN_TERM_POSTS`` do.

``update_rollups`` is incremental and idempotent: it finds the hours the new posts fall in
and recomputes those hours completely from the posts, replacing what was stored.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from itertools import chain

from sqlalchemy import Engine

from pantau.faults import fault_point
from pantau.monitor.facts import PostFacts, facts_of
from pantau.records import Workspace
from pantau.store import monitor as store

HOUR = timedelta(hours=1)
MIN_TERM_POSTS = 2
ALL_TOPICS = 0
_CHUNK_HOURS = 24


@dataclass(slots=True)
class RollupSummary:
    hours: int = 0
    posts: int = 0
    last_post_id: int = 0
    first_hour: datetime | None = None
    last_hour: datetime | None = None
    affected: list[datetime] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict:
        data = asdict(self)
        data.pop("affected")
        return data


def load_facts(
    engine: Engine, workspace: Workspace, start: datetime, end: datetime
) -> list[PostFacts]:
    """The facts of the posts created in [start, end)."""
    with engine.connect() as conn:
        rows = store.posts_between(conn, workspace.id, start, end)
    return [facts_of(row) for row in rows]


def hour_ranges(
    hours: Iterable[datetime], max_hours: int = _CHUNK_HOURS
) -> Iterator[list[datetime]]:
    """Sorted hours cut into runs of consecutive hours, at most ``max_hours`` long."""
    run: list[datetime] = []
    for hour in sorted(set(hours)):
        if run and (hour - run[-1] != HOUR or len(run) >= max_hours):
            yield run
            run = []
        run.append(hour)
    if run:
        yield run


def rollup_rows(
    facts: Iterable[PostFacts], topics_of_post: dict[int, list[int]]
) -> tuple[list[dict], dict[datetime, dict[str, int]]]:
    """The hourly rows and the term counts (hour → term → posts, terms of at least
    ``MIN_TERM_POSTS`` posts) of a set of posts (all posts of the hours concerned)."""
    cells: dict[tuple, list] = {}
    keys_by_hour: dict[datetime, list[tuple[str, ...]]] = {}
    for post in facts:
        for topic_id in (ALL_TOPICS, *topics_of_post.get(post.id, ())):
            key = (post.hour, topic_id, post.platform, post.sentiment)
            cell = cells.get(key)
            if cell is None:
                cell = cells[key] = [0, set(), 0, 0]
            cell[0] += 1
            cell[1].add(post.author or f"#{post.id}")
            cell[2] += post.engagement
            cell[3] += post.followers or 0
        held = keys_by_hour.get(post.hour)
        if held is None:
            held = keys_by_hour[post.hour] = []
        held.append(post.keys)
    terms = {hour: Counter(chain.from_iterable(held)) for hour, held in keys_by_hour.items()}
    hourly = [
        {
            "hour": hour,
            "topic_id": topic_id,
            "platform": platform,
            "sentiment": sentiment,
            "posts": n,
            "authors": len(authors),
            "engagement": engagement,
            "reach": reach,
        }
        for (hour, topic_id, platform, sentiment), (n, authors, engagement, reach) in cells.items()
    ]
    kept = {
        hour: {term: n for term, n in counter.items() if n >= MIN_TERM_POSTS}
        for hour, counter in terms.items()
    }
    return hourly, kept


def affected_hours(
    engine: Engine, workspace: Workspace, since_post_id: int | None = None
) -> RollupSummary:
    """What rolling up after ``since_post_id`` involves, before any of it is done: the hours
    holding a post with a greater id (``affected``, sorted) and the newest post id."""
    summary = RollupSummary()
    with engine.connect() as conn:
        summary.last_post_id = store.max_post_id(conn, workspace.id)
        summary.affected = store.post_hours_after(conn, workspace.id, since_post_id or 0)
    if summary.affected:
        summary.first_hour, summary.last_hour = summary.affected[0], summary.affected[-1]
    else:
        summary.last_post_id = max(summary.last_post_id, since_post_id or 0)
    return summary


def roll_hours(
    engine: Engine,
    workspace: Workspace,
    hours: Iterable[datetime],
    summary: RollupSummary,
    on_hour: Callable[[datetime, list[PostFacts], dict[str, int]], None] | None = None,
) -> None:
    """Recompute the rollups of ``hours`` from their posts, a run of consecutive hours per
    transaction, reading one hour's posts at a time (a million-post day is never held at
    once). ``on_hour`` receives each hour's facts and term counts as they are computed;
    ``summary`` counts the hours and posts."""
    for run in hour_ranges(hours):
        hourly: list[dict] = []
        terms: dict[datetime, dict[str, int]] = {}
        posts = 0
        for hour in run:
            end = hour + HOUR if hour < datetime.max - HOUR else datetime.max  # year 9999
            facts = load_facts(engine, workspace, hour, end)
            with engine.connect() as conn:
                topics = store.topic_ids_between(conn, workspace.id, hour, end)
            rows, counted = rollup_rows(facts, topics)
            hourly.extend(rows)
            terms.update(counted)
            posts += len(facts)
            if on_hour is not None:
                on_hour(hour, facts, counted.get(hour, {}))
        with engine.begin() as conn:
            store.replace_rollups(conn, workspace.id, run, hourly, terms)
            fault_point("rollups.writing")
        fault_point("rollups.hours_written")
        summary.hours += len(run)
        summary.posts += posts


def update_rollups(
    engine: Engine, workspace: Workspace, since_post_id: int | None = None
) -> RollupSummary:
    """Recompute the rollups of every hour holding a post with ``id > since_post_id`` (all
    hours when None). Safe to run again: each hour is replaced as a whole."""
    summary = affected_hours(engine, workspace, since_post_id)
    roll_hours(engine, workspace, summary.affected, summary)
    return summary


def refresh_topic_rollups(engine: Engine, workspace: Workspace, topic_id: int) -> int:
    """Recompute one topic's rows of the hourly rollups from its stored matches, so a topic
    added or changed after the rollups ran is counted in its past hours too. Other topics,
    the all-posts rows and the term rollups are untouched. Does nothing before the first
    rollup run, which counts everything. Returns the number of posts counted."""
    with engine.connect() as conn:
        if not store.stage_position(conn, workspace.id, "rollup"):
            return 0
        post_ids = store.topic_post_ids(conn, workspace.id, topic_id)
        stored = store.posts_by_id(conn, workspace.id, post_ids)
        facts = [facts_of(row, with_keys=False) for row in stored]
    hourly, _terms = rollup_rows(facts, {f.id: [topic_id] for f in facts})
    rows = [row for row in hourly if row["topic_id"] == topic_id]
    with engine.begin() as conn:
        store.replace_topic_rollups(conn, workspace.id, topic_id, rows)
    return len(facts)
