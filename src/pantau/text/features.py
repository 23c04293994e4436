"""Hashed n-gram features of normalised texts, computed for a whole batch at once with numpy.

Every n-gram is a byte substring of the batch buffer, so its hash comes from a prefix-hash array
in O(1) without a Python loop per post or per n-gram: character 2..5-grams inside words (padded
with the surrounding spaces, like scikit-learn's ``char_wb``) and word uni/bi-grams. The hash is
fixed arithmetic (no Python ``hash``), so saved models stay valid across processes and machines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

_P = np.uint64(0x100000001B3)  # odd multiplier of the polynomial hash
_P_INVERSE = np.uint64(pow(0x100000001B3, -1, 2**64))
_MIX = np.uint64(0x9E3779B97F4A7C15)
_UNIGRAM_SALT = np.uint64(0x5BD1E9955BD1E995)
_BIGRAM_SALT = np.uint64(0x27D4EB2F165667C5)
_SPACE = 32
Entries = tuple[np.ndarray, np.ndarray]
_CHUNK = 128
_NEWLINE = 10


@dataclass(frozen=True, slots=True)
class HashedNgrams:
    """Configuration of the two feature blocks: character n-grams and word n-grams."""

    char_bits: int = 20
    word_bits: int = 19
    char_min: int = 2
    char_max: int = 5
    word_bigrams: bool = True

    @property
    def n_char(self) -> int:
        return 1 << self.char_bits

    @property
    def n_word(self) -> int:
        return 1 << self.word_bits

    def counts(self, texts: Sequence[str]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
        """Matrices (posts x buckets) of the character block and of the word block.

        A repeated n-gram appears as repeated entries of the same column (summed by any
        product with the matrix); call ``sum_duplicates()`` where canonical form is needed.
        """
        char_parts: list[tuple[np.ndarray, np.ndarray]] = []
        word_parts: list[tuple[np.ndarray, np.ndarray]] = []
        for offset in range(0, len(texts), _CHUNK):
            char_part, word_part = self._chunk_entries(texts[offset : offset + _CHUNK])
            char_parts.append(char_part)
            word_parts.append(word_part)
        return (
            _csr(char_parts, len(texts), self.n_char),
            _csr(word_parts, len(texts), self.n_word),
        )

    def _chunk_entries(self, texts: Sequence[str]) -> tuple[Entries, Entries]:
        """(entries per post, buckets in post order) of both blocks for one chunk of posts."""
        joined = " \n ".join(text.replace("\n", " ") for text in texts)
        buf = np.frombuffer((" " + joined + " ").encode("utf-8", "replace"), dtype=np.uint8)
        prefix, p_powers = _prefix_hashes(buf)
        is_newline = buf == _NEWLINE
        is_gap = is_newline | (buf == _SPACE)
        gaps = np.zeros(buf.size + 1, dtype=np.int32)
        np.cumsum(is_gap, out=gaps[1:])
        doc_of = np.cumsum(is_newline, dtype=np.int32)
        return (
            self._char_entries(prefix, p_powers, gaps, is_gap, doc_of, len(texts)),
            self._word_entries(prefix, p_powers, is_gap, doc_of, len(texts)),
        )

    def _char_entries(
        self,
        prefix: np.ndarray,
        p_powers: np.ndarray,
        gaps: np.ndarray,
        is_gap: np.ndarray,
        doc_of: np.ndarray,
        n_docs: int,
    ) -> Entries:
        """n-grams with no space or post break inside; only 2-grams can be all spaces."""
        size = is_gap.size
        lengths = range(self.char_min, self.char_max + 1)
        hashes = np.zeros((len(lengths), size), dtype=np.uint64)
        valid = np.zeros((len(lengths), size), dtype=bool)
        for row, n in enumerate(lengths):
            count = size - n + 1
            if count <= 0:
                break
            ok = valid[row, :count]
            np.equal(gaps[n - 1 : n - 1 + count], gaps[1 : 1 + count], out=ok)
            if n <= 2:
                ok &= ~(is_gap[:count] & is_gap[n - 1 : n - 1 + count])
            target = hashes[row, :count]
            np.subtract(prefix[n : n + count], prefix[:count], out=target)
            target *= p_powers[n - 1 : n - 1 + count]
        # Position-major order of the (length, position) grid keeps entries sorted by post.
        per_post = np.bincount(doc_of, weights=valid.sum(axis=0), minlength=n_docs)
        buckets = _bucket(hashes.T.ravel()[valid.T.ravel()], self.char_bits)
        return per_post.astype(np.int64), buckets

    def _word_entries(
        self,
        prefix: np.ndarray,
        p_powers: np.ndarray,
        is_gap: np.ndarray,
        doc_of: np.ndarray,
        n_docs: int,
    ) -> Entries:
        in_word = ~is_gap
        starts = np.flatnonzero(~in_word[:-1] & in_word[1:]) + 1
        ends = np.flatnonzero(in_word[:-1] & ~in_word[1:]) + 1
        docs = doc_of[starts]
        unigrams = _substring_hash(prefix, p_powers, starts, ends) ^ _UNIGRAM_SALT
        per_post = np.bincount(docs, minlength=n_docs)
        if not self.word_bigrams or starts.size < 2:
            return per_post, _bucket(unigrams, self.word_bits)
        hashes = np.zeros((starts.size, 2), dtype=np.uint64)
        valid = np.zeros((starts.size, 2), dtype=bool)
        hashes[:, 0] = unigrams
        valid[:, 0] = True
        hashes[:-1, 1] = _substring_hash(prefix, p_powers, starts[:-1], ends[1:]) ^ _BIGRAM_SALT
        valid[:-1, 1] = docs[:-1] == docs[1:]
        per_post += np.bincount(docs[:-1][valid[:-1, 1]], minlength=n_docs)
        return per_post, _bucket(hashes.ravel()[valid.ravel()], self.word_bits)


def _prefix_hashes(buf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """G[k] = sum_{t<k} b[t] * P^-t and P^k, both modulo 2^64 (numpy wraps uint64)."""
    q_powers, p_powers = _powers(buf.size + 1)
    prefix = np.zeros(buf.size + 1, dtype=np.uint64)
    np.cumsum(buf * q_powers[: buf.size], out=prefix[1:])
    return prefix, p_powers


_POWERS: list[np.ndarray] = []


def _powers(size: int) -> tuple[np.ndarray, np.ndarray]:
    """P^-k and P^k for k < size, cached and grown on demand."""
    if not _POWERS or _POWERS[0].size < size:
        size = max(size, 1 << 16)
        q_powers = np.empty(size, dtype=np.uint64)
        q_powers[0] = 1
        q_powers[1:] = _P_INVERSE
        np.multiply.accumulate(q_powers, out=q_powers)
        p_powers = np.empty(size, dtype=np.uint64)
        p_powers[0] = 1
        p_powers[1:] = _P
        np.multiply.accumulate(p_powers, out=p_powers)
        _POWERS[:] = [q_powers, p_powers]
    return _POWERS[0], _POWERS[1]


def _substring_hash(
    prefix: np.ndarray, p_powers: np.ndarray, start: np.ndarray, end: np.ndarray
) -> np.ndarray:
    """Polynomial hash of buf[start:end], the same wherever the substring occurs."""
    return (prefix[end] - prefix[start]) * p_powers[end - 1]


def _bucket(hashes: np.ndarray, bits: int) -> np.ndarray:
    """Multiplicative hashing: the top ``bits`` bits of hash * odd constant (in place)."""
    hashes *= _MIX
    hashes >>= np.uint64(64 - bits)
    return hashes.astype(np.int32)


def _csr(parts: list[Entries], n_docs: int, n_cols: int) -> sp.csr_matrix:
    """CSR matrix of ones from (entries per row, columns in row order) of consecutive chunks."""
    indptr = np.zeros(n_docs + 1, dtype=np.int64)
    cols = np.empty(0, dtype=np.int32)
    if parts:
        np.cumsum(np.concatenate([part[0] for part in parts]), out=indptr[1:])
        cols = np.concatenate([part[1] for part in parts])
    if indptr[-1] < 2**31:
        indptr = indptr.astype(np.int32)
    data = np.ones(cols.size, dtype=np.float32)
    return sp.csr_matrix((data, cols, indptr), shape=(n_docs, n_cols))
