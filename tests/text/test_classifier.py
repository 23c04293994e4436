"""Linear model: fit, predict, calibrated probabilities, save/load, CSV training, evaluation."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from pantau.text.classifier import LinearTextClassifier, TrainingSettings
from pantau.text.corpus import read_labelled_csv
from pantau.text.metrics import evaluate
from pantau.text.sentiment import train_model


def test_fit_predict_save_load_round_trip(
    small_sentiment_data: tuple[list[str], list[str]], tmp_path: Path
) -> None:
    texts, labels = small_sentiment_data
    model = train_model((texts, labels))
    assert model.classes == ("negative", "neutral", "positive")
    assert model.predict(["petugasnya ramah dan cepat", "jalan rusak, kecewa berat"]) == [
        "positive",
        "negative",
    ]
    proba = model.predict_proba(["jadwal rapat di balai kota", "", "😂"])
    assert proba.shape == (3, 3)
    assert np.allclose(proba.sum(axis=1), 1.0)

    folder = model.save(tmp_path / "model")
    assert sorted(p.name for p in folder.iterdir()) == ["model.json", "weights.npz"]
    assert json.loads((folder / "model.json").read_text())["classes"] == list(model.classes)
    loaded = LinearTextClassifier.load(folder)
    unseen = ["pelayanan lambat di kantor baru", "zzzz qqq", *texts[:5]]
    assert np.allclose(loaded.predict_proba(unseen), model.predict_proba(unseen), atol=1e-6)
    with np.load(folder / "weights.npz", allow_pickle=False) as arrays:
        assert "rows" in arrays  # plain arrays, no pickled objects


def test_negation_changes_the_prediction(small_sentiment_data: tuple[list[str], list[str]]) -> None:
    model = train_model(small_sentiment_data)
    good, not_good = model.predict_proba(["bagus", "gak bagus"])
    positive = model.classes.index("positive")
    assert good[positive] > not_good[positive]


def test_unfitted_model_and_bad_labels_raise() -> None:
    with pytest.raises(RuntimeError):
        LinearTextClassifier().predict(["x"])
    with pytest.raises(ValueError):
        LinearTextClassifier().fit(["a", "b"], ["same", "same"])
    with pytest.raises(ValueError):
        LinearTextClassifier().fit(["a"], ["x", "y"])


def test_load_rejects_other_folders(tmp_path: Path) -> None:
    (tmp_path / "model.json").write_text('{"format": "something else"}')
    with pytest.raises(ValueError):
        LinearTextClassifier.load(tmp_path)


def test_csv_with_bom_and_semicolons(tmp_path: Path, small_sentiment_data) -> None:
    texts, labels = small_sentiment_data
    path = tmp_path / "labels.csv"
    lines = [
        "Text;Label",
        *(f'"{t}";{label.upper()}' for t, label in zip(texts, labels, strict=True)),
    ]
    path.write_bytes(("\ufeff" + "\n".join(lines) + "\n").encode("utf-8"))
    read_texts, read_labels = read_labelled_csv(path)
    assert read_texts == texts
    assert read_labels == labels
    model = train_model(path, settings=TrainingSettings(calibration_folds=2))
    assert set(model.classes) == {"negative", "neutral", "positive"}


def test_csv_without_text_column_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("tweet,label\nhalo,positive\n")
    with pytest.raises(ValueError, match="text"):
        read_labelled_csv(path)


def test_evaluate_reports_macro_f1_and_confusion(small_sentiment_data) -> None:
    model = train_model(small_sentiment_data)
    texts, labels = small_sentiment_data
    report = evaluate(model, texts, labels)
    assert report["n"] == len(texts)
    assert report["labels"] == ["negative", "neutral", "positive"]
    assert np.array(report["confusion_matrix"]).sum() == len(texts)
    assert report["macro_f1"] > 0.9  # training data: the model must fit it
    assert set(report["per_class"]["neutral"]) == {"precision", "recall", "f1", "support"}
    wrong = evaluate(model, ["bagus sekali"], ["negative"])
    assert wrong["macro_f1"] == 0.0
    assert wrong["per_class"]["negative"]["recall"] == 0.0
