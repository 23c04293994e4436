"""Scoring maths: the multi-class view, the binary view (neutral falls to the likelier pole),
and the EmoT emotion → polarity mapping."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from pantau.text.heldout import EMOT_POLARITY, emotion_polarity, held_out_sources
from pantau.text.metrics import evaluate, evaluate_binary, parse_classes, score_labels


@dataclass
class FixedModel:
    """Answers the probabilities it was given, per text."""

    table: dict[str, Sequence[float]]
    classes: tuple[str, ...] = ("negative", "neutral", "positive")

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        return np.array([self.table[text] for text in texts], dtype=float).reshape(-1, 3)

    def labels_of(self, proba: np.ndarray) -> list[str]:
        return [self.classes[i] for i in np.argmax(proba, axis=1)]

    def proba_of_normalized(self, normalized: Sequence[object]) -> np.ndarray:
        raise NotImplementedError


MODEL = FixedModel(
    {
        "a": (0.7, 0.2, 0.1),  # negative
        "b": (0.3, 0.5, 0.2),  # neutral, leaning negative
        "c": (0.1, 0.5, 0.4),  # neutral, leaning positive
        "d": (0.1, 0.1, 0.8),  # positive
    }
)


def test_three_class_counts_neutral_as_an_error_on_binary_data() -> None:
    report = evaluate(MODEL, ["a", "b", "c", "d"], ["negative", "negative", "positive", "positive"])
    assert report["labels"] == ["negative", "neutral", "positive"]
    assert report["confusion_matrix"] == [[1, 1, 0], [0, 0, 0], [0, 1, 1]]
    # F1 of negative and positive: precision 1, recall 0.5 → 2/3 each; neutral is absent
    assert report["macro_f1"] == pytest.approx(0.6667, abs=1e-4)


def test_binary_view_lets_neutral_fall_to_the_likelier_pole() -> None:
    report = evaluate_binary(
        MODEL, ["a", "b", "c", "d"], ["negative", "negative", "positive", "positive"]
    )
    assert report["classes"] == ["negative", "positive"]
    assert report["confusion_matrix"] == [[2, 0], [0, 2]]
    assert report["macro_f1"] == 1.0 and report["fell_to_polar"] == 2
    assert report["left_out"] == 0


def test_binary_view_leaves_out_rows_of_other_labels_and_scores_mistakes() -> None:
    report = evaluate_binary(
        MODEL, ["a", "b", "c", "d"], ["Positive", "neutral", "negative", "positive"]
    )
    assert report["left_out"] == 1 and report["n"] == 3
    # a → negative (truth positive), c → positive (truth negative), d → positive
    assert report["confusion_matrix"] == [[0, 1], [1, 1]]
    assert report["per_class"]["positive"]["precision"] == 0.5
    assert report["macro_f1"] == pytest.approx((0.0 + 0.5) / 2)


def test_binary_view_needs_the_classes_in_the_model() -> None:
    with pytest.raises(ValueError, match="no class"):
        evaluate_binary(MODEL, ["a"], ["happy"], ("happy", "sad"))


def test_score_labels_macro_averages_over_true_labels_only() -> None:
    report = score_labels(["x", "x", "y"], ["x", "z", "y"])
    assert report["labels"] == ["x", "y", "z"]
    assert report["macro_f1"] == pytest.approx((2 * 1 * 0.5 / 1.5 + 1.0) / 2, abs=1e-4)


def test_parse_classes() -> None:
    assert parse_classes(" positive , Negative ") == ("negative", "positive")
    with pytest.raises(ValueError):
        parse_classes("positive")


def test_emotions_map_to_polarity_by_valence() -> None:
    assert EMOT_POLARITY == {
        "happy": "positive",
        "love": "positive",
        "anger": "negative",
        "sadness": "negative",
        "fear": "negative",
    }
    texts, labels = emotion_polarity(
        (["senang", "rindu", "kesal", "sedih", "takut", "???"], [*EMOT_POLARITY, "surprise"])
    )
    assert texts == ["senang", "rindu", "kesal", "sedih", "takut"]
    assert labels == ["positive", "positive", "negative", "negative", "negative"]


def test_held_out_sources_need_both_files(tmp_path: Path) -> None:
    assert held_out_sources(tmp_path) is None
    (tmp_path / "smsa").mkdir()
    (tmp_path / "emot").mkdir()
    (tmp_path / "smsa" / "valid.tsv").write_text("bagus sekali\tpositive\njelek\tnegative\n")
    assert held_out_sources(tmp_path) is None
    (tmp_path / "emot" / "valid.csv").write_text("label,tweet\nhappy,a\nfear,b\n")
    smsa, emot = held_out_sources(tmp_path) or []
    assert smsa.name == "smsa_valid" and smsa.labels == ["positive", "negative"]
    assert emot.name == "emot_valid_polarity" and emot.labels == ["positive", "negative"]
    assert "happy→positive" in emot.note
