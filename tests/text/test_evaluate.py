"""Evaluation entry point: skips cleanly without the shared data; readers parse its formats."""

from __future__ import annotations

from pathlib import Path

import pytest

from pantau.text.evaluate import read_emot, read_smsa, run_evaluation

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
