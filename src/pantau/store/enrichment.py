"""Enrichment rows (one per post) and analysts' labels: which posts still need enriching,
writing results, reading labels back as training data, the posts a labelling queue may offer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import orjson
from sqlalchemy import Connection, Engine, and_, case, func, select

from pantau.store.schema import post_enrichment, post_labels, posts, topic_matches, topics
from pantau.store.sql import same_workspace

_COLUMNS = (
    "workspace_id",
    "post_id",
    "normalized_text",
    "language",
    "sentiment",
    "sentiment_score",
    "polarity",
    "emotion",
    "emotion_score",
    "entities",
    "flags",
    "model_version",
    "enriched_at",
)
_UPSERT = (
    f"INSERT INTO post_enrichment ({', '.join(_COLUMNS)}) VALUES ({{marks}}) "
    "ON CONFLICT (workspace_id, post_id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _COLUMNS[2:])
)


@dataclass(frozen=True, slots=True)
class PendingPost:
    id: int
    title: str | None
    text: str


@dataclass(frozen=True, slots=True)
class EnrichmentRow:
    post_id: int
    normalized_text: str
    language: str
    sentiment: str
    sentiment_score: float
    polarity: float
    emotion: str
    emotion_score: float
    entities: Sequence[Sequence[str]]
    flags: Sequence[str]


def pending_posts(
    conn: Connection,
    workspace_id: int,
    model_version: str,
    after_id: int,
    limit: int,
    everything: bool = False,
) -> list[PendingPost]:
    """Posts after ``after_id`` (id order) with no enrichment by ``model_version``; with
    ``everything`` all posts, for re-enrichment after a model change."""
    e = post_enrichment.c
    stmt = (
        select(posts.c.id, posts.c.title, posts.c.text)
        .select_from(
            posts.outerjoin(
                post_enrichment,
                and_(e.workspace_id == posts.c.workspace_id, e.post_id == posts.c.id),
            )
        )
        .where(same_workspace(posts, workspace_id), posts.c.id > after_id)
        .order_by(posts.c.id)
        .limit(limit)
    )
    if not everything:
        stmt = stmt.where((e.post_id.is_(None)) | (e.model_version != model_version))
    return [PendingPost(r.id, r.title, r.text) for r in conn.execute(stmt)]


def write_enrichment(
    conn: Connection, workspace_id: int, rows: Sequence[EnrichmentRow], model_version: str
) -> None:
    if not rows:
        return
    sqlite = conn.dialect.name == "sqlite"
    now = datetime.now(UTC).replace(tzinfo=None)
    when = now.isoformat(" ", "microseconds") if sqlite else now
    params = [
        (
            workspace_id,
            r.post_id,
            r.normalized_text,
            r.language,
            r.sentiment,
            r.sentiment_score,
            r.polarity,
            r.emotion,
            r.emotion_score,
            orjson.dumps([list(x) for x in r.entities]).decode() if r.entities else None,
            ",".join(r.flags),
            model_version,
            when,
        )
        for r in rows
    ]
    marks = ", ".join(["?" if sqlite else "%s"] * len(_COLUMNS))
    conn.exec_driver_sql(_UPSERT.format(marks=marks), params)


def enrichment_counts(conn: Connection, workspace_id: int) -> dict[str, dict[str, int]]:
    """How many enriched posts per sentiment, emotion and language."""
    out: dict[str, dict[str, int]] = {}
    for column in ("sentiment", "emotion", "language"):
        col = post_enrichment.c[column]
        stmt = (
            select(col, func.count())
            .where(post_enrichment.c.workspace_id == workspace_id)
            .group_by(col)
            .order_by(func.count().desc())
        )
        out[column] = {str(k): int(n) for k, n in conn.execute(stmt)}
    return out


def get_enrichment(conn: Connection, workspace_id: int, post_id: int) -> dict | None:
    stmt = select(post_enrichment).where(
        post_enrichment.c.workspace_id == workspace_id, post_enrichment.c.post_id == post_id
    )
    row = conn.execute(stmt).first()
    return None if row is None else {str(k): v for k, v in row._mapping.items()}


def set_label(
    engine: Engine, workspace_id: int, post_id: int, task: str, label: str, by: str | None
) -> None:
    """Store (or replace) an analyst's label for one post."""
    with engine.begin() as conn:
        conn.execute(
            post_labels.delete().where(
                post_labels.c.workspace_id == workspace_id,
                post_labels.c.post_id == post_id,
                post_labels.c.task == task,
            )
        )
        conn.execute(
            post_labels.insert().values(
                workspace_id=workspace_id,
                post_id=post_id,
                task=task,
                label=label,
                labelled_by=by,
                labelled_at=datetime.now(UTC).replace(tzinfo=None),
            )
        )


