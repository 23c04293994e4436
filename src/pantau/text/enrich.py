"""Batch enrichment: normalise, detect language, score sentiment and emotion, find entities.

``enrich`` is pure and idempotent: the same texts and models give the same records. Models
score the whole batch at once. Bad input (empty, emoji-only, huge, invalid Unicode, HTML) is
handled by the normaliser and reported in ``flags``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from pantau.text.classifier import TextModel
from pantau.text.emotion import load_default_emotion_model
from pantau.text.entities import EntityMatcher, Official, default_matcher
from pantau.text.language import language_of
from pantau.text.normalize import normalize
from pantau.text.sentiment import load_default_model


@dataclass(frozen=True, slots=True)
class Enrichment:
    """What Pantau derives from one post. ``polarity`` is P(positive) - P(negative)."""

    normalized_text: str
    language: str
    sentiment: str
    sentiment_score: float
    polarity: float
    emotion: str
    emotion_score: float
    entities: tuple[tuple[str, str, str], ...]
    hashtags: tuple[str, ...]
    mentions: tuple[str, ...]
    urls: tuple[str, ...]
    flags: tuple[str, ...]


def enrich(
    texts: Sequence[str],
    *,
    sentiment_model: TextModel | None = None,
    emotion_model: TextModel | None = None,
    officials: Iterable[Official] = (),
) -> list[Enrichment]:
    """Enrich a batch of raw posts (the default models are used when none are given)."""
    normalized = [normalize(text if isinstance(text, str) else "") for text in texts]
    if not normalized:
        return []
    sentiment_model = sentiment_model or default_sentiment_model()
    emotion_model = emotion_model or default_emotion_model()
    officials = tuple(officials)
    matcher = EntityMatcher(officials) if officials else default_matcher()

    sentiment_proba = sentiment_model.proba_of_normalized(normalized)
    emotion_proba = emotion_model.proba_of_normalized(normalized)
    sentiments = sentiment_model.labels_of(sentiment_proba)
    emotions = emotion_model.labels_of(emotion_proba)
    sentiment_scores = sentiment_proba.max(axis=1)
    emotion_scores = emotion_proba.max(axis=1)
    polarity = _polarity(sentiment_model.classes, sentiment_proba)

    records: list[Enrichment] = []
    for index, item in enumerate(normalized):
        empty = "empty" in item.flags
        records.append(
            Enrichment(
                normalized_text=item.text,
                language=language_of(item),
                sentiment="neutral" if empty else sentiments[index],
                sentiment_score=1.0 if empty else round(float(sentiment_scores[index]), 4),
                polarity=0.0 if empty else round(float(polarity[index]), 4),
                emotion="none" if empty else emotions[index],
                emotion_score=1.0 if empty else round(float(emotion_scores[index]), 4),
                entities=tuple(
                    (entity.kind, entity.name, entity.surface) for entity in matcher.find(item)
                ),
                hashtags=item.hashtags,
                mentions=item.mentions,
                urls=item.urls,
                flags=tuple(sorted(item.flags)),
            )
        )
    return records


@cache
def default_sentiment_model() -> TextModel:
    """The installed default sentiment model (loaded once per process)."""
    return load_default_model()


@cache
def default_emotion_model() -> TextModel:
    """The installed emotion model or the lexicon default (loaded once per process)."""
    return load_default_emotion_model()


def _polarity(classes: Sequence[str], proba: np.ndarray) -> np.ndarray:
    positive = classes.index("positive") if "positive" in classes else None
    negative = classes.index("negative") if "negative" in classes else None
    if positive is None or negative is None:
        return np.zeros(len(proba))
    return proba[:, positive] - proba[:, negative]
