"""Surges made of real posts: every real post that uses one ordinary word, squeezed into a short
window over a real background, for measuring detection without invented text.

This is what a real issue often looks like — *banjir*, *gempa*, *PHK*, a minister's name: many
people, varied wording, nothing in common but one word. The texts come from a real corpus
(the tweets and comments of ``../shared/data``); the only thing invented is *when* they were
posted and by which (distinct) accounts.

A corpus is split in two halves by a stable hash of each text (:func:`split_halves`): settings
are chosen on the ``dev`` half and scores are reported on the ``report`` half, so no setting is
tuned on the set it is reported on.

Surge words are content words that may make an issue on their own
(:func:`pantau.monitor.facts.lone_word_allowed`) whose number of posts in the corpus leaves
room for a surge of ``size`` posts plus a background of ``background`` posts that keep using
the word at their usual rate. Words are picked spread over that range of frequencies, so rare
and common ones are both measured. Surge posts are written by accounts named ``b<index>_<n>``,
like the invented bursts (:func:`pantau.monitor.bursts.burst_of_author`).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from datetime import datetime, timedelta

from pantau.monitor.bursts import HOUR, BurstPost, BurstTopic, InjectedBurst
from pantau.monitor.facts import keys_of, lone_word_allowed
from pantau.text.normalize import normalize


def split_halves(texts: Sequence[str]) -> dict[str, list[str]]:
    """``dev`` and ``report`` halves of a corpus, by a stable hash of each text (identical
    texts always fall in the same half)."""
    halves: dict[str, list[str]] = {"dev": [], "report": []}
    for text in texts:
        digest = hashlib.blake2b(text.encode("utf-8"), digest_size=2).digest()
        halves["report" if digest[0] & 1 else "dev"].append(text)
    return halves


def word_index(texts: Sequence[str]) -> dict[str, list[int]]:
    """Content word → indexes of the texts using it (each text once)."""
    index: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        for key in keys_of(normalize(text).text):
            if key.startswith("w:"):
                word = key[2:]
                if lone_word_allowed(word):
                    index.setdefault(word, []).append(i)
    return index


def pick_words(
    index: dict[str, list[int]],
    k: int,
    rnd: random.Random,
    *,
    size: tuple[int, int],
    background: tuple[int, int],
) -> list[str]:
    """``k`` words whose post counts lie in ``[size[0] + background[0], size[1] +
    background[1]]``, spread over that range (one from each of ``k`` equal slices of the words
    ordered by frequency)."""
    low, high = size[0] + background[0], size[1] + background[1]
    eligible = sorted((w for w, ids in index.items() if low <= len(ids) <= high),
                      key=lambda w: (len(index[w]), w))  # fmt: skip
    if len(eligible) < k:
        raise ValueError(f"only {len(eligible)} words used by {low}–{high} posts")
    picked = []
    for s in range(k):
        part = eligible[len(eligible) * s // k : len(eligible) * (s + 1) // k]
        picked.append(rnd.choice(part))
    return picked


def build_surges(
    texts: Sequence[str],
    start: datetime,
    end: datetime,
    k: int = 6,
    *,
    seed: int = 7,
    window_hours: int = 3,
    size: tuple[int, int] = (60, 96),
    background: tuple[int, int] = (5, 50),
    earliest: timedelta = timedelta(hours=24),
) -> tuple[list[str], list[InjectedBurst]]:
    """Pick ``k`` surge words and squeeze posts using each into a ``window_hours`` window
    (one window per equal slice of the period after ``earliest``, at a seeded hour). Returns
    the background texts (every text not moved into a surge) and the surges, whose posts keep
    their real text. A text using two surge words goes to the first surge only."""
    rnd = random.Random(seed)
    index = word_index(texts)
    words = pick_words(index, k, rnd, size=size, background=background)
    first = start.replace(minute=0, second=0, microsecond=0) + earliest
    last = end.replace(minute=0, second=0, microsecond=0) - window_hours * HOUR
    span = int((last - first) / HOUR)
    if span < k:
        raise ValueError("period too short for the surges")
    moved: set[int] = set()
    surges = []
    for n, word in enumerate(words):
        using = [i for i in index[word] if i not in moved]
        count = min(rnd.randint(*size), max(0, len(using) - background[0]))
        chosen = sorted(rnd.sample(using, count))
        moved.update(chosen)
        lo = first + (span * n // k) * HOUR
        surge_start = lo + rnd.randrange(max(1, span // k - window_hours)) * HOUR
        times = sorted(
            surge_start + timedelta(seconds=rnd.randrange(window_hours * 3600)) for _ in chosen
        )
        hourly = [0] * window_hours
        for when in times:
            hourly[int((when - surge_start) / HOUR)] += 1
        topic = BurstTopic(word, "", (word,), (), ())
        surge = InjectedBurst(n, topic, surge_start, hourly)
        order = list(chosen)
        rnd.shuffle(order)
        for m, (i, when) in enumerate(zip(order, times, strict=True), 1):
            followers = int(rnd.paretovariate(1.2) * 40)
            surge.posts.append(BurstPost(f"surge-{n}-{m}", when, f"b{n}_{m}", texts[i], followers))
        surges.append(surge)
    rest = [t for i, t in enumerate(texts) if i not in moved]
    return rest, surges