def labelled_texts(engine: Engine, workspace_id: int, task: str) -> tuple[list[str], list[str]]:
    """Texts and labels that analysts gave, for training a workspace model."""
    stmt = (
        select(posts.c.title, posts.c.text, post_labels.c.label)
        .join(
            posts,
            and_(
                posts.c.workspace_id == post_labels.c.workspace_id,
                posts.c.id == post_labels.c.post_id,
            ),
        )
        .where(post_labels.c.workspace_id == workspace_id, post_labels.c.task == task)
        .order_by(post_labels.c.post_id)
    )
    texts, labels = [], []
    with engine.connect() as conn:
        for title, text, label in conn.execute(stmt):
            texts.append(f"{title}. {text}" if title else text)
            labels.append(label)
    return texts, labels


@dataclass(frozen=True, slots=True)
class LabelCandidate:
    """An unlabelled post the labelling queue may offer, with its stratum (platform, topic)."""

    id: int
    platform: str
    author: str | None
    created_at: datetime
    title: str | None
    text: str
    url: str | None
    topic: str | None


def label_candidates(
    conn: Connection, workspace_id: int, task: str, limit: int
) -> list[LabelCandidate]:
    """The newest ``limit`` posts without a ``task`` label, each with the name of the first
    topic it matches (by topic id; None when it matches none)."""
    labelled = select(post_labels.c.post_id).where(
        post_labels.c.workspace_id == workspace_id, post_labels.c.task == task
    )
    stmt = (
        select(posts.c.id, posts.c.platform, posts.c.author, posts.c.created_at, posts.c.title,
               posts.c.text, posts.c.url)
        # newest ids first, stopping at ``limit``: through the workspace's index SQLite would
        # sort every post of the workspace
        .where(same_workspace(posts, workspace_id), posts.c.id.not_in(labelled))
        .order_by(posts.c.id.desc())
        .limit(limit)
    )  # fmt: skip
    rows = conn.execute(stmt).all()
    first_topic: dict[int, str] = {}
    ids = [r.id for r in rows]
    for offset in range(0, len(ids), 1000):
        chunk = ids[offset : offset + 1000]
        found = conn.execute(
            select(topic_matches.c.post_id, topics.c.name)
            .join(topics, topics.c.id == topic_matches.c.topic_id)
            .where(topic_matches.c.workspace_id == workspace_id,
                   topic_matches.c.post_id.in_(chunk))
            .order_by(topic_matches.c.post_id, topics.c.id)
        )  # fmt: skip
        for post_id, name in found:
            first_topic.setdefault(post_id, name)
    return [
        LabelCandidate(r.id, r.platform, r.author, r.created_at, r.title, r.text, r.url,
                       first_topic.get(r.id))
        for r in rows
    ]  # fmt: skip


def labelled_since(conn: Connection, workspace_id: int, task: str, since: datetime) -> set[int]:
    """The posts whose ``task`` label was given or changed at ``since`` or later."""
    c = post_labels.c
    stmt = select(c.post_id).where(
        c.workspace_id == workspace_id, c.task == task, c.labelled_at >= since
    )
    return {int(i) for i in conn.execute(stmt).scalars()}


def label_counts(
    conn: Connection, workspace_id: int, task: str, since: datetime | None
) -> tuple[int, int]:
    """(labels of ``task``, of which given or changed after ``since``; all when None)."""
    c = post_labels.c
    newer = func.count() if since is None else func.sum(case((c.labelled_at > since, 1), else_=0))
    total, recent = conn.execute(
        select(func.count(), newer).where(c.workspace_id == workspace_id, c.task == task)
    ).one()
    return int(total or 0), int(recent or 0)


def sentiment_hourly(conn: Connection, workspace_id: int) -> list[tuple[datetime, str, int]]:
    """(UTC hour, sentiment, posts) from ``post_enrichment`` joined with the posts' times."""
    if conn.dialect.name == "sqlite":
        bucket = func.strftime("%Y-%m-%d %H:00:00", posts.c.created_at)
    else:
        bucket = func.date_trunc("hour", posts.c.created_at)
    stmt = (
        select(bucket.label("hour"), post_enrichment.c.sentiment, func.count())
        .join(
            posts,
            (posts.c.id == post_enrichment.c.post_id)
            & (posts.c.workspace_id == post_enrichment.c.workspace_id),
        )
        .where(post_enrichment.c.workspace_id == workspace_id)
        .group_by(bucket, post_enrichment.c.sentiment)
        .order_by(bucket)
    )
    out = []
    for hour, sentiment, n in conn.execute(stmt):
        when = datetime.fromisoformat(hour) if isinstance(hour, str) else hour
        out.append((when, sentiment, int(n)))
    return out
