"""Near-duplicate collapsing: a copy-paste campaign is one message with N copies.

Two passes over the normalised texts of a set of posts:

1. exact: texts equal after dropping hashtags, mentions, URLs, emoji names and punctuation
   (and a leading ``rt``) share a message;
2. near: MinHash signatures of word 3-shingles (``NUM_PERM`` hash functions) banded for LSH
   (``BANDS`` bands); texts falling into the same bucket are joined when their real shingle
   Jaccard similarity is at least ``THRESHOLD`` (one changed word in a 20-word post keeps
   about 0.7).

``message_groups`` returns one group index per text; the first text of a group stands for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from zlib import crc32

import numpy as np

NUM_PERM = 48
BANDS = 16
THRESHOLD = 0.5
SHINGLE = 3
_SEEDS = np.random.default_rng(20261116).integers(1, 1 << 63, size=NUM_PERM, dtype=np.uint64)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


def content_words(normalized_text: str) -> list[str]:
    words = [w for w in normalized_text.split() if w.isalnum() or "-" in w]
    if words and words[0] == "rt":
        words = words[1:]
    return words


def _shingles(words: list[str]) -> frozenset[int]:
    if len(words) < SHINGLE:
        return frozenset({crc32(" ".join(words).encode())}) if words else frozenset()
    return frozenset(
        crc32(" ".join(words[i : i + SHINGLE]).encode()) for i in range(len(words) - SHINGLE + 1)
    )


def _minhash(shingles: frozenset[int]) -> np.ndarray:
    """One minimum per hash function; the functions are a splitmix64 finaliser over the
    shingle hash xor a per-function seed (wrapping uint64 arithmetic)."""
    x = np.fromiter(shingles, dtype=np.uint64, count=len(shingles))
    z = _SEEDS[:, None] ^ x[None, :]
    z = (z ^ (z >> np.uint64(30))) * _MIX1
    z = (z ^ (z >> np.uint64(27))) * _MIX2
    z ^= z >> np.uint64(31)
    return z.min(axis=1)


class _Groups:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def message_groups(texts: Sequence[str]) -> list[int]:
    """Group index of every text (texts of one message share it; indexes are the position of
    the group's first text)."""
    groups = _Groups(len(texts))
    exact: dict[str, int] = {}
    same_text: dict[str, int] = {}  # identical texts (copies, reposts) are split only once
    words_of: list[list[str]] = []
    for i, text in enumerate(texts):
        first = same_text.setdefault(text, i)
        if first != i:
            words_of.append(words_of[first])
            groups.union(first, i)
            continue
        words = content_words(text)
        words_of.append(words)
        key = " ".join(words)
        if key in exact:
            groups.union(exact[key], i)
        else:
            exact[key] = i
    representatives = sorted(exact.values())
    shingles = {i: _shingles(words_of[i]) for i in representatives}
    rows = NUM_PERM // BANDS
    buckets: dict[tuple[int, bytes], int] = {}
    for i in representatives:
        if len(shingles[i]) < 2:
            continue
        signature = _minhash(shingles[i])
        for band in range(BANDS):
            bucket = (band, signature[band * rows : (band + 1) * rows].tobytes())
            first = buckets.setdefault(bucket, i)
            if first != i and groups.find(first) != groups.find(i):
                a, b = shingles[first], shingles[i]
                if len(a & b) >= THRESHOLD * len(a | b):
                    groups.union(first, i)
    return [groups.find(i) for i in range(len(texts))]


@dataclass(frozen=True, slots=True)
class Messages:
    """Unique messages among posts: ``copies[g]`` posts share message ``g``."""

    group_of: list[int]
    copies: dict[int, int]

    @property
    def unique(self) -> int:
        return len(self.copies)

    @property
    def largest(self) -> int:
        return max(self.copies.values(), default=0)


def collapse(texts: Sequence[str]) -> Messages:
    group_of = message_groups(texts)
    copies: dict[int, int] = {}
    for g in group_of:
        copies[g] = copies.get(g, 0) + 1
    return Messages(group_of, copies)
