"""Evaluation entry point: skips cleanly without the shared data; readers parse its formats."""

from __future__ import annotations

from pathlib import Path

import pytest

from pantau.text.active import simulate_queue
from pantau.text.corpus import LabelledTexts
from pantau.text.evaluate import BASELINE_RECIPE, BandedBaseline, TfidfBaseline, run_evaluation
from pantau.text.heldout import HeldOutSource, read_emot, read_smsa

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"


def test_missing_folder_is_skipped(tmp_path: Path) -> None:
    result = run_evaluation(tmp_path / "absent")
    assert set(result) == {"skipped"}


def test_readers_on_small_files(tmp_path: Path) -> None:
    smsa = tmp_path / "s.tsv"
    smsa.write_text("enak sekali\tpositive\nbiasa saja , ya\tneutral\n", encoding="utf-8")
    assert read_smsa(smsa) == (["enak sekali", "biasa saja , ya"], ["positive", "neutral"])
    emot = tmp_path / "e.csv"
    emot.write_text('label,tweet\nhappy,"senang, sekali"\nanger;kesal banget\n', encoding="utf-8")
    assert read_emot(emot) == (["senang, sekali", "kesal banget"], ["happy", "anger"])


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared evaluation data not present")
def test_shared_files_parse() -> None:
    texts, labels = read_smsa(SHARED / "smsa" / "valid.tsv")
    assert len(texts) == 1260 and set(labels) == {"positive", "neutral", "negative"}
    texts, labels = read_emot(SHARED / "emot" / "valid.csv")
    assert len(texts) == 440 and set(labels) == {"anger", "fear", "happy", "love", "sadness"}


def test_fair_baseline_predicts_every_class_it_is_scored_on() -> None:
    texts = ["bagus sekali", "mantap keren", "buruk sekali", "jelek parah", "rapat senin"]
    labels = ["positive", "positive", "negative", "negative", "neutral"]
    # one neutral row against two of each pole: balanced weights keep neutral reachable
    baseline = TfidfBaseline.fit(texts * 3, labels * 3)
    assert baseline.classes == ("negative", "neutral", "positive")
    assert baseline.labels_of(baseline.predict_proba(["rapat senin"])) == ["neutral"]
    assert "class_weight='balanced'" in BASELINE_RECIPE


def test_simulated_queue_reports_queue_and_random_at_each_checkpoint(
    small_sentiment_data: tuple[list[str], list[str]],
) -> None:
    texts, labels = small_sentiment_data
    pool = ([f"{t} nomor {i}" for i, t in enumerate(texts)], labels)
    valid = HeldOutSource("valid", "memory", *small_sentiment_data, "test")
    sensi = LabelledTexts(texts[:16], labels[:16], {"name": "fake sensi"})
    found = simulate_queue(
        sensi, pool, valid, checkpoints=(10, 20), rounds=(10, 20), seeds=(1,), scored=30
    )
    assert set(found["macro_f1"]) == {"queue", "random"}
    for scores in found["macro_f1"].values():
        assert set(scores) == {"10", "20"}
        assert all(0.0 <= v <= 1.0 for s in scores.values() for v in s.values())
    assert found["queue_500_reaches_random_1000"] is None  # no such checkpoints here
    assert set(found["start_macro_f1"]) == {"three_class", "binary"}


def test_banded_baseline_calls_the_undecided_neutral() -> None:
    texts = ["bagus sekali", "mantap keren", "buruk sekali", "jelek parah"] * 3
    labels = ["positive", "positive", "negative", "negative"] * 3
    banded = BandedBaseline.fit(texts, labels)
    tuning = HeldOutSource(
        "t", "memory", ["bagus", "jelek", "rapat senin", "jadwal bus"],
        ["positive", "negative", "neutral", "neutral"], "tuning",
    )  # fmt: skip
    band = banded.choose_band(tuning)
    assert 0.0 < band < 0.8
    assert banded.labels_of(banded.predict_proba(["rapat senin", "bagus sekali"])) == [
        "neutral",
        "positive",
    ]
