"""The labelling queue: which posts an analyst should label next, and storing the label.

The queue offers the posts the workspace's current sentiment model is least sure about
(uncertainty sampling by *margin*: the gap between the two most probable classes of its
calibrated probabilities; the smallest gap first), spread over strata (platform × first
matching topic) by round robin, and with near-duplicates collapsed: of the copies of one
message (``monitor.dedup.message_groups``) only the least sure is offered, and none when a
copy of it is labelled already. Candidates are the newest ``pool`` unlabelled posts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from sqlalchemy import Engine

from pantau.errors import NotFoundError, PantauError
from pantau.memo import Memo
from pantau.records import Workspace
from pantau.store.enrichment import (
    LabelCandidate,
    label_candidates,
    labelled_since,
    labelled_texts,
    set_label,
)
from pantau.store.monitor import newest_post_id, stage_positions
from pantau.store.posts import post_exists
from pantau.text.dedup import message_groups
from pantau.text.normalize import normalize
from pantau.text.sentiment import SENTIMENT_CLASSES
from pantau.text.stage import load_models, post_text, workspace_model_dir

POOL = 2000
NO_TOPIC = ""


@dataclass(frozen=True, slots=True)
class QueueItem:
    """A post to label, with the model's guess and how sure it is."""

    post_id: int
    platform: str
    topic: str | None
    author: str | None
    created_at: datetime
    title: str | None
    text: str
    url: str | None
    guess: str
    confidence: float  # probability of the guess
    margin: float  # guess minus the runner-up: small means unsure
    copies: int  # unlabelled posts of the same message among the candidates

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def margins(proba: np.ndarray) -> np.ndarray:
    """Top probability minus the second one, per row (0: undecided, 1: certain)."""
    if proba.shape[1] < 2:
        return np.ones(len(proba))
    top_two = -np.partition(-proba, 1, axis=1)[:, :2]
    return top_two[:, 0] - top_two[:, 1]


def queue_order(
    margin: Sequence[float] | np.ndarray,
    strata: Sequence[object],
    groups: Sequence[int],
    blocked: frozenset[int] = frozenset(),
    limit: int | None = None,
) -> list[int]:
    """Positions of the items to offer, in order.

    One item per group (the least sure; groups in ``blocked`` have a labelled copy and are
    skipped); within a stratum, least sure first; strata take turns, the stratum holding the
    least sure item first.
    """
    best: dict[int, int] = {}
    for i, group in enumerate(groups):
        if group in blocked:
            continue
        if group not in best or (margin[i], -i) < (margin[best[group]], -best[group]):
            best[group] = i
    by_stratum: dict[object, list[int]] = {}
    for i in sorted(best.values(), key=lambda i: (margin[i], -i)):
        by_stratum.setdefault(strata[i], []).append(i)
    turns = list(by_stratum.values())  # already ordered by each stratum's least sure item
    order: list[int] = []
    depth = 0
    while turns and (limit is None or len(order) < limit):
        turns = [items for items in turns if depth < len(items)]
        for items in turns:
            order.append(items[depth])
            if limit is not None and len(order) >= limit:
                break
        depth += 1
    return order


@dataclass(frozen=True, slots=True)
class _Scored:
    """The candidate pool as the model scored it, from which the queue is ordered."""

    since: datetime  # labels given from then on are not counted in it
    candidates: list[LabelCandidate]
    guesses: list[str]
    confidence: list[float]
    margin: list[float]
    groups: list[int]  # each candidate's message group
    blocked: frozenset[int]  # groups with a labelled copy


# scored pools by workspace, stage positions, newest post and workspace model
_SCORED: Memo[_Scored] = Memo(16)


def _model_stamp(data_dir: Path, workspace: Workspace) -> tuple[int, int] | None:
    """When and how big the workspace's own sentiment model was written (None: the default)."""
    try:
        found = (workspace_model_dir(data_dir, workspace, "sentiment") / "model.json").stat()
    except OSError:
        return None
    return found.st_mtime_ns, found.st_size


def _score(engine: Engine, data_dir: Path, workspace: Workspace, pool: int) -> _Scored:
    since = datetime.now(UTC).replace(tzinfo=None)
    with engine.connect() as conn:
        candidates = label_candidates(conn, workspace.id, "sentiment", pool)
    if not candidates:
        return _Scored(since, [], [], [], [], [], frozenset())
    model = load_models(data_dir, workspace).sentiment
    normalized = [normalize(post_text(c.title, c.text)) for c in candidates]
    proba = model.proba_of_normalized(normalized)
    labelled, _ = labelled_texts(engine, workspace.id, "sentiment")
    groups = message_groups(
        [item.text for item in normalized] + [normalize(t).text for t in labelled]
    )
    return _Scored(
        since,
        candidates,
        list(model.labels_of(proba)),
        [float(p.max()) for p in proba],
        [float(m) for m in margins(proba)],
        groups[: len(candidates)],
        frozenset(groups[len(candidates) :]),
    )


def labelling_queue(
    engine: Engine, data_dir: Path, workspace: Workspace, limit: int = 20, pool: int = POOL
) -> list[QueueItem]:
    """The next ``limit`` posts to label, scored by the workspace's current sentiment model.

    The pool is scored once per stage positions, newest post and model, and kept in memory;
    a post labelled since leaves the queue with its copies. A label given outside the pool
    (on a post's page) scores the pool again, since copies of that post may be queued."""
    with engine.connect() as conn:
        key = (str(engine.url), workspace.id, pool, stage_positions(conn, workspace.id),
               newest_post_id(conn), _model_stamp(data_dir, workspace))  # fmt: skip
    scored = _SCORED.get(key, lambda: _score(engine, data_dir, workspace, pool))
    with engine.connect() as conn:
        labelled = labelled_since(conn, workspace.id, "sentiment", scored.since)
    where = {c.id: i for i, c in enumerate(scored.candidates)}
    if not labelled <= where.keys():
        scored = _score(engine, data_dir, workspace, pool)
        _SCORED.put(key, scored)
        labelled = set()
    keep = [i for i, c in enumerate(scored.candidates) if c.id not in labelled]
    blocked = scored.blocked | {scored.groups[where[i]] for i in labelled}
    groups = [scored.groups[i] for i in keep]
    copies = Counter(groups)
    strata = [(scored.candidates[i].platform, scored.candidates[i].topic or NO_TOPIC) for i in keep]
    order = queue_order([scored.margin[i] for i in keep], strata, groups, blocked, limit)
    return [_item(scored, keep[j], copies[groups[j]]) for j in order]


def _item(scored: _Scored, i: int, copies: int) -> QueueItem:
    c = scored.candidates[i]
    return QueueItem(
        post_id=c.id,
        platform=c.platform,
        topic=c.topic,
        author=c.author,
        created_at=c.created_at,
        title=c.title,
        text=c.text,
        url=c.url,
        guess=scored.guesses[i],
        confidence=round(scored.confidence[i], 4),
        margin=round(scored.margin[i], 4),
        copies=copies,
    )


def give_label(
    engine: Engine, workspace: Workspace, post_id: int, label: str, by: str | None
) -> None:
    """Store an analyst's sentiment label for one post of the workspace."""
    label = label.strip().lower()
    if label not in SENTIMENT_CLASSES:
        raise PantauError(f"label tidak dikenal: {label!r} (pilih {', '.join(SENTIMENT_CLASSES)})")
    with engine.connect() as conn:
        if not post_exists(conn, workspace.id, post_id):
            raise NotFoundError(f"post #{post_id} tidak ada di workspace {workspace.slug}")
    set_label(engine, workspace.id, post_id, "sentiment", label, by)
