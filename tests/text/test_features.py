"""Hashed n-gram features: deterministic, per post, position independent."""

from __future__ import annotations

from itertools import pairwise

import numpy as np

from pantau.text.features import HashedNgrams


def test_same_ngrams_get_same_buckets_wherever_they_occur() -> None:
    chars, words = HashedNgrams().counts(["bagus sekali", "sekali bagus", "bagus"])
    assert set(chars[2].indices) <= set(chars[0].indices)
    assert set(chars[0].indices) == set(chars[1].indices)  # same words, other order
    assert set(words[2].indices) <= set(words[0].indices)
    assert len(set(words[0].indices)) == 3  # two unigrams and one bigram


def test_posts_do_not_leak_into_each_other() -> None:
    features = HashedNgrams()
    together, _ = features.counts(["jalan rusak", "parah sekali"])
    alone, _ = features.counts(["jalan rusak"])
    assert sorted(together[0].indices) == sorted(alone[0].indices)


def test_buckets_are_stable_values() -> None:
    # fixed arithmetic hashing: a saved model stays valid in another process
    _, words = HashedNgrams().counts(["bagus"])
    assert words.indices.tolist() == [411934]


def reference_buckets(text: str, features: HashedNgrams) -> tuple[set[int], set[int]]:
    """Plain-Python statement of the feature definition, to check the vectorised code."""
    mask = 2**64 - 1

    def polynomial(data: bytes) -> int:
        value = 0
        for byte in data:
            value = (value * 0x100000001B3 + byte) & mask
        return value

    def bucket(value: int, bits: int) -> int:
        return ((value * 0x9E3779B97F4A7C15) & mask) >> (64 - bits)

    words = [word.encode() for word in text.split()]
    chars = set()
    for word in words:
        padded = b" " + word + b" "
        for n in range(features.char_min, features.char_max + 1):
            for start in range(len(padded) - n + 1):
                chars.add(bucket(polynomial(padded[start : start + n]), features.char_bits))
    word_buckets = {bucket(polynomial(w) ^ 0x5BD1E9955BD1E995, features.word_bits) for w in words}
    for first, second in pairwise(words):
        pair = polynomial(first + b" " + second) ^ 0x27D4EB2F165667C5
        word_buckets.add(bucket(pair, features.word_bits))
    return chars, word_buckets


def test_vectorised_features_match_the_plain_definition() -> None:
    features = HashedNgrams()
    texts = ["pelayanan tidak_bagus sekali", "a", "jalan rusak parah ?", "ok"]
    chars, words = features.counts(texts)
    for row, text in enumerate(texts):
        expected_chars, expected_words = reference_buckets(text, features)
        assert set(chars[row].indices) == expected_chars
        assert set(words[row].indices) == expected_words


def test_empty_batches_and_posts() -> None:
    features = HashedNgrams()
    chars, words = features.counts([])
    assert chars.shape == (0, features.n_char)
    chars, words = features.counts(["", "a", ""])
    assert chars.shape[0] == 3
    assert np.diff(words.indptr).tolist() == [0, 1, 0]


def test_chunks_give_the_same_result_as_one_batch() -> None:
    texts = [f"kata{i} lain{i % 7}" for i in range(700)]
    chars, _ = HashedNgrams().counts(texts)
    single, _ = HashedNgrams().counts(texts[600:601])
    assert sorted(chars[600].indices) == sorted(single[0].indices)
