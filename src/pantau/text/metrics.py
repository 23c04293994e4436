"""Scoring a text model on labelled data: the usual multi-class view and the binary view.

``evaluate`` scores the model's most probable class against every label. ``evaluate_binary``
scores it as a classifier over a subset of its classes (for sentiment: positive vs negative,
on data that has no neutral label): the probabilities of the other classes are ignored, so a
post the model calls neutral falls to the more likely of the two polar classes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from pantau.text.classifier import TextModel

POLAR = ("negative", "positive")


def score_labels(truth: Sequence[str], predicted: Sequence[str]) -> dict[str, Any]:
    """Accuracy, macro-F1, per-class precision/recall/F1 and the confusion matrix.

    Macro-F1 averages over the labels that occur in ``truth``; the confusion matrix (rows: true
    label, columns: predicted label) also lists labels only the model predicted.
    """
    names = sorted(set(truth) | set(predicted))
    index = {name: position for position, name in enumerate(names)}
    matrix = np.zeros((len(names), len(names)), dtype=np.int64)
    for actual, guess in zip(truth, predicted, strict=True):
        matrix[index[actual], index[guess]] += 1
    per_class: dict[str, dict[str, float]] = {}
    for name, position in index.items():
        hits = matrix[position, position]
        predicted_count = matrix[:, position].sum()
        support = matrix[position].sum()
        precision = hits / predicted_count if predicted_count else 0.0
        recall = hits / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class[name] = {
            "precision": round(float(precision), 4),
            "recall": round(float(recall), 4),
            "f1": round(float(f1), 4),
            "support": int(support),
        }
    present = sorted(set(truth))
    macro = float(np.mean([per_class[name]["f1"] for name in present])) if present else 0.0
    return {
        "n": len(truth),
        "accuracy": round(float(np.trace(matrix) / max(len(truth), 1)), 4),
        "macro_f1": round(macro, 4),
        "per_class": per_class,
        "labels": names,
        "confusion_matrix": matrix.tolist(),
    }


def clean_labels(labels: Sequence[str]) -> list[str]:
    return [str(label).strip().lower() for label in labels]


def evaluate(model: TextModel, texts: Sequence[str], labels: Sequence[str]) -> dict[str, Any]:
    """The model's most probable class scored against ``labels`` (see :func:`score_labels`)."""
    predicted = model.labels_of(model.predict_proba(texts))
    return score_labels(clean_labels(labels), predicted)


def restricted_guesses(
    classes: Sequence[str], proba: np.ndarray, keep: Sequence[str]
) -> tuple[list[str], np.ndarray]:
    """The most probable class among ``keep`` for each row, and whether the unrestricted
    guess was another class (it "fell" to one of ``keep``)."""
    missing = [name for name in keep if name not in classes]
    if missing:
        raise ValueError(f"the model has no class {', '.join(missing)}")
    columns = [list(classes).index(name) for name in keep]
    chosen = np.argmax(proba[:, columns], axis=1)
    guesses = [keep[i] for i in chosen]
    fell = np.isin(np.argmax(proba, axis=1), columns, invert=True) if len(proba) else np.zeros(0)
    return guesses, fell


def evaluate_binary(
    model: TextModel,
    texts: Sequence[str],
    labels: Sequence[str],
    classes: Sequence[str] = POLAR,
) -> dict[str, Any]:
    """The model scored as a classifier over ``classes`` only.

    Rows whose label is not one of ``classes`` are left out (counted in ``left_out``); a
    prediction of another class falls to the more probable of ``classes`` (counted in
    ``fell_to_polar``).
    """
    keep = tuple(sorted(classes))
    truth = clean_labels(labels)
    rows = [i for i, label in enumerate(truth) if label in keep]
    proba = model.predict_proba([texts[i] for i in rows])
    guesses, fell = restricted_guesses(model.classes, proba, keep)
    report = score_labels([truth[i] for i in rows], guesses)
    report["classes"] = list(keep)
    report["left_out"] = len(truth) - len(rows)
    report["fell_to_polar"] = int(np.sum(fell))
    return report


def parse_classes(value: str) -> tuple[str, ...]:
    """``"positive,negative"`` → ``("negative", "positive")``; at least two names."""
    names = tuple(sorted({part.strip().lower() for part in value.split(",") if part.strip()}))
    if len(names) < 2:
        raise ValueError("need at least two class names, e.g. positive,negative")
    return names
