"""Distinctive terms of a set of posts against a background set.

Weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008):
the prior is the pooled term frequencies, so rare terms are shrunk towards "not distinctive"
and the z-score accounts for how much evidence there is. Terms are unigrams and bigrams of the
normalised tokens without Indonesian stopwords (negations stay fused, e.g. "tidak_puas"), and
hashtags.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from pantau.text import resources
from pantau.text.normalize import NEGATION, NormalizedText, normalize

PRIOR_STRENGTH = 500.0


@dataclass(frozen=True, slots=True)
class Keyword:
    """A term, its z-score (higher = more typical of the target), and its counts."""

    term: str
    z: float
    count: int
    background_count: int


def terms_of(item: NormalizedText, *, bigrams: bool = True) -> list[str]:
    """Keyword candidates of one post: content unigrams, bigrams of them, hashtags."""
    stopwords = resources.stopwords_id()
    content = [
        token
        for token in item.tokens
        if token not in stopwords
        and len(token) > 2
        and not token.isdigit()
        and ("_" not in token or token.startswith(NEGATION + "_"))
    ]
    terms = list(content)
    if bigrams:
        terms.extend(f"{first} {second}" for first, second in pairwise(content))
    terms.extend(item.hashtags)
    return terms


def distinctive_terms(
    posts: Sequence[str | NormalizedText],
    background: Sequence[str | NormalizedText],
    *,
    top: int = 20,
    min_count: int = 2,
    bigrams: bool = True,
) -> list[Keyword]:
    """The ``top`` terms most over-represented in ``posts`` relative to ``background``."""
    target = _count(posts, bigrams)
    reference = _count(background, bigrams)
    vocabulary = [term for term, count in target.items() if count >= min_count]
    if not vocabulary:
        return []
    y_target = np.array([target[term] for term in vocabulary], dtype=np.float64)
    y_reference = np.array([reference.get(term, 0) for term in vocabulary], dtype=np.float64)
    pooled_total = sum(target.values()) + sum(reference.values())
    alpha = PRIOR_STRENGTH * (y_target + y_reference) / pooled_total
    alpha_total = PRIOR_STRENGTH
    n_target = float(sum(target.values()))
    n_reference = float(sum(reference.values()))
    log_odds_target = np.log(y_target + alpha) - np.log(n_target + alpha_total - y_target - alpha)
    log_odds_reference = np.log(y_reference + alpha) - np.log(
        n_reference + alpha_total - y_reference - alpha
    )
    variance = 1.0 / (y_target + alpha) + 1.0 / (y_reference + alpha)
    z = (log_odds_target - log_odds_reference) / np.sqrt(variance)
    order = np.argsort(-z, kind="stable")[:top]
    return [
        Keyword(vocabulary[i], round(float(z[i]), 3), int(y_target[i]), int(y_reference[i]))
        for i in order
    ]


def _count(posts: Iterable[str | NormalizedText], bigrams: bool) -> Counter[str]:
    counts: Counter[str] = Counter()
    for post in posts:
        item = post if isinstance(post, NormalizedText) else normalize(post)
        counts.update(terms_of(item, bigrams=bigrams))
    return counts
