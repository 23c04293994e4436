"""Loaders for the word lists and dictionaries shipped in ``pantau/text/data``.

Every table is a small UTF-8 text file (``#`` starts a comment line) read once and cached.
The header of each file says where its content comes from.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from functools import cache
from importlib import resources


def data_lines(name: str) -> Iterator[str]:
    """Non-empty, non-comment lines of a data file, stripped of the line end."""
    text = resources.files("pantau.text").joinpath("data", name).read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.rstrip("\r\n")


def data_rows(name: str) -> Iterator[list[str]]:
    """Tab-separated rows of a data file."""
    for line in data_lines(name):
        yield line.split("\t")


@cache
def slang_table() -> dict[str, str]:
    """Informal word -> formal word(s): indoNLP's table overlaid with the project's corrections.

    A project row whose replacement is ``-`` removes a wrong indoNLP entry (for example English
    words such as "in" or "so" that indoNLP maps to Indonesian words).
    """
    table = {key: value for key, value in data_rows("slang_indonlp.tsv")}
    for name in ("slang_pantau.tsv", "regional_words.tsv"):
        for key, value in data_rows(name):
            if value == "-":
                table.pop(key, None)
            else:
                table[key] = value
    return table


@cache
def emoji_names() -> dict[str, str]:
    """Emoji (without variation selector or skin tone) -> Indonesian name with underscores."""
    return {key: value for key, value in data_rows("emoji_id.tsv")}


@cache
def stopwords_id() -> frozenset[str]:
    """Indonesian function words and fillers (project-written)."""
    return frozenset(data_lines("stopwords_id.txt"))


@cache
def chatter_words() -> frozenset[str]:
    """Words of everyday talk that never make an issue on their own (project-written)."""
    return frozenset(word for line in data_lines("chatter_id.txt") for word in line.split())


@cache
def english_words() -> frozenset[str]:
    """Frequent English function words and common social-media English (project-written)."""
    return frozenset(data_lines("english_words.txt"))


@cache
def word_counts() -> dict[str, int]:
    """Indonesian word frequencies used for hashtag segmentation and elongation repair."""
    counts: dict[str, int] = {}
    for word, count in data_rows("word_freq.tsv"):
        counts[word] = int(count)
    for value in slang_table().values():
        for word in value.replace("-", " ").split():
            counts.setdefault(word, 2)
    for word in stopwords_id():
        counts.setdefault(word, 5)
    return counts


@cache
def root_words() -> frozenset[str]:
    """Indonesian root words from PySastrawi's stemming dictionary (MIT)."""
    text = resources.files("Sastrawi.Stemmer").joinpath("data", "kata-dasar.txt").read_text("utf-8")
    return frozenset(word for word in text.split() if word.isalpha())


@cache
def known_words() -> frozenset[str]:
    """Every word the normaliser accepts as correctly spelled."""
    return frozenset(word_counts()) | root_words()


@cache
def institutions() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(canonical name, short name, aliases) of the institutions in ``institutions.tsv``."""
    return tuple(
        (name, short, tuple(alias for alias in aliases.split("|") if alias))
        for name, short, aliases in data_rows("institutions.tsv")
    )


@cache
def word_costs() -> dict[str, float]:
    """Segmentation cost of each known word: a constant per word, lower for frequent words.

    The constant (20) exceeds any log count, so one known word always beats two.
    """
    counts = word_counts()
    return {word: 20.0 - math.log1p(counts.get(word, 0)) for word in known_words()}
