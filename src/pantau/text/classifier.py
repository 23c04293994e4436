"""Linear text classifier over hashed n-grams with calibrated class probabilities.

Training (scikit-learn, imported only when fitting): TF-IDF-style weighting of the two feature
blocks, one-vs-rest linear SVMs on naive-Bayes log-count-ratio scaled features (NB-SVM), and a
multinomial logistic calibration of the SVM scores fitted on out-of-fold scores. Everything
folds into plain arrays, so inference is two sparse-dense products and a softmax: no sklearn,
no pickle. ``save`` writes ``weights.npz`` and ``model.json``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol, Self

import numpy as np
import scipy.sparse as sp

from pantau.text.corpus import read_labelled_csv
from pantau.text.features import HashedNgrams
from pantau.text.lexicon import LexiconCounter
from pantau.text.normalize import NormalizedText, normalize

# scikit-learn is imported inside the functions that use it, not when the CLI starts.

FORMAT = "pantau-linear-text/1"
WEIGHTS_FILE = "weights.npz"
META_FILE = "model.json"


@dataclass(frozen=True, slots=True)
class TrainingSettings:
    """Hyper-parameters of :meth:`LinearTextClassifier.fit`."""

    c: float = 0.5
    nb_alpha: float = 1.0
    word_weight: float = 1.0
    balanced: bool = True
    balanced_calibration: bool = False
    calibration_folds: int = 4
    seed: int = 13
    lexicon: str = ""
    lexicon_weight: float = 0.5


@dataclass
class LinearTextClassifier:
    """A text classifier: ``fit``, ``predict``, ``predict_proba``, ``save``, ``load``."""

    settings: TrainingSettings = field(default_factory=TrainingSettings)
    features: HashedNgrams = field(default_factory=HashedNgrams)
    classes: tuple[str, ...] = ()
    metadata: dict[str, Any] = field(default_factory=dict)
    _idf: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)
    _weights: list[np.ndarray] | None = field(default=None, repr=False)
    _bias: np.ndarray | None = field(default=None, repr=False)
    _calibration: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)

    # ----------------------------------------------------------------- inference

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Class probabilities, shape (len(texts), len(classes)), columns in ``classes`` order."""
        return self.proba_of_normalized([normalize(text) for text in texts])

    def predict(self, texts: Sequence[str]) -> list[str]:
        """Most probable class of each text."""
        return self.labels_of(self.predict_proba(texts))

    def proba_of_normalized(self, normalized: Sequence[NormalizedText]) -> np.ndarray:
        """Like :meth:`predict_proba` for texts already passed through ``normalize``."""
        return _softmax(self._calibrate(self._scores(normalized)))

    def labels_of(self, proba: np.ndarray) -> list[str]:
        """Class names of the highest probabilities."""
        names = np.asarray(self.classes, dtype=object)
        return names[np.argmax(proba, axis=1)].tolist() if len(proba) else []

    def _scores(self, normalized: Sequence[NormalizedText]) -> np.ndarray:
        if self._weights is None or self._bias is None:
            raise RuntimeError("the model is not fitted")
        scores = np.zeros((len(normalized), len(self.classes)), dtype=np.float32)
        for block, weights in zip(self._blocks(normalized), self._weights, strict=True):
            scores += block @ weights
        scores += self._bias
        return scores

    def _calibrate(self, scores: np.ndarray) -> np.ndarray:
        if self._calibration is None:
            return scores
        matrix, offset = self._calibration
        return scores @ matrix + offset

    def _blocks(self, normalized: Sequence[NormalizedText]) -> list[sp.csr_matrix]:
        """Feature blocks: weighted character n-grams, word n-grams, lexicon counts (if any)."""
        assert self._idf is not None
        char_counts, word_counts = self.features.counts([feature_text(x) for x in normalized])
        blocks = [
            _tfidf_rows(char_counts, self._idf[0]),
            _tfidf_rows(word_counts, self._idf[1], self.settings.word_weight),
        ]
        if self.settings.lexicon:
            counter = LexiconCounter.from_file(self.settings.lexicon)
            counts = counter.counts([item.tokens for item in normalized])
            blocks.append(sp.csr_matrix(np.minimum(counts, 3.0) * self.settings.lexicon_weight))
        return blocks

    # ------------------------------------------------------------------ training

    def fit(
        self,
        texts: Sequence[str],
        labels: Sequence[str],
        weights: Sequence[float] | None = None,
    ) -> Self:
        """Train on raw texts and their labels (any set of at least two label names);
        ``weights`` (one per text, default 1) make some examples count more than others."""
        if len(texts) != len(labels):
            raise ValueError("texts and labels differ in length")
        if weights is not None and len(weights) != len(texts):
            raise ValueError("texts and weights differ in length")
        classes = tuple(sorted(set(labels)))
        if len(classes) < 2:
            raise ValueError("need at least two different labels")
        self.classes = classes
        y = np.searchsorted(np.asarray(classes), np.asarray(labels))
        normalized = [normalize(text) for text in texts]
        char_counts, word_counts = self.features.counts([feature_text(x) for x in normalized])
        self._idf = (_idf(char_counts), _idf(word_counts))
        blocks = self._blocks(normalized)
        x = sp.hstack(blocks, format="csr")
        x.sum_duplicates()
        w = np.ones(len(texts)) if weights is None else np.asarray(weights, dtype=np.float64)
        coef, bias = self._fit_nbsvm(x, y, w)
        edges = np.cumsum([block.shape[1] for block in blocks])[:-1]
        self._weights = np.split(coef, edges)
        self._bias = bias
        self._calibration = self._fit_calibration(x, y, w, coef)
        self.metadata = {
            **self.metadata,
            "training_size": len(texts),
            "class_counts": dict(sorted(Counter(labels).items())),
        }
        return self

    def _fit_nbsvm(
        self, x: sp.csr_matrix, y: np.ndarray, sample_weight: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """One-vs-rest linear SVMs on log-count-ratio scaled features, folded into weights."""
        from sklearn.svm import LinearSVC

        present = x.copy()
        present.data[:] = 1.0
        present = sp.diags(sample_weight) @ present
        weights = np.zeros((x.shape[1], len(self.classes)), dtype=np.float32)
        bias = np.zeros(len(self.classes), dtype=np.float32)
        alpha = self.settings.nb_alpha
        for index in range(len(self.classes)):
            positive = y == index
            p = np.asarray(present[positive].sum(axis=0)).ravel() + alpha
            q = np.asarray(present[~positive].sum(axis=0)).ravel() + alpha
            ratio = np.log((p / p.sum()) / (q / q.sum())).astype(np.float32)
            svm = LinearSVC(
                C=self.settings.c,
                class_weight="balanced" if self.settings.balanced else None,
                random_state=self.settings.seed,
                max_iter=5000,
            )
            svm.fit(x @ sp.diags(ratio), positive, sample_weight=sample_weight)
            weights[:, index] = svm.coef_.ravel() * ratio
            bias[index] = svm.intercept_[0]
        return weights, bias

    def _fit_calibration(
        self, x: sp.csr_matrix, y: np.ndarray, sample_weight: np.ndarray, coef: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Multinomial logistic map from SVM scores to probabilities, on out-of-fold scores."""
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import StratifiedKFold

        folds = min(self.settings.calibration_folds, int(np.bincount(y).min()))
        if folds < 2:
            scores = x @ coef + self._bias
        else:
            scores = np.zeros((x.shape[0], len(self.classes)), dtype=np.float32)
            splitter = StratifiedKFold(folds, shuffle=True, random_state=self.settings.seed)
            for train, held_out in splitter.split(np.zeros(len(y)), y):
                weights, bias = self._fit_nbsvm(x[train], y[train], sample_weight[train])
                scores[held_out] = x[held_out] @ weights + bias
        calibrator = LogisticRegression(
            C=10.0,
            max_iter=1000,
            class_weight="balanced" if self.settings.balanced_calibration else None,
        )
        calibrator.fit(scores, y, sample_weight=sample_weight)
        coef = calibrator.coef_
        intercept = calibrator.intercept_
        if len(self.classes) == 2:  # binary sklearn models give one row: expand to two logits
            coef = np.vstack([-coef / 2, coef / 2])
            intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
        return coef.T.astype(np.float32), intercept.astype(np.float32)

    def _stacked_weights(self) -> np.ndarray:
        assert self._weights is not None
        return np.vstack(self._weights)

    def _block_sizes(self) -> list[int]:
        sizes = [self.features.n_char, self.features.n_word]
        if self.settings.lexicon:
            sizes.append(len(LexiconCounter.from_file(self.settings.lexicon).columns))
        return sizes

    # ----------------------------------------------------------------- persistence

    def save(self, directory: str | Path) -> Path:
        """Write ``weights.npz`` (non-zero rows only) and ``model.json`` into ``directory``."""
        if self._weights is None or self._idf is None or self._bias is None:
            raise RuntimeError("the model is not fitted")
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        weights = self._stacked_weights()
        # n-grams never seen in training keep the largest idf; store only the other rows
        unseen_idf = max(float(block.max()) for block in self._idf)
        idf = np.full(weights.shape[0], unseen_idf, dtype=np.float32)
        idf[: self.features.n_char + self.features.n_word] = np.concatenate(self._idf)
        kept = np.any(weights != 0, axis=1) | (idf != unseen_idf)
        rows = np.flatnonzero(kept).astype(np.int32)
        calibration = self._calibration or (np.eye(len(self.classes)), np.zeros(len(self.classes)))
        np.savez_compressed(
            directory / WEIGHTS_FILE,
            rows=rows,
            weights=weights[rows],
            idf=idf[rows],
            unseen_idf=np.float32(unseen_idf),
            bias=self._bias,
            calibration_matrix=calibration[0],
            calibration_offset=calibration[1],
        )
        meta = {
            "format": FORMAT,
            "classes": list(self.classes),
            "features": asdict(self.features),
            "settings": asdict(self.settings),
            "metadata": self.metadata,
        }
        (directory / META_FILE).write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n")
        return directory

    @classmethod
    def load(cls, directory: str | Path) -> Self:
        """Read a model written by :meth:`save`."""
        directory = Path(directory)
        meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT:
            raise ValueError(f"{directory} does not hold a {FORMAT} model")
        model = cls(
            settings=TrainingSettings(**meta["settings"]),
            features=HashedNgrams(**meta["features"]),
            classes=tuple(meta["classes"]),
            metadata=meta.get("metadata", {}),
        )
        sizes = model._block_sizes()
        with np.load(directory / WEIGHTS_FILE, allow_pickle=False) as arrays:
            weights = np.zeros((sum(sizes), len(model.classes)), dtype=np.float32)
            idf = np.full(sum(sizes), arrays["unseen_idf"], dtype=np.float32)
            weights[arrays["rows"]] = arrays["weights"]
            idf[arrays["rows"]] = arrays["idf"]
            model._bias = arrays["bias"].astype(np.float32)
            model._calibration = (
                arrays["calibration_matrix"].astype(np.float32),
                arrays["calibration_offset"].astype(np.float32),
            )
        edges = np.cumsum(sizes)[:-1]
        model._weights = np.split(weights, edges)
        split = model.features.n_char
        model._idf = (idf[:split], idf[split : split + model.features.n_word])
        return model


def feature_text(item: NormalizedText) -> str:
    """The string the features are computed from: tokens with negation fused."""
    return " ".join(item.tokens)


def _idf(counts: sp.csr_matrix) -> np.ndarray:
    present = counts.copy()
    present.sum_duplicates()  # a post repeating an n-gram counts once
    document_frequency = np.bincount(present.indices, minlength=counts.shape[1])
    return (np.log((1.0 + counts.shape[0]) / (1.0 + document_frequency)) + 1.0).astype(np.float32)


def _tfidf_rows(counts: sp.csr_matrix, idf: np.ndarray, scale: float = 1.0) -> sp.csr_matrix:
    """Each entry weighted by its idf, each row scaled to unit length (entries as listed)."""
    data = idf[counts.indices]
    lengths = np.diff(counts.indptr)
    squares = np.zeros(counts.shape[0], dtype=np.float32)
    if data.size:
        starts = np.minimum(counts.indptr[:-1], data.size - 1)
        squares = np.add.reduceat(data * data, starts)
        squares[lengths == 0] = 0.0
    norms = np.sqrt(squares, dtype=np.float32)
    norms[norms == 0] = 1.0
    data *= np.repeat((scale / norms).astype(np.float32), lengths)
    return sp.csr_matrix((data, counts.indices, counts.indptr), shape=counts.shape)


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    np.exp(shifted, out=shifted)
    shifted /= shifted.sum(axis=1, keepdims=True)
    return shifted


def train_classifier(
    data: str | Path | tuple[Sequence[str], Sequence[str]],
    *,
    settings: TrainingSettings | None = None,
) -> LinearTextClassifier:
    """Fit a classifier on a labelled CSV (``text,label``) or on ``(texts, labels)``."""
    texts, labels = read_labelled_csv(data) if isinstance(data, str | Path) else data
    model = LinearTextClassifier(settings=settings or TrainingSettings())
    return model.fit(list(texts), [str(label).strip().lower() for label in labels])


class TextModel(Protocol):
    """What enrichment and evaluation need from a sentiment or emotion model."""

    classes: tuple[str, ...]

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray: ...

    def proba_of_normalized(self, normalized: Sequence[NormalizedText]) -> np.ndarray: ...

    def labels_of(self, proba: np.ndarray) -> list[str]: ...
