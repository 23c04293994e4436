"""The shared evaluation data (SmSA, EmoT) as held-out sources for sentiment models.

The folder (``../shared/data`` from the project root) exists only on the project's own
machines: it is read to measure, never to train anything that is saved or shipped.

EmoT labels emotions, not sentiment. Its tweets are scored for polarity through the valence of
each emotion (:data:`EMOT_POLARITY`): happy and love are pleasant states, anger, sadness and
fear unpleasant ones, in every dimensional model of emotion (valence is the first axis of
Russell's circumplex). The mapping says what the writer feels, which is close to but not the
same as the sentiment of the post: an angry tweet is negative about something, a "fear" tweet
may be a worried question with no opinion in it. EmoT has no neutral tweets, so its honest
score is the binary one; the three-class score counts every neutral prediction as an error.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pantau.text.classifier import TextModel
from pantau.text.metrics import POLAR, evaluate, evaluate_binary

DEFAULT_SHARED_DIR = Path("../shared/data")
EMOT_POLARITY = {
    "happy": "positive",
    "love": "positive",
    "anger": "negative",
    "sadness": "negative",
    "fear": "negative",
}
Split = tuple[list[str], list[str]]


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


def emotion_polarity(split: Split) -> Split:
    """EmoT rows with their emotion replaced by its polarity; unknown emotions are left out."""
    texts, labels = split
    kept = [(text, EMOT_POLARITY[label]) for text, label in zip(texts, labels, strict=True)
            if label in EMOT_POLARITY]  # fmt: skip
    return [text for text, _ in kept], [label for _, label in kept]


@dataclass(frozen=True, slots=True)
class HeldOutSource:
    """One labelled set a model is scored on, and where it came from."""

    name: str
    path: str
    texts: list[str]
    labels: list[str]
    note: str

    def score(self, model: TextModel) -> dict[str, Any]:
        """Both views: every label (``three_class``) and positive vs negative (``binary``)."""
        return {
            "source": self.path,
            "note": self.note,
            "n": len(self.texts),
            "three_class": summary(evaluate(model, self.texts, self.labels)),
            "binary": summary(evaluate_binary(model, self.texts, self.labels, POLAR)),
        }


def smsa(shared_dir: Path, split: str) -> HeldOutSource:
    path = shared_dir / "smsa" / f"{split}.tsv"
    texts, labels = read_smsa(path)
    note = "SmSA (IndoNLU): reviews and comments; binary view leaves the neutral rows out"
    return HeldOutSource(f"smsa_{split}", str(path), texts, labels, note)


def emot_polarity(shared_dir: Path, split: str) -> HeldOutSource:
    path = shared_dir / "emot" / f"{split}.csv"
    texts, labels = emotion_polarity(read_emot(path))
    mapping = ", ".join(f"{emotion}→{polarity}" for emotion, polarity in EMOT_POLARITY.items())
    note = (
        f"EmoT (IndoNLU) tweets, emotion mapped to polarity by valence ({mapping}); no neutral "
        "label, so three_class counts every neutral prediction as an error"
    )
    return HeldOutSource(f"emot_{split}_polarity", str(path), texts, labels, note)


def held_out_sources(shared_dir: Path, split: str = "valid") -> list[HeldOutSource] | None:
    """SmSA and EmoT-polarity of one split, or None when the shared data is not there."""
    shared_dir = Path(shared_dir)
    needed = (shared_dir / "smsa" / f"{split}.tsv", shared_dir / "emot" / f"{split}.csv")
    if not all(path.is_file() for path in needed):
        return None
    return [smsa(shared_dir, split), emot_polarity(shared_dir, split)]


def summary(metrics: dict[str, Any]) -> dict[str, Any]:
    """The figures of a :func:`pantau.text.metrics.score_labels` report worth printing."""
    return {
        "macro_f1": metrics["macro_f1"],
        "accuracy": metrics["accuracy"],
        "per_class_f1": {name: value["f1"] for name, value in metrics["per_class"].items()},
        "labels": metrics["labels"],
        "confusion_matrix": metrics["confusion_matrix"],
    }
