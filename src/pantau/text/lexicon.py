"""Word-list classifier: counts lexicon words (and phrases up to three words) per class.

Used as the emotion default and as the sentiment fallback when no trained model is installed.
A word fused with a negation ("tidak_bagus") counts for the opposite class when the lexicon
names one (positive <-> negative), and not at all otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from pantau.text import resources
from pantau.text.normalize import NEGATION, NormalizedText, normalize

_MAX_PHRASE = 3
_CONFIDENCE = 1.2
_NEGATED_PREFIX = NEGATION + "_"


@dataclass(frozen=True)
class LexiconCounter:
    """Counts lexicon entries per label in token sequences; a negated entry counts as "not:"."""

    entries: Mapping[str, str]
    labels: tuple[str, ...]
    phrase_starts: frozenset[str]
    lookup: Mapping[str, str]  # single words, plain and fused with a negation

    @classmethod
    def from_file(cls, name: str) -> LexiconCounter:
        return _counter(name)

    @property
    def columns(self) -> tuple[str, ...]:
        """Feature columns: each label, each negated label, and "none" (no entry found)."""
        return (*self.labels, *(f"not:{label}" for label in self.labels), "none")

    def matches(self, tokens: Sequence[str]) -> list[str]:
        """Labels of the entries found, longest phrase first; negated ones as "not:label"."""
        lookup = self.lookup
        if self.phrase_starts.isdisjoint(tokens):
            return [lookup[token] for token in tokens if token in lookup]
        found: list[str] = []
        index = 0
        count = len(tokens)
        while index < count:
            token = tokens[index]
            if token in self.phrase_starts:
                size = self._phrase_at(tokens, index, found)
                if size:
                    index += size
                    continue
            label = lookup.get(token)
            if label is not None:
                found.append(label)
            index += 1
        return found

    def _phrase_at(self, tokens: Sequence[str], index: int, found: list[str]) -> int:
        for size in range(min(_MAX_PHRASE, len(tokens) - index), 1, -1):
            label = self.entries.get(" ".join(tokens[index : index + size]))
            if label is not None:
                found.append(label)
                return size
        return 0

    def counts(self, token_lists: Sequence[Sequence[str]]) -> np.ndarray:
        """Matrix (posts x columns) of entry counts, with the "none" column 1 where none match."""
        position = {name: index for index, name in enumerate(self.columns)}
        width = len(position)
        flat: list[int] = []
        for row, tokens in enumerate(token_lists):
            base = row * width
            labels = self.matches(tokens)
            if labels:
                flat.extend(base + position[label] for label in labels)
            else:
                flat.append(base + width - 1)
        counts = np.bincount(np.asarray(flat, dtype=np.int64), minlength=len(token_lists) * width)
        return counts.reshape(len(token_lists), width).astype(np.float32)


@cache
def _counter(name: str) -> LexiconCounter:
    entries = {entry: label for entry, label in resources.data_rows(name)}
    starts = frozenset(entry.split()[0] for entry in entries if " " in entry)
    lookup = {entry: label for entry, label in entries.items() if " " not in entry}
    lookup.update({_NEGATED_PREFIX + entry: "not:" + label for entry, label in lookup.items()})
    return LexiconCounter(entries, tuple(sorted(set(entries.values()))), starts, lookup)


@dataclass
class LexiconModel:
    """Classes scored by lexicon hits; ``fallback`` wins when nothing matches.

    A negated entry counts for the class ``opposites`` names (positive <-> negative), if any.
    """

    classes: tuple[str, ...]
    counter: LexiconCounter
    fallback: str
    opposites: Mapping[str, str] = field(default_factory=dict)
    metadata: dict[str, object] = field(default_factory=dict)

    @classmethod
    def from_file(
        cls,
        name: str,
        classes: tuple[str, ...],
        fallback: str,
        opposites: Mapping[str, str] | None = None,
    ) -> LexiconModel:
        return cls(classes, LexiconCounter.from_file(name), fallback, dict(opposites or {}))

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        return self.proba_of_normalized([normalize(text) for text in texts])

    def predict(self, texts: Sequence[str]) -> list[str]:
        return self.labels_of(self.predict_proba(texts))

    def labels_of(self, proba: np.ndarray) -> list[str]:
        names = np.asarray(self.classes, dtype=object)
        return names[np.argmax(proba, axis=1)].tolist() if len(proba) else []

    def proba_of_normalized(self, normalized: Sequence[NormalizedText]) -> np.ndarray:
        column = {name: index for index, name in enumerate(self.classes)}
        for label, opposite in self.opposites.items():
            column.setdefault(f"not:{label}", column[opposite])
        hits = np.zeros((len(normalized), len(self.classes)), dtype=np.float64)
        for row, item in enumerate(normalized):
            for label in self.counter.matches(item.tokens):
                target = column.get(label)
                if target is not None:
                    hits[row, target] += 1.0
        hits[:, column[self.fallback]] = np.where(hits.sum(axis=1) == 0, 1.0, 0.0)
        logits = hits * _CONFIDENCE
        logits -= logits.max(axis=1, keepdims=True)
        proba = np.exp(logits)
        return proba / proba.sum(axis=1, keepdims=True)
