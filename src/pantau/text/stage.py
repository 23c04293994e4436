"""The enrichment stage: every stored post gets language, sentiment, emotion and entities.

``enrich_posts`` is an idempotent batch function: it enriches the posts that have no result
from the current models (or, with ``everything``, all posts) and can be interrupted and run
again. A workspace model trained by ``pantau model train`` replaces the default for that
workspace.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from pantau import __version__
from pantau.faults import fault_point
from pantau.records import Workspace
from pantau.store.enrichment import EnrichmentRow, pending_posts, write_enrichment
from pantau.store.monitor import max_post_id, set_stage_position, stage_position
from pantau.text.classifier import LinearTextClassifier, TextModel
from pantau.text.emotion import load_default_emotion_model
from pantau.text.enrich import enrich
from pantau.text.model_versions import model_fingerprint
from pantau.text.sentiment import default_model_dir, load_default_model

BATCH_SIZE = 2000
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ModelSet:
    sentiment: TextModel
    emotion: TextModel
    version: str  # recorded with every result; a new version makes posts pending again


@dataclass
class EnrichSummary:
    enriched: int
    model_version: str

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def workspace_model_dir(data_dir: Path, workspace: Workspace, task: str) -> Path:
    return data_dir / "models" / workspace.slug / task


def load_models(data_dir: Path, workspace: Workspace) -> ModelSet:
    """The workspace's own models where trained, else the defaults (or word lists)."""
    parts = []
    models: dict[str, TextModel] = {}
    for task, load_default in (
        ("sentiment", load_default_model),
        ("emotion", load_default_emotion_model),
    ):
        own = workspace_model_dir(data_dir, workspace, task)
        if (own / "model.json").exists():
            models[task] = LinearTextClassifier.load(own)
            parts.append(f"{task[0]}:ws-{model_fingerprint(own)}")
        else:
            models[task] = load_default()
            parts.append(f"{task[0]}:{model_fingerprint(default_model_dir() / task)}")
    return ModelSet(models["sentiment"], models["emotion"], f"{__version__}|{'|'.join(parts)}")


def post_text(title: str | None, text: str) -> str:
    """What the models read of a post: its title and text."""
    if title and text:
        return f"{title}. {text}"
    return title or text


def enrich_posts(
    engine: Engine,
    workspace: Workspace,
    models: ModelSet,
    *,
    everything: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Progress | None = None,
) -> EnrichSummary:
    """Enrich pending posts in batches, one transaction each. Where the last complete run
    for this model version stopped is kept (stage ``enrich:<version hash>``), so a run over a
    few new posts does not search a million enriched ones for the pending ones first."""
    stage = "enrich:" + hashlib.sha1(models.version.encode()).hexdigest()[:16]
    with engine.connect() as conn:
        position = stage_position(conn, workspace.id, stage)
        after = 0 if everything else position
        ceiling = max_post_id(conn, workspace.id)  # all posts up to it are seen by this run
    done = 0
    while True:
        with engine.connect() as conn:
            batch = pending_posts(conn, workspace.id, models.version, after, batch_size, everything)
        if not batch:
            break
        results = enrich(
            [post_text(p.title, p.text) for p in batch],
            sentiment_model=models.sentiment,
            emotion_model=models.emotion,
        )
        rows = [
            EnrichmentRow(
                post_id=p.id,
                normalized_text=r.normalized_text,
                language=r.language,
                sentiment=r.sentiment,
                sentiment_score=r.sentiment_score,
                polarity=r.polarity,
                emotion=r.emotion,
                emotion_score=r.emotion_score,
                entities=r.entities,
                flags=r.flags,
            )
            for p, r in zip(batch, results, strict=True)
        ]
        with engine.begin() as conn:
            write_enrichment(conn, workspace.id, rows, models.version)
            fault_point("enrich.writing")
        fault_point("enrich.batch_written")
        done += len(rows)
        after = batch[-1].id
        if progress:
            progress(done, 0)
    if max(after, ceiling) > position:
        with engine.begin() as conn:
            now = datetime.now(UTC).replace(tzinfo=None)
            set_stage_position(conn, workspace.id, stage, max(after, ceiling), now)
    return EnrichSummary(enriched=done, model_version=models.version)
