"""Which default text models this installation uses (``pantau version``): the built sentiment
model with what its card says, or the word list before it is built; the emotion word list or a
saved emotion model. A model's fingerprint is the one recorded with every enrichment result."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from pantau.text.sentiment import MODEL_CARD, default_model_dir, model_card

TASKS = ("sentiment", "emotion")
# what the card says about where the training data came from, per part
_SOURCE_KEYS = ("name", "version", "sha256", "licence", "rows")


def model_fingerprint(directory: Path) -> str:
    """The first 12 hex digits of the weights' SHA-256, or ``lexicon`` when the folder holds
    no trained model (the word list is used)."""
    weights = directory / "weights.npz"
    if not weights.exists():
        return "lexicon"
    return hashlib.sha256(weights.read_bytes()).hexdigest()[:12]


def default_model_versions() -> dict[str, dict[str, Any]]:
    """Per task: the kind (``model`` or ``lexicon``), the fingerprint, the folder, and for a
    model with a card its name, training time, training size, data sources and held-out
    macro-F1."""
    versions: dict[str, dict[str, Any]] = {}
    for task in TASKS:
        directory = default_model_dir() / task
        built = (directory / "model.json").exists()
        entry: dict[str, Any] = {
            "kind": "model" if built else "lexicon",
            "fingerprint": model_fingerprint(directory),
            "dir": str(directory),
        }
        if built and (directory / MODEL_CARD).exists():
            entry.update(_card_summary(model_card(directory)))
        versions[task] = entry
    return versions


def _card_summary(card: dict[str, Any]) -> dict[str, Any]:
    sources = card.get("sources") or []
    return {
        "model": card.get("model"),
        "trained_at": card.get("trained_at"),
        "training_size": card.get("training_size"),
        "sources": [
            {key: part[key] for key in _SOURCE_KEYS if key in part}
            for part in sources
            if isinstance(part, dict)
        ],
        "held_out_macro_f1": (card.get("held_out") or {}).get("macro_f1"),
    }
