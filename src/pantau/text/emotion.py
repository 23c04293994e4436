"""Emotion: anger, fear, happy, love, sadness, or none.

No labelled Indonesian emotion corpus is available from a reproducible source (a package index),
so the default is a lexicon model over the project-written ``emotion_lexicon.tsv``. Workspaces
with labelled posts train the linear model (same machinery as sentiment) with
:func:`train_emotion_model`; its lexicon-count features come from the same word list.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

from pantau.text.classifier import (
    LinearTextClassifier,
    TextModel,
    TrainingSettings,
    train_classifier,
)
from pantau.text.lexicon import LexiconModel
from pantau.text.sentiment import default_model_dir

EMOTIONS = ("anger", "fear", "happy", "love", "sadness")
EMOTION_CLASSES = (*EMOTIONS, "none")
EMOTION_LEXICON = "emotion_lexicon.tsv"
EMOTION_SETTINGS = TrainingSettings(c=0.3, word_weight=1.5, lexicon=EMOTION_LEXICON)


@cache
def lexicon_emotion_model() -> LexiconModel:
    """The default emotion model: lexicon hits per emotion, "none" when nothing matches."""
    return LexiconModel.from_file(EMOTION_LEXICON, EMOTION_CLASSES, fallback="none")


def train_emotion_model(
    data: str | Path | tuple[Sequence[str], Sequence[str]],
    *,
    settings: TrainingSettings = EMOTION_SETTINGS,
) -> LinearTextClassifier:
    """Fit an emotion model on a labelled CSV (``text,label``) or on ``(texts, labels)``."""
    model = train_classifier(data, settings=settings)
    model.metadata["task"] = "emotion"
    return model


def load_default_emotion_model(model_dir: str | Path | None = None) -> TextModel:
    """A model saved in the emotion model folder, else the lexicon model."""
    directory = Path(model_dir) if model_dir is not None else default_model_dir() / "emotion"
    if (directory / "model.json").exists():
        return LinearTextClassifier.load(directory)
    return lexicon_emotion_model()
